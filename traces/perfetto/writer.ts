// Streaming Perfetto trace writer: a track tree chip -> tile -> PE -> component, slices with
// layer/image annotations, counters (cumulative energy, occupancy, link load) and NoC flows.
//
// Timestamp rule (the only one, used everywhere in traces/): the kernel's integer picoseconds are
// written unchanged as the trace's nanoseconds, i.e. 1 trace-ns = 1 simulated ps. Nothing is
// rounded, so no slice collapses to zero length; every time shown by Perfetto is 1000x the real
// one, which the root track's name and description state in each file.
import TinyQueue from 'tinyqueue';
import { PacketFile, DEFAULT_FLUSH_BYTES } from './packetFile.js';
import {
  CHILD_ORDERING_EXPLICIT,
  loadTraceSchema,
  SEQ_INCREMENTAL_STATE_CLEARED,
  SEQ_NEEDS_INCREMENTAL_STATE,
  TYPE_COUNTER,
  TYPE_SLICE_BEGIN,
  TYPE_SLICE_END,
  type TraceSchema,
} from './schema.js';
import { levelRank, type TraceLevel, type TraceWindowNs } from './options.js';
import { energyCategory, roleDescription, TIME_SCALE_NOTE, type EnergyFamily, type TrackRole } from './tracks.js';

/** Opaque handle of a track made by the writer. */
export type TrackHandle = number & { readonly __track: unique symbol };
/** Opaque handle of one open slice (one activity), returned by begin(). */
export type SliceHandle = number & { readonly __slice: unique symbol };

export type TraceArgValue = string | number | boolean;
export type TraceArgs = Readonly<Record<string, TraceArgValue>>;

export interface FlowOptions {
  /** Flow ids this slice starts or passes through (e.g. a NoC packet leaving a router). */
  readonly flowIds?: readonly number[];
  /** Flow ids this slice ends (the packet arrived). */
  readonly terminatingFlowIds?: readonly number[];
}

export interface PerfettoWriterOptions {
  /** Coarsest to finest: layer | tile | component (default). Finer tracks are not written. */
  readonly level?: TraceLevel;
  /** Only activity inside [startNs, endNs] of simulated time is written; slices are clipped. */
  readonly window?: TraceWindowNs | null;
  /** Buffered bytes before a write to disk. */
  readonly flushBytes?: number;
  /** Shown in the root track's name, e.g. "vgg8 on isaac-32nm". */
  readonly title?: string;
}

export interface TraceWriteStats {
  readonly path: string;
  readonly packets: number;
  readonly bytes: number;
  readonly tracks: number;
}

interface TrackNode {
  readonly uuid: number;
  readonly parent: TrackNode | null;
  readonly name: string;
  readonly role: TrackRole;
  readonly kind: string | undefined;
  readonly enabled: boolean;
  readonly rank: number;
  readonly counter: { readonly unitName: string; readonly category?: string } | null;
  children: number;
  emitted: boolean;
  /** Slice tracks: the concurrent slots (slot 0 is this track itself). */
  slots: Slot[] | null;
  /** Counter tracks: last value seen (written or not), and whether any value was written. */
  lastValue: number | null;
  wroteValue: boolean;
}

interface Slot {
  readonly node: TrackNode;
  open: OpenSlice | null;
}

interface OpenSlice {
  readonly id: number;
  readonly slot: Slot;
  readonly name: string;
  readonly args: TraceArgs | undefined;
  readonly flow: FlowOptions | undefined;
  readonly beginPs: number;
  written: boolean;
}

/** A slice that begins later than the writer's time (a reserved resource starts in the future). */
interface PendingBegin {
  readonly node: TrackNode;
  readonly name: string;
  readonly args: TraceArgs | undefined;
  readonly flow: FlowOptions | undefined;
  /** Known duration (slice()), so the END is scheduled when the BEGIN is written; null for begin(). */
  readonly durationPs: number | null;
}

