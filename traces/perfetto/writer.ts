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
import { roleDescription, TIME_SCALE_NOTE, type EnergyFamily, type TrackRole } from './tracks.js';
import { PacketEncoder, type FlowOptions, type TraceArgs } from './packetEncoder.js';
import { ScheduleQueue } from './scheduleQueue.js';
import { TrackTree, type TrackHandle, type TrackNode } from './trackTree.js';
import { SlicePool, type SliceRecord } from './slicePool.js';

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

type Phase = 'before' | 'inside';

/**
 * One family of energy sums for addEnergySums: entry i < count is key keys[order[i]] with
 * values[i] pJ. The arrays may be reused between calls (read during the call only).
 */
interface EnergySumList<K> {
  readonly count: number;
  readonly keys: readonly K[];
  readonly order: Int32Array;
  readonly values: Float64Array;
}

/** The counter tracks of one family's keys, by index in `keys`. */
interface EnergyTracks {
  readonly family: EnergyFamily;
  keys: readonly unknown[] | null;
  readonly nodes: Array<TrackNode | undefined>;
}

export class PerfettoTraceWriter {
  private readonly file: PacketFile;
  private readonly encoder: PacketEncoder;
  private readonly tree: TrackTree;
  private readonly level: TraceLevel;
  private readonly windowStartPs: number;
  private readonly windowEndPs: number;
  /** Open slices that close() or the window's start must find: those begun with begin() (their
   *  handle is their id) and, before the window, all. Insertion order is close()'s order. */
  private readonly open = new Map<number, SliceRecord>();
  /** Slices due later: an END (known duration) or a BEGIN booked ahead; at one time ENDs go first,
   *  so slots are reused and slices nest. A slice's record is its entry. */
  private readonly scheduled = new ScheduleQueue<SliceRecord>();
  private readonly slices = new SlicePool();
  /** addEnergySums's counter tracks per family, by key index. */
  private readonly kindEnergy: EnergyTracks = { family: 'kind', keys: null, nodes: [] };
  private readonly layerEnergy: EnergyTracks = { family: 'layer', keys: null, nodes: [] };
  private readonly tileEnergy: EnergyTracks = { family: 'tile', keys: null, nodes: [] };
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
    return this.beginAt(track, name, timePs, args, flow, -1, false, null, false);
  }

  end(slice: SliceHandle, timePs: number): void {
    this.advance(timePs);
    const record = this.open.get(slice);
    // Only begin()'s slices have a handle; one of a known duration ends when its time comes.
    if (record !== undefined && record.durationPs < 0) this.finish(record, timePs);
  }

  /** An activity whose duration is known when it starts; its END is written when time gets there. */
  slice(track: TrackHandle, name: string, startPs: number, durationPs: number, args?: TraceArgs, flow?: FlowOptions): void {
    if (!(durationPs >= 0)) throw new Error(`trace slice "${name}" has a negative duration: ${durationPs} ps`);
    this.beginAt(track, name, startPs, args, flow, -1, false, durationPs, false);
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
    this.beginAt(track, name, startPs, args, flow, -1, false, durationPs, true);
  }

  /** bookSlice() on one flow given by its id: the slice continues flow `flowId`, or ends it when
   *  `flowEnds` (the NoC hops of a packet; no FlowOptions object per hop). */
  bookFlowSlice(
    track: TrackHandle, name: string, nowPs: number, startPs: number, durationPs: number, args: TraceArgs | undefined, flowId: number, flowEnds: boolean,
  ): void {
    if (!(durationPs >= 0)) throw new Error(`trace slice "${name}" has a negative duration: ${durationPs} ps`);
    if (!(startPs >= nowPs)) throw new Error(`trace slice "${name}" is booked at ${nowPs} ps to start earlier, at ${startPs} ps`);
    if (!(Number.isSafeInteger(flowId) && flowId >= 0)) throw new Error(`trace flow id must be a non-negative integer (from newFlowId()): got ${flowId}`);
    this.advance(nowPs);
    this.beginAt(track, name, startPs, args, undefined, flowId, flowEnds, durationPs, true);
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
   * Each list's counter tracks are kept by key index while its `keys` array stays the same.
   */
  addEnergySums(
    sums: { readonly byKind: EnergySumList<string>; readonly byLayer: EnergySumList<string>; readonly byTile: EnergySumList<TrackHandle | null> },
    timePs: number,
  ): void {
    this.advance(timePs);
    this.accumulateList(this.kindEnergy, sums.byKind, timePs);
    this.accumulateList(this.layerEnergy, sums.byLayer, timePs);
    this.accumulateList(this.tileEnergy, sums.byTile, timePs);
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
    for (const slice of [...this.open.values()]) this.finish(slice, this.nowPs);
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
    flowId: number,
    flowEnds: boolean,
    durationPs: number | null,
    ahead: boolean,
  ): SliceHandle {
    const node = this.tree.node(track);
    if (node.counter !== null) throw new Error(`trace track "${node.name}" is a counter; begin() needs a slice track`);
    const id = this.nextSlice++;
    if (ahead && timePs > this.nowPs) {
      // Later than any event written so far: wait in the queue (validated like advance() would;
      // the callers have checked it is not before nowPs, which advance() has checked).
      if (!Number.isInteger(timePs)) this.checkTime(timePs);
      if (!node.enabled || timePs >= this.windowEndPs) return id as SliceHandle;
      const record = this.slices.take(id, node, name, args, flow, flowId, flowEnds, durationPs ?? -1);
      record.pending = true;
      this.scheduled.push(timePs, false, record);
      return id as SliceHandle;
    }
    this.advance(timePs);
    if (!node.enabled || timePs >= this.windowEndPs) return id as SliceHandle;
    this.openSlice(this.slices.take(id, node, name, args, flow, flowId, flowEnds, durationPs ?? -1), timePs);
    return id as SliceHandle;
  }

  /** The slice begins at `timePs` (inside the window's end, on an enabled track). */
  private openSlice(slice: SliceRecord, timePs: number): void {
    const slot = this.tree.freeSlot(slice.node);
    slot.busy = true;
    slice.slot = slot;
    slice.pending = false;
    if (slice.durationPs < 0 || this.phase === 'before') {
      slice.listed = true;
      this.open.set(slice.id, slice);
    }
    if (this.phase === 'inside') this.writeBegin(slice, timePs);
    if (slice.durationPs >= 0) this.scheduled.push(timePs + slice.durationPs, true, slice);
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
    // The time the writer is at was checked when it got there (most calls repeat it).
    if (timePs !== this.nowPs || this.closed) this.checkTime(timePs);
    this.drainScheduled(timePs);
    this.nowPs = timePs;
    if (this.phase === 'before' && timePs >= this.windowStartPs) this.enterWindow();
  }

  private drainScheduled(untilPs: number): void {
    const scheduled = this.scheduled;
    while (scheduled.size > 0) {
      const atPs = scheduled.nextTimePs();
      if (atPs > untilPs) break;
      const due = scheduled.pop();
      if (atPs > this.nowPs) this.nowPs = atPs;
      if (due.pending) {
        if (this.phase === 'before' && atPs >= this.windowStartPs) this.enterWindow();
        this.openSlice(due, atPs);
        continue;
      }
      // An END exactly at the window start closes a slice that has no time inside the window.
      if (this.phase === 'before' && atPs > this.windowStartPs) this.enterWindow();
      this.finish(due, atPs);
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

  private finish(slice: SliceRecord, timePs: number): void {
    if (slice.listed) this.open.delete(slice.id);
    slice.slot!.busy = false;
    if (slice.written) this.writeEnd(slice, Math.min(timePs, this.windowEndPs));
    this.slices.release(slice);
  }

  private setCounter(node: TrackNode, value: number, timePs: number): void {
    if (!node.enabled) return;
    node.lastValue = value;
    if (this.phase === 'inside' && timePs <= this.windowEndPs) this.writeCounter(node, value, timePs);
  }

  private accumulateList<K extends string | TrackHandle | null>(cache: EnergyTracks, list: EnergySumList<K>, timePs: number): void {
    if (cache.keys !== list.keys) {
      cache.keys = list.keys;
      cache.nodes.length = 0;
    }
    for (let i = 0; i < list.count; i++) {
      const key = list.order[i];
      const node = cache.nodes[key] ?? (cache.nodes[key] = this.energyNode(cache.family, list.keys[key]));
      this.accumulate(node, check(list.values[i]), timePs);
    }
  }

  /** The cumulative counter of one key of a family (a tile's handle or null for the tile family). */
  private energyNode(family: EnergyFamily, key: string | TrackHandle | null): TrackNode {
    if (family !== 'tile') return this.tree.energyTrack(family, key as string, this.tree.chip);
    const tile = key === null ? null : this.tree.node(key as TrackHandle);
    return this.tree.energyTrack('tile', tile === null ? 'chip-level' : tile.name, tile ?? this.tree.chip);
  }

  private accumulate(node: TrackNode, energyPj: number, timePs: number): void {
    const before = node.cumulativePj;
    const after = before + energyPj;
    node.cumulativePj = after;
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

  private writeBegin(slice: SliceRecord, timePs: number): void {
    slice.written = true;
    const node = slice.slot!.node;
    if (!node.emitted) this.emitDescriptor(node);
    this.encoder.sliceBegin(node.uuid, timePs, slice.name, slice.args, slice.flow, slice.flowId, slice.flowEnds);
  }

  private writeEnd(slice: SliceRecord, timePs: number): void {
    this.encoder.sliceEnd(slice.slot!.node.uuid, timePs);
  }

  private writeCounter(node: TrackNode, value: number, timePs: number): void {
    node.wroteValue = true;
    if (!node.emitted) this.emitDescriptor(node);
    this.encoder.counter(node.uuid, timePs, value);
  }
}

function check(energyPj: number): number {
  if (!Number.isFinite(energyPj) || energyPj < 0) throw new Error(`trace energy must be a finite non-negative pJ value: got ${energyPj}`);
  return energyPj;
}
