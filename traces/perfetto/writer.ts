// Streaming Perfetto trace writer: a track tree chip -> tile -> PE -> component (trackTree.ts),
// slices with layer/image annotations, counters (cumulative energy, occupancy, link load) and NoC
// flows. This file keeps the writing in time order (slices booked ahead wait in a queue) and the
// window (only activity inside it is written, slices clipped); packetEncoder.ts encodes.
//
// Timestamp rule (the only one, used everywhere in traces/): the kernel's integer picoseconds are
// written unchanged as the trace's nanoseconds, i.e. 1 trace-ns = 1 simulated ps. Nothing is
// rounded, so no slice collapses to zero length; every time shown by Perfetto is 1000x the real
// one, which the root track's name and description state in each file.
import { PacketFile, DEFAULT_FLUSH_BYTES } from './packetFile.js';
import { type TraceLevel, type TraceWindowNs } from './options.js';
import { roleDescription, TIME_SCALE_NOTE, type TrackRole } from './tracks.js';
import { PacketEncoder, type FlowOptions, type TraceArgs } from './packetEncoder.js';
import { ScheduleQueue } from './scheduleQueue.js';
import { TrackTree, type OpenSlice, type TrackHandle, type TrackNode } from './trackTree.js';

;
export type { TrackHandle } from './trackTree.js';
/** Opaque handle of one open slice (one activity), returned by begin(). */
export type SliceHandle = number & { readonly __slice: unique symbol };

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

interface TraceWriteStats {
  readonly path: string;
  readonly packets: number;
  readonly bytes: number;
  readonly tracks: number;
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
  readonly slice: number;
  readonly begin: PendingBegin | null;
}

type Phase = 'before' | 'inside';

export class PerfettoTraceWriter {
  private readonly file: PacketFile;
  private readonly encoder: PacketEncoder;
  private readonly tree: TrackTree;
  private readonly level: TraceLevel;
  private readonly windowStartPs: number;
  private readonly windowEndPs: number;
  private readonly open = new Map<number, OpenSlice>();
  private readonly scheduled = new ScheduleQueue<Scheduled>();
  /** Slices begun with a time after the writer's: their BEGIN waits in `scheduled`. */
  private readonly pendingBegins = new Set<number>();
  private readonly cumulativePj = new Map<TrackNode, number>();
  private phase: Phase;
  private nowPs = 0;
  private nextSlice = 1;
  private nextFlow = 1;
  private closed = false;
  private stats: TraceWriteStats | null = null;

  /** The chip: root of the tree. */
  readonly chip: TrackHandle;

  constructor(
    readonly path: string,
    options: PerfettoWriterOptions = {},
  ) {
    this.level = options.level ?? 'component';
    this.tree = new TrackTree(this.level);
    const window = options.window ?? null;
    this.windowStartPs = window === null ? 0 : Math.round(window.startNs * 1000);
    this.windowEndPs = window === null || !Number.isFinite(window.endNs) ? Number.POSITIVE_INFINITY : Math.round(window.endNs * 1000);
    this.phase = this.windowStartPs === 0 ? 'inside' : 'before';
    this.file = new PacketFile(path, options.flushBytes ?? DEFAULT_FLUSH_BYTES);
    this.encoder = new PacketEncoder(this.file);
    const title = options.title === undefined ? 'ohmflow chip' : `ohmflow chip: ${options.title}`;
    const windowText = window === null ? 'all' : `${window.startNs}:${Number.isFinite(window.endNs) ? window.endNs : ''} ns`;
    const description = `${roleDescription('chip')}; ${TIME_SCALE_NOTE}; level=${this.level}; window=${windowText}`;
    const root = this.tree.makeNode(null, `${title} [${TIME_SCALE_NOTE}]`, 'chip', 'layer', undefined, null);
    this.chip = this.tree.handleOf(root);
    this.emitDescriptor(root, description);
  }

  static open(path: string, options: PerfettoWriterOptions = {}): PerfettoTraceWriter {
    return new PerfettoTraceWriter(path, options);
  }

  // ---- tracks -------------------------------------------------------------------------------

  /** The track of one network layer (under "layers"): its slices are the layer's activity. */
  layerTrack(layerName: string): TrackHandle {
    const group = this.tree.group(this.tree.chip, 'layers', 'layer');
    return this.tree.handleOf(this.childTrack(group, layerName, 'layer', 'layer', undefined, null));
  }

  /** The track of tile `index`: its own slices are tile-level activity; PEs and units nest inside. */
  tileTrack(index: number): TrackHandle {
    return this.tree.handleOf(this.childTrack(this.tree.chip, `tile ${index}`, 'tile', 'tile', undefined, null));
  }

  /** A processing element of a tile (a group of components, written at level component). */
  peTrack(tile: TrackHandle, index: number): TrackHandle {
    return this.tree.handleOf(this.childTrack(this.tree.node(tile), `pe ${index}`, 'pe', 'component', undefined, null));
  }