/** An END (or a BEGIN) due at `atPs`; ENDs go first at equal times so slots are reused and slices nest. */
interface Scheduled {
  readonly atPs: number;
  readonly order: 0 | 1;
  readonly seq: number;
  readonly slice: number;
  readonly begin: PendingBegin | null;
}

type Phase = 'before' | 'inside';

const SEQUENCE_ID = 1;

export class PerfettoTraceWriter {
  private readonly schema: TraceSchema;
  private readonly file: PacketFile;
  private readonly level: TraceLevel;
  private readonly windowStartPs: number;
  private readonly windowEndPs: number;
  private readonly nodes: TrackNode[] = [];
  private readonly byKey = new Map<string, TrackNode>();
  private readonly eventNames = new Map<string, number>();
  private readonly annotationNames = new Map<string, number>();
  private readonly open = new Map<number, OpenSlice>();
  private readonly scheduled = new TinyQueue<Scheduled>([], (a, b) => a.atPs - b.atPs || a.order - b.order || a.seq - b.seq);
  /** Slices begun with a time after the writer's: their BEGIN waits in `scheduled`. */
  private readonly pendingBegins = new Set<number>();
  private readonly cumulativePj = new Map<TrackNode, number>();
  private phase: Phase;
  private nowPs = 0;
  private nextSlice = 1;
  private nextSeq = 0;
  private nextFlow = 1;
  private firstPacket = true;
  private closed = false;
  private stats: TraceWriteStats | null = null;

  /** The chip: root of the tree. */
  readonly chip: TrackHandle;

  constructor(
    readonly path: string,
    options: PerfettoWriterOptions = {},
  ) {
    this.schema = loadTraceSchema();
    this.level = options.level ?? 'component';
    const window = options.window ?? null;
    this.windowStartPs = window === null ? 0 : Math.round(window.startNs * 1000);
    this.windowEndPs = window === null || !Number.isFinite(window.endNs) ? Number.POSITIVE_INFINITY : Math.round(window.endNs * 1000);
    this.phase = this.windowStartPs === 0 ? 'inside' : 'before';
    this.file = new PacketFile(path, options.flushBytes ?? DEFAULT_FLUSH_BYTES);
    const title = options.title === undefined ? 'ohmflow chip' : `ohmflow chip: ${options.title}`;
    const windowText = window === null ? 'all' : `${window.startNs}:${Number.isFinite(window.endNs) ? window.endNs : ''} ns`;
    const description = `${roleDescription('chip')}; ${TIME_SCALE_NOTE}; level=${this.level}; window=${windowText}`;
    const root = this.makeNode(null, `${title} [${TIME_SCALE_NOTE}]`, 'chip', 'layer', undefined, null);
    this.chip = this.handleOf(root);
    this.emitDescriptor(root, description);
  }

  static open(path: string, options: PerfettoWriterOptions = {}): PerfettoTraceWriter {
    return new PerfettoTraceWriter(path, options);
  }

  // ---- tracks -------------------------------------------------------------------------------

  /** The track of one network layer (under "layers"): its slices are the layer's activity. */
  layerTrack(layerName: string): TrackHandle {
    const group = this.group(this.chipNode(), 'layers', 'layer');
    return this.handleOf(this.child(group, layerName, 'layer', 'layer', undefined, null));
  }

  /** The track of tile `index`: its own slices are tile-level activity; PEs and units nest inside. */
  tileTrack(index: number): TrackHandle {
    return this.handleOf(this.child(this.chipNode(), `tile ${index}`, 'tile', 'tile', undefined, null));
  }

  /** A processing element of a tile (a group of components, written at level component). */
  peTrack(tile: TrackHandle, index: number): TrackHandle {
    return this.handleOf(this.child(this.node(tile), `pe ${index}`, 'pe', 'component', undefined, null));
  }

  /**
   * A component instance (crossbar, ADC group, buffer, router, digital unit) under a PE, a tile or
   * the chip; `kind` groups instances in summaries and matches breakdown.energyPj's keys.
   */
  componentTrack(parent: TrackHandle, name: string, kind: string): TrackHandle {
    return this.handleOf(this.child(this.node(parent), name, 'component', 'component', kind, null));
  }

  /** A plain grouping of tracks (e.g. "noc") under `parent`, written at level component. */
  groupTrack(parent: TrackHandle, name: string): TrackHandle {
    return this.handleOf(this.group(this.node(parent), name, 'component'));
  }

  /** A counter (buffer occupancy, NoC link load...), shown under `parent`; `unitName` e.g. "B". */
  counterTrack(parent: TrackHandle, name: string, unitName: string, level: TraceLevel = 'component'): TrackHandle {
    return this.handleOf(this.child(this.node(parent), name, 'counter', level, undefined, { unitName }));
  }

  /** A fresh id for a flow (e.g. one NoC packet) to pass to begin()/slice(). */
  newFlowId(): number {
    return this.nextFlow++;
  }

  // ---- events -------------------------------------------------------------------------------

  /**
   * Starts an activity on a slice track. Overlapping activities on one track go to extra
   * "slot" tracks under it, since slices on one Perfetto track must nest.
   */
  begin(track: TrackHandle, name: string, timePs: number, args?: TraceArgs, flow?: FlowOptions): SliceHandle {
    return this.beginAt(track, name, timePs, args, flow, null, false);
  }

  end(slice: SliceHandle, timePs: number): void {
    this.advance(timePs);
    if (this.pendingBegins.has(slice)) throw new Error(`trace slice ${slice} ends at ${timePs} ps, before it begins`);
    this.finish(slice, timePs);
  }

  /** An activity whose duration is known when it starts; its END is written when time gets there. */
  slice(track: TrackHandle, name: string, startPs: number, durationPs: number, args?: TraceArgs, flow?: FlowOptions): void {
    if (!(durationPs >= 0)) throw new Error(`trace slice "${name}" has a negative duration: ${durationPs} ps`);
    this.beginAt(track, name, startPs, args, flow, durationPs, false);
  }

  /**
   * At `nowPs`, an activity is booked for [startPs, startPs + durationPs] with startPs >= nowPs (a
   * shared resource reserved now and used later): time moves to `nowPs` only, and the BEGIN waits
   * until time reaches startPs, so the file stays in time order. Memory holds the bookings still
   * ahead, as few as the resources reserved in advance.
   */
  bookSlice(track: TrackHandle, name: string, nowPs: number, startPs: number, durationPs: number, args?: TraceArgs, flow?: FlowOptions): void {
    if (!(durationPs >= 0)) throw new Error(`trace slice "${name}" has a negative duration: ${durationPs} ps`);
    if (!(startPs >= nowPs)) throw new Error(`trace slice "${name}" is booked at ${nowPs} ps to start earlier, at ${startPs} ps`);
    this.advance(nowPs);
    this.beginAt(track, name, startPs, args, flow, durationPs, true);
  }

  counter(track: TrackHandle, value: number, timePs: number): void {
    const node = this.node(track);
    if (node.counter === null) throw new Error(`trace track "${node.name}" is not a counter track`);
    this.advance(timePs);
    this.setCounter(node, value, timePs);
  }

  /**
   * Adds energy spent at `timePs` to the cumulative counters of its component kind, its layer
   * (when given) and its tile (or "chip-level" when none): three views of the same total.
   */
  addEnergy(energyPj: number, timePs: number, where: { kind: string; tile?: TrackHandle; layer?: string }): void {
    if (!Number.isFinite(energyPj) || energyPj < 0) throw new Error(`trace energy must be a finite non-negative pJ value: got ${energyPj}`);
    this.advance(timePs);
    this.accumulate(this.energyTrack('kind', where.kind, this.chipNode()), energyPj, timePs);
    if (where.layer !== undefined) this.accumulate(this.energyTrack('layer', where.layer, this.chipNode()), energyPj, timePs);
    const tile = where.tile === undefined ? null : this.node(where.tile);
    this.accumulate(this.energyTrack('tile', tile === null ? 'chip-level' : tile.name, tile ?? this.chipNode()), energyPj, timePs);
  }