  /**
   * A component instance (crossbar, ADC group, buffer, router, digital unit) under a PE, a tile or
   * the chip; `kind` groups instances in summaries and matches breakdown.energyPj's keys.
   */
  componentTrack(parent: TrackHandle, name: string, kind: string): TrackHandle {
    return this.tree.handleOf(this.childTrack(this.tree.node(parent), name, 'component', 'component', kind, null));
  }

  /** A plain grouping of tracks (e.g. "noc") under `parent`, written at level component. */
  groupTrack(parent: TrackHandle, name: string): TrackHandle {
    return this.tree.handleOf(this.tree.group(this.tree.node(parent), name, 'component'));
  }

  /** A counter (buffer occupancy, NoC link load...), shown under `parent`; `unitName` e.g. "B". */
  counterTrack(parent: TrackHandle, name: string, unitName: string, level: TraceLevel = 'component'): TrackHandle {
    return this.tree.handleOf(this.childTrack(this.tree.node(parent), name, 'counter', level, undefined, { unitName }));
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
    const node = this.tree.node(track);
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
    this.accumulate(this.tree.energyTrack('kind', where.kind, this.tree.chip), energyPj, timePs);
    if (where.layer !== undefined) this.accumulate(this.tree.energyTrack('layer', where.layer, this.tree.chip), energyPj, timePs);
    const tile = where.tile === undefined ? null : this.tree.node(where.tile);
    this.accumulate(this.tree.energyTrack('tile', tile === null ? 'chip-level' : tile.name, tile ?? this.tree.chip), energyPj, timePs);
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
    for (const [kind, energyPj] of sums.byKind) this.accumulate(this.tree.energyTrack('kind', kind, this.tree.chip), check(energyPj), timePs);
    for (const [layer, energyPj] of sums.byLayer) this.accumulate(this.tree.energyTrack('layer', layer, this.tree.chip), check(energyPj), timePs);
    for (const [handle, energyPj] of sums.byTile) {
      const tile = handle === null ? null : this.tree.node(handle);
      this.accumulate(this.tree.energyTrack('tile', tile === null ? 'chip-level' : tile.name, tile ?? this.tree.chip), check(energyPj), timePs);
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
      tracks: this.tree.nodes.filter((node) => node.emitted).length,
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
    const node = this.tree.node(track);
    if (node.counter !== null) throw new Error(`trace track "${node.name}" is a counter; begin() needs a slice track`);
    const id = this.nextSlice++;
    if (ahead && timePs > this.nowPs) {
      // Later than any event written so far: wait in the queue (validated like advance() would).
      this.checkTime(timePs);
      if (!node.enabled || timePs >= this.windowEndPs) return id as SliceHandle;
      this.pendingBegins.add(id);
      this.scheduled.push(timePs, false, { atPs: timePs, slice: id, begin: { node, name, args, flow, durationPs } });
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
    const slot = this.tree.freeSlot(node);
    const slice: OpenSlice = { id, slot, name, args, flow, beginPs: timePs, written: false };
    slot.open = slice;
    this.open.set(id, slice);
    if (this.phase === 'inside') this.writeBegin(slice, timePs);
    if (durationPs !== null) this.scheduled.push(timePs + durationPs, true, { atPs: timePs + durationPs, slice: id, begin: null });
  }

  /** The child track of `parent` (made on first request), while the file is open. */
  private childTrack(parent: TrackNode, name: string, role: TrackRole, level: TraceLevel, kind: string | undefined, counter: TrackNode['counter']): TrackNode {
    if (this.closed) throw new Error(`trace file ${this.path} is closed`);
    return this.tree.child(parent, name, role, level, kind, counter);
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
    while (this.scheduled.size > 0 && this.scheduled.nextTimePs() <= untilPs) {
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
    for (const node of this.tree.nodes) {
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
    this.encoder.descriptor({
      uuid: node.uuid, name: node.name, parent: node.parent === null ? null : { uuid: node.parent.uuid, rank: node.rank },
      description: description ?? roleDescription(node.role, node.kind), counter: node.counter,
    });
  }

  private writeBegin(slice: OpenSlice, timePs: number): void {
    slice.written = true;
    this.emitDescriptor(slice.slot.node);
    this.encoder.sliceBegin(slice.slot.node.uuid, timePs, slice.name, slice.args, slice.flow);
  }

  private writeEnd(slice: OpenSlice, timePs: number): void {
    this.encoder.sliceEnd(slice.slot.node.uuid, timePs);
  }

  private writeCounter(node: TrackNode, value: number, timePs: number): void {
    node.wroteValue = true;
    this.emitDescriptor(node);
    this.encoder.counter(node.uuid, timePs, value);
  }
}