  /**
   * Energy spent up to `timePs`, summed three ways: by component kind, by layer (energy of no
   * layer, e.g. leakage, is left out) and by tile (null = chip-level). One counter value per entry,
   * so a caller that sums many activities first writes far fewer values than addEnergy would.
   */
  addEnergySums(
    sums: {
      readonly byKind: Iterable<readonly [string, number]>;
      readonly byLayer: Iterable<readonly [string, number]>;
      readonly byTile: Iterable<readonly [TrackHandle | null, number]>;
    },
    timePs: number,
  ): void {
    this.advance(timePs);
    const check = (energyPj: number): number => {
      if (!Number.isFinite(energyPj) || energyPj < 0) throw new Error(`trace energy must be a finite non-negative pJ value: got ${energyPj}`);
      return energyPj;
    };
    for (const [kind, energyPj] of sums.byKind) this.accumulate(this.energyTrack('kind', kind, this.chipNode()), check(energyPj), timePs);
    for (const [layer, energyPj] of sums.byLayer) this.accumulate(this.energyTrack('layer', layer, this.chipNode()), check(energyPj), timePs);
    for (const [handle, energyPj] of sums.byTile) {
      const tile = handle === null ? null : this.node(handle);
      this.accumulate(this.energyTrack('tile', tile === null ? 'chip-level' : tile.name, tile ?? this.chipNode()), check(energyPj), timePs);
    }
  }

  /** Bytes encoded but not yet on disk (bounded by the flush size plus one packet). */
  get bufferedBytes(): number {
    return this.file.bufferedBytesNow;
  }

  /** The file the packets stream into until close() renames it to the trace's path. */
  get partialPath(): string {
    return this.file.partialPath;
  }

  // ---- end of file --------------------------------------------------------------------------

  /** Ends pending and still-open slices (at the last time seen), flushes and closes the file. */
  close(): TraceWriteStats {
    if (this.stats !== null) return this.stats;
    this.drainScheduled(Number.POSITIVE_INFINITY);
    for (const slice of [...this.open.values()]) this.finish(slice.id as SliceHandle, this.nowPs);
    this.file.close();
    this.closed = true;
    this.stats = {
      path: this.path,
      packets: this.file.packetsWritten,
      bytes: this.file.bytesWritten,
      tracks: this.nodes.filter((node) => node.emitted).length,
    };
    return this.stats;
  }

  /** Deletes the partial file: for a run that failed, so no truncated trace is left behind. */
  abort(): void {
    this.closed = true;
    this.file.abort();
  }

  // ---- internals ----------------------------------------------------------------------------

  private beginAt(
    track: TrackHandle,
    name: string,
    timePs: number,
    args: TraceArgs | undefined,
    flow: FlowOptions | undefined,
    durationPs: number | null,
    ahead: boolean,
  ): SliceHandle {
    const node = this.node(track);
    if (node.counter !== null) throw new Error(`trace track "${node.name}" is a counter; begin() needs a slice track`);
    const id = this.nextSlice++;
    if (ahead && timePs > this.nowPs) {
      // Later than any event written so far: wait in the queue (validated like advance() would).
      this.checkTime(timePs);
      if (!node.enabled || timePs >= this.windowEndPs) return id as SliceHandle;
      this.pendingBegins.add(id);
      this.scheduled.push({ atPs: timePs, order: 1, seq: this.nextSeq++, slice: id, begin: { node, name, args, flow, durationPs } });
      return id as SliceHandle;
    }
    this.advance(timePs);
    this.openSlice(id, node, name, timePs, args, flow, durationPs);
    return id as SliceHandle;
  }

  private openSlice(
    id: number,
    node: TrackNode,
    name: string,
    timePs: number,
    args: TraceArgs | undefined,
    flow: FlowOptions | undefined,
    durationPs: number | null,
  ): void {
    if (!node.enabled || timePs >= this.windowEndPs) return;
    const slot = this.freeSlot(node);
    const slice: OpenSlice = { id, slot, name, args, flow, beginPs: timePs, written: false };
    slot.open = slice;
    this.open.set(id, slice);
    if (this.phase === 'inside') this.writeBegin(slice, timePs);
    if (durationPs !== null) this.scheduled.push({ atPs: timePs + durationPs, order: 0, seq: this.nextSeq++, slice: id, begin: null });
  }

  private handleOf(node: TrackNode): TrackHandle {
    return (node.uuid - 1) as TrackHandle;
  }

  private node(handle: TrackHandle): TrackNode {
    const node = this.nodes[handle];
    if (node === undefined) throw new Error(`unknown trace track handle ${String(handle)}`);
    return node;
  }

  private chipNode(): TrackNode {
    return this.nodes[0];
  }

  private makeNode(
    parent: TrackNode | null,
    name: string,
    role: TrackRole,
    level: TraceLevel,
    kind: string | undefined,
    counter: TrackNode['counter'],
  ): TrackNode {
    const enabled = levelRank(level) <= levelRank(this.level) && (parent === null || parent.enabled);
    const node: TrackNode = {
      uuid: this.nodes.length + 1,
      parent,
      name,
      role,
      kind,
      enabled,
      rank: parent === null ? 0 : parent.children++,
      counter,
      children: 0,
      emitted: false,
      slots: null,
      lastValue: null,
      wroteValue: false,
    };
    if (counter === null && role !== 'group' && role !== 'chip') node.slots = [{ node, open: null }];
    this.nodes.push(node);
    return node;
  }

  /** The child of `parent` named `name`, made on first request; its role must not change. */
  private child(
    parent: TrackNode,
    name: string,
    role: TrackRole,
    level: TraceLevel,
    kind: string | undefined,
    counter: TrackNode['counter'],
  ): TrackNode {
    if (this.closed) throw new Error(`trace file ${this.path} is closed`);
    const key = `${parent.uuid}/${name}`;
    const existing = this.byKey.get(key);
    if (existing !== undefined) {
      if (existing.role !== role || existing.kind !== kind) {
        throw new Error(`trace track "${name}" under "${parent.name}" already exists as a ${existing.role}`);
      }
      return existing;
    }
    const node = this.makeNode(parent, name, role, level, kind, counter);
    this.byKey.set(key, node);
    return node;
  }

  private group(parent: TrackNode, name: string, level: TraceLevel): TrackNode {
    return this.child(parent, name, 'group', level, undefined, null);
  }

  private energyTrack(family: EnergyFamily, key: string, parent: TrackNode): TrackNode {
    const where =
      family === 'tile'
        ? parent
        : this.group(this.chipNode(), family === 'kind' ? 'energy by component kind (cumulative pJ)' : 'energy by layer (cumulative pJ)', 'layer');
    const name = family === 'tile' ? `${key} energy (cumulative pJ)` : key;
    const level: TraceLevel = family === 'tile' ? 'tile' : 'layer';
    return this.child(where, name, 'counter', level, undefined, { unitName: 'pJ', category: energyCategory(family) });
  }

  private freeSlot(node: TrackNode): Slot {
    const slots = node.slots!;
    for (const slot of slots) if (slot.open === null) return slot;
    const extra = this.makeNode(node, `${node.name} #${slots.length + 1}`, 'slot', 'layer', node.kind, null);
    const slot: Slot = { node: extra, open: null };
    extra.slots = null;
    slots.push(slot);
    return slot;
  }

  /** Moves time forward: writes due scheduled ENDs and enters the window when time reaches it. */
  private checkTime(timePs: number): void {
    if (this.closed) throw new Error(`trace file ${this.path} is closed`);
    if (!Number.isInteger(timePs) || timePs < 0) throw new Error(`trace time must be a non-negative integer of ps: got ${timePs}`);
    if (timePs < this.nowPs) throw new Error(`trace time went backwards: ${timePs} ps after ${this.nowPs} ps`);
  }

  private advance(timePs: number): void {
    this.checkTime(timePs);
    this.drainScheduled(timePs);
    this.nowPs = timePs;
    if (this.phase === 'before' && timePs >= this.windowStartPs) this.enterWindow();
  }

  private drainScheduled(untilPs: number): void {
    while (this.scheduled.length > 0 && this.scheduled.peek()!.atPs <= untilPs) {
      const due = this.scheduled.pop()!;
      this.nowPs = Math.max(this.nowPs, due.atPs);
      if (due.begin !== null) {
        if (this.phase === 'before' && due.atPs >= this.windowStartPs) this.enterWindow();
        this.pendingBegins.delete(due.slice);
        const b = due.begin;
        this.openSlice(due.slice, b.node, b.name, due.atPs, b.args, b.flow, b.durationPs);
        continue;
      }
      // An END exactly at the window start closes a slice that has no time inside the window.
      if (this.phase === 'before' && due.atPs > this.windowStartPs) this.enterWindow();
      this.finish(due.slice as SliceHandle, due.atPs);
    }
  }

  /** At the window start: open slices begin there and counters restate their current value. */
  private enterWindow(): void {
    this.phase = 'inside';
    const startPs = this.windowStartPs;
    for (const slice of [...this.open.values()].sort((a, b) => a.id - b.id)) this.writeBegin(slice, startPs);
    for (const node of this.nodes) {
      if (node.counter !== null && node.enabled && node.lastValue !== null && !node.wroteValue) this.writeCounter(node, node.lastValue, startPs);
    }
  }

  private finish(handle: SliceHandle, timePs: number): void {
    const slice = this.open.get(handle);
    if (slice === undefined) return; // filtered out by level or window, or already ended
    this.open.delete(handle);
    slice.slot.open = null;
    if (slice.written) this.writeEnd(slice, Math.min(timePs, this.windowEndPs));
  }

  private setCounter(node: TrackNode, value: number, timePs: number): void {
    if (!node.enabled) return;
    node.lastValue = value;
    if (this.phase === 'inside' && timePs <= this.windowEndPs) this.writeCounter(node, value, timePs);
  }

  private accumulate(node: TrackNode, energyPj: number, timePs: number): void {
    const before = this.cumulativePj.get(node) ?? 0;
    const after = before + energyPj;
    this.cumulativePj.set(node, after);
    if (!node.enabled) return;
    // The first written value of a cumulative counter is its baseline, so that the energy of a
    // trace (or of its window) is last minus first.
    if (!node.wroteValue && this.phase === 'inside' && timePs <= this.windowEndPs) this.writeCounter(node, before, timePs);
    this.setCounter(node, after, timePs);
  }

  // ---- packets ------------------------------------------------------------------------------

  private emitDescriptor(node: TrackNode, description?: string): void {
    if (node.emitted) return;
    if (node.parent !== null) this.emitDescriptor(node.parent);
    node.emitted = true;
    const descriptor: Record<string, unknown> = { uuid: node.uuid, name: node.name };
    if (node.parent !== null) {
      descriptor.parentUuid = node.parent.uuid;
      descriptor.siblingOrderRank = node.rank;
    }
    descriptor.description = description ?? roleDescription(node.role, node.kind);
    if (node.counter !== null) {
      const counter: Record<string, unknown> = { unitName: node.counter.unitName };
      if (node.counter.category !== undefined) counter.categories = [node.counter.category];
      descriptor.counter = counter;
    } else {
      descriptor.childOrdering = CHILD_ORDERING_EXPLICIT;
    }
    this.writePacket({ trackDescriptor: descriptor });
  }

  private writeBegin(slice: OpenSlice, timePs: number): void {
    slice.written = true;
    this.emitDescriptor(slice.slot.node);
    const interned = { eventNames: [] as unknown[], debugAnnotationNames: [] as unknown[] };
    const event: Record<string, unknown> = {
      type: TYPE_SLICE_BEGIN,
      trackUuid: slice.slot.node.uuid,
      nameIid: this.intern(this.eventNames, slice.name, interned.eventNames),
    };
    if (slice.args !== undefined) {
      event.debugAnnotations = Object.entries(slice.args).map(([key, value]) =>
        annotation(this.intern(this.annotationNames, key, interned.debugAnnotationNames), value),
      );
    }
    if (slice.flow?.flowIds !== undefined && slice.flow.flowIds.length > 0) event.flowIds = [...slice.flow.flowIds];
    if (slice.flow?.terminatingFlowIds !== undefined && slice.flow.terminatingFlowIds.length > 0) {
      event.terminatingFlowIds = [...slice.flow.terminatingFlowIds];
    }
    this.writeEvent(timePs, event, interned);
  }

  private writeEnd(slice: OpenSlice, timePs: number): void {
    this.writeEvent(timePs, { type: TYPE_SLICE_END, trackUuid: slice.slot.node.uuid }, null);
  }

  private writeCounter(node: TrackNode, value: number, timePs: number): void {
    node.wroteValue = true;
    this.emitDescriptor(node);
    this.writeEvent(timePs, { type: TYPE_COUNTER, trackUuid: node.uuid, doubleCounterValue: value }, null);
  }

  private intern(table: Map<string, number>, text: string, fresh: unknown[]): number {
    let iid = table.get(text);
    if (iid === undefined) {
      iid = table.size + 1;
      table.set(text, iid);
      fresh.push({ iid, name: text });
    }
    return iid;
  }

  private writeEvent(timePs: number, event: Record<string, unknown>, interned: { eventNames: unknown[]; debugAnnotationNames: unknown[] } | null): void {
    const packet: Record<string, unknown> = { timestamp: timePs, trackEvent: event };
    if (interned !== null && (interned.eventNames.length > 0 || interned.debugAnnotationNames.length > 0)) {
      const data: Record<string, unknown> = {};
      if (interned.eventNames.length > 0) data.eventNames = interned.eventNames;
      if (interned.debugAnnotationNames.length > 0) data.debugAnnotationNames = interned.debugAnnotationNames;
      packet.internedData = data;
    }
    this.writePacket(packet);
  }

  private writePacket(packet: Record<string, unknown>): void {
    packet.trustedPacketSequenceId = SEQUENCE_ID;
    if (this.firstPacket) {
      // Interned names start empty here; every later packet relies on what follows.
      packet.sequenceFlags = SEQ_INCREMENTAL_STATE_CLEARED | SEQ_NEEDS_INCREMENTAL_STATE;
      packet.firstPacketOnSequence = true;
      this.firstPacket = false;
    } else {
      packet.sequenceFlags = SEQ_NEEDS_INCREMENTAL_STATE;
    }
    this.file.append(this.schema.TracePacket.encode(packet).finish());
  }
}

function annotation(nameIid: number, value: TraceArgValue): Record<string, unknown> {
  if (typeof value === 'string') return { nameIid, stringValue: value };
  if (typeof value === 'boolean') return { nameIid, boolValue: value };
  if (Number.isSafeInteger(value)) return { nameIid, intValue: value };
  return { nameIid, doubleValue: value };
}
