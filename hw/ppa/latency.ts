// Pipeline timing: stage times, the steady-state interval, and the first image's latency with the
// pipeline fill. The fill is a max-plus recurrence over output rows: a row starts when the input
// rows its window needs have arrived, on lanes that are free; its completion feeds the consumers
// after the NoC transfer. docs/ppa-model.md, "Latency".
import type { Arch } from '../arch/schema.js';
import { bandTiles, copyTiles, inputRowsOf, outputRows } from '../mapping/copies.js';
import { cyclePs, pixelTimePs } from '../mapping/stageTime.js';
import type { MappedLayer, MappedNetwork } from '../mapping/types.js';
import { offChipTransferPs } from '../mapping/offChip.js';
import { edgeFlows, flitPs, nocPs, type EdgeFlow } from './flow.js';
import type { BlockPacket, CopyWork, SpanFlow } from './spanFlow.js';
import { finalLayers, pixelWork, resourceModel, unitPixelPs, unitStepPs, type LayerBound, type ResourceModel, type UnitKind } from './resources.js';
import { Calendar, commonStartPs } from './calendar.js';
import TinyQueue from 'tinyqueue';

export interface LayerTiming {
  /** Per-image stage time (own work or the busiest shared resource it uses), ps. */
  stagePs: number;
  /** What sets the stage time (see LayerBound.bottleneck). */
  bottleneck: string;
  /** First image: first pixel start and last pixel done, from the segment's start, ps. */
  startPs: number;
  endPs: number;
}

export interface NetworkTiming {
  layers: Map<string, LayerTiming>;
  /** Per segment: interval (slowest stage) and fill (first image through the segment), weight
   *  writes per batch, parked tensors read back (in) and written out (out) per image, when image
   *  0's last write-out ends (from the segment's start), and the segment's time per batch, ps. */
  segments: Array<SegmentTimes & { batchPs: number }>;
  intervalPs: number;
  latencyPs: number;
  /** Time per batch that parking adds (batch time minus the same without off-chip transfers), ps. */
  parkPs: number;
  flows: EdgeFlow[];
  resources: ResourceModel;
  /** First image: when each output row of each layer is done, from its segment's start, ps (the
   *  fill's schedule; the engine sizes its line buffers with it, sim/engine/scheduleHold.ts). */
  rowDonePs: Map<string, Float64Array>;
}

export interface SegmentTimes { intervalPs: number; fillPs: number; writePs: number; parkInPs: number; parkOutPs: number; outEndPs: number }

/** Time between images in a reloading segment: the slowest stage, or a link direction when one
 *  image's parked tensors take longer to read back or write out (the links run in both directions
 *  at once and overlap compute: image k+1 is read while image k computes). */
function segmentPeriodPs(g: SegmentTimes): number {
  return Math.max(g.intervalPs, g.parkInPs, g.parkOutPs);
}

/** One segment's time per batch: weight writes, then image 0's parked inputs read back whole, its
 *  fill (or its last write-out, if later), and the other images one period apart. */
function segmentBatchPs(g: SegmentTimes, batch: number): number {
  return g.writePs + g.parkInPs + Math.max(g.fillPs, g.intervalPs, g.outEndPs) + (batch - 1) * segmentPeriodPs(g);
}

/** When image 0's parked outputs of a segment are all off chip, from the segment's start: each
 *  producer's tensor (once per later input that reads it) leaves when the producer has finished
 *  the image, one after another on the outbound links; 0 when the segment parks nothing. */
function writeOutEndPs(mapped: MappedNetwork, segment: number, endOf: (layer: string) => number): number {
  const bits = new Map<string, number>();
  const byName = new Map(mapped.layers.map((l) => [l.name, l]));
  // A flatten relabels its producer's bytes: the tensor leaves when that producer is done.
  const producer = (name: string): string => {
    const l = byName.get(name)!;
    return l.engine === 'none' && l.inputs.length > 0 ? producer(l.inputs[0]) : name;
  };
  for (const e of mapped.edges) {
    if (!e.crossesSegment || byName.get(e.from)!.segment !== segment) continue;
    const from = producer(e.from);
    bits.set(from, (bits.get(from) ?? 0) + e.bits);
  }
  let freePs = 0;
  for (const [name, b] of [...bits].sort((x, y) => endOf(x[0]) - endOf(y[0]))) {
    freePs = Math.max(freePs, endOf(name)) + offChipTransferPs(b, mapped.offChip.bandwidthBytesPerS);
  }
  return freePs;
}

/** Output rows of a consumer that read the last row of its input: the rows left after it arrives. */
export function tailRows(consumer: MappedLayer): number {
  const rows = outputRows(consumer);
  const last = consumer.inShape.length === 3 ? consumer.inShape[1] - 1 : 0;
  let n = 0;
  for (let oy = rows - 1; oy >= 0 && inputRowsOf(consumer, oy)[1] >= last; oy--) n++;
  return n;
}

/** Copy index within its tile (copies on one tile fetch and requantize one after another). */
function rankOnTile(tiles: readonly number[]): number[] {
  const first = new Map<number, number>();
  return tiles.map((t, c) => {
    if (!first.has(t)) first.set(t, c);
    return c - first.get(t)!;
  });
}

/** One layer's rows in the fill, computed one after another: `step` takes output row `oy` (in
 *  order) and when its input is ready, and returns when the row is complete (its last pixel out of
 *  the layer), ps. `startPs`: the first pixel's start, once a row has been stepped. */
interface RowStepper {
  /** Steps row `oy` (a layer with `requestPs`: its next pixel, NaN until the row's last). */
  step(oy: number, readyPs: number): number;
  readonly startPs: number;
  /** Layers on a bank a unit layer shares: when the next pixel of row `oy` asks for its banks (the
   *  fill serves first the pixel that asks first); undefined for layers that share no bank. */
  requestPs?: (oy: number, readyPs: number) => number;
  /** Layers with `requestPs`: steps row `oy`'s pixels while each asks before `limitPs` (or at it,
   *  when the layer wins ties), at least one; returns as `step` does after its last. */
  stepWhileFirst?: (oy: number, readyPs: number, limitPs: number, winsTie: boolean) => number;
}

type StepPs = (oy: number, readyPs: number) => number;

/** A shared-bank layer's `stepWhileFirst` from its one-pixel `step` and its `requestPs`. */
function whileFirst(step: StepPs, requestPs: StepPs): NonNullable<RowStepper['stepWhileFirst']> {
  return (oy, ready, limitPs, winsTie) => {
    for (;;) {
      const done = step(oy, ready);
      if (!Number.isNaN(done)) return done;
      const ask = requestPs(oy, ready);
      if (!(ask < limitPs || (ask === limitPs && winsTie))) return NaN;
    }
  };
}

/** Crossbar layer: pixels in order on copies round-robin; a copy starts its next pixel when free;
 *  its output is out after the pixel time, the merge of its partial sums and requantization. When
 *  a shared resource bounds the stage (e.g. the links that multicast its input rows along its
 *  tiles), its rows come out no faster than that resource gets through them. */
function crossbarRows(layer: MappedLayer, arch: Arch, bound: LayerBound, span: SpanFlow, bankOf: BankOf): RowStepper {
  const work = pixelWork(layer, arch);
  const unitPs = Math.max(...work.steps.map(([k, ops]) => unitStepPs(k, ops, arch)));
  // Per copy: the banks of its tile that a unit layer also uses (e.g. a conv and the residual add
  // that reads it, on one tile's requantizers), each with a pixel's step on it: the copy's
  // requantize takes its turn there, and the unit layer's pixels wait for the slots it holds.
  const sharedOf = span.copies.map((cw) => work.steps.flatMap(([k, ops]) => {
    const cal = bankOf(cw.span.tile, k);
    return cal === undefined ? [] : [[cal, unitStepPs(k, ops, arch)] as const];
  }));
  const anyShared = sharedOf.some((x) => x.length > 0);
  const tauPs = layer.folds * pixelTimePs(layer, arch);
  const d = layer.duplication;
  // Copies of one shape take the same times: worked out once per shape.
  const byShape: PixelTimes[] = [];
  const times = span.copies.map((cw) => (byShape[cw.shape] ??= copyPixelTimes(cw, arch)));
  const rank = rankOnTile(copyTiles(layer, arch));
  const perTile = Math.max(...rank) + 1;
  // Copies on one tile share its buffer port/bus and requantizers: in a round they are served one
  // after another, so the k-th copy's output is k serial steps later; if a round of them takes
  // longer than a pixel, the tile (not the crossbars) sets the pace.
  const serialPs = Math.max(unitPs, ...times.map((x) => x.serialPs));
  // The copies' pixels also pass the layer's busiest shared resource one after another (dealt
  // evenly: d pixels per d times its share per pixel), other layers' use of it aside. That is
  // what paces a layer's last rows once its producer has finished (the tail of the fill, which
  // with reloading is each segment's time).
  const sharePeriodPs = (d * bound.ownSharePs) / layer.outputPixels;
  const periodPs = Math.max(tauPs, perTile * serialPs, sharePeriodPs);
  const rows = outputRows(layer);
  const width = layer.outputPixels / rows;
  const fetchPs = Float64Array.from(times, (x) => x.fetchPs);
  const mergePs = Float64Array.from(times, (x) => x.mergePs);
  const queuePs = Float64Array.from(rank, (k) => k * serialPs);
  const starts = new Float64Array(d).fill(-Infinity);
  let first = Infinity;
  let c = 0;
  // When copy c's next pixel can start: its window fetched, and a period after its previous one.
  const nextStartPs = (ready: number) => Math.max(ready + fetchPs[c], starts[c] + periodPs);
  const floorPs = (oy: number, done: number) => (bound.stagePs > bound.ownPs ? Math.max(done, first + ((oy + 1) * bound.stagePs) / rows) : done);
  if (!anyShared) {
    return {
      get startPs() {
        return first;
      },
      step(oy, ready) {
        const rowFirstCopy = c;
        let pixels = 0;
        for (let ox = 0; ox < width; ox++, pixels++) {
          const prev = starts[c];
          const s = nextStartPs(ready);
          starts[c] = s;
          // A copy starts each pixel no earlier than its previous one: its first is its earliest.
          if (prev === -Infinity) first = Math.min(first, s);
          if (++c === d) c = 0;
        }
        // A pixel is out later the later it starts: the row is done when each copy that had a
        // pixel of it has its last one out.
        let done = 0;
        for (let k = 0, cc = rowFirstCopy; k < Math.min(pixels, d); k++) {
          done = Math.max(done, starts[cc] + tauPs + mergePs[cc] + unitPs + queuePs[cc]);
          if (++cc === d) cc = 0;
        }
        return floorPs(oy, done);
      },
    };
  }
  // Pixel by pixel where a copy's requantize shares a bank with a unit layer: each pixel asks for
  // the bank when its merge is done, and scheduleRows serves the pixels of every layer on it in
  // the order they ask (as the engine's reservations do), the earliest free slot from then.
  const askPs = (startPs: number) => startPs + tauPs + mergePs[c] + queuePs[c];
  let pixel = 0;
  // The row's done time so far, in a typed array: a double the closure writes each pixel would
  // otherwise be boxed on every write.
  const rowDonePs = new Float64Array(1);
  const requestPs = (_oy: number, ready: number) => askPs(nextStartPs(ready));
  const step = (oy: number, ready: number) => {
    const prev = starts[c];
    const s = nextStartPs(ready);
    starts[c] = s;
    if (prev === -Infinity) first = Math.min(first, s);
    const uses = sharedOf[c];
    const at = commonStartPs(askPs(s), uses);
    for (let k = 0; k < uses.length; k++) uses[k][0].book(at, uses[k][1]);
    if (at + unitPs > rowDonePs[0]) rowDonePs[0] = at + unitPs;
    if (++c === d) c = 0;
    if (++pixel < width) return NaN;
    pixel = 0;
    const done = rowDonePs[0];
    rowDonePs[0] = 0;
    return floorPs(oy, done);
  };
  return {
    get startPs() {
      return first;
    },
    requestPs,
    step,
    stepWhileFirst: whileFirst(step, requestPs),
  };
}

/**
 * One copy's contention-free times per pixel, ps. Fetch: each tile's slice over its buffer port
 * and bus, the tiles in parallel. Merge: each tile's partial sums over its bus into its shift-add
 * units, then down the chain of the copy's tiles, each adding what arrives before sending on.
 * Serial: the copy's use of its own tile's port and bus, which copies there cannot overlap.
 */
interface PixelTimes { fetchPs: number; mergePs: number; serialPs: number }

function copyPixelTimes(cw: CopyWork, arch: Arch): PixelTimes {
  const cycle = cyclePs(arch);
  const t = arch.tile;
  const fetchOn = (i: number) =>
    Math.max(Math.ceil(cw.sliceBits[i] / t.inputBuffer.bandwidthBitsPerCycle), Math.ceil(cw.sliceBits[i] / t.bus.widthBits)) * cycle;
  const mergeOn = (i: number) => (cw.span.parts[i].mergeValues > 0 ? Math.max(Math.ceil(cw.mergeBits[i] / t.bus.widthBits) * cycle, unitStepPs('shiftAdd', cw.span.parts[i].mergeValues, arch)) : 0);
  const parts = cw.span.parts;
  let fetchPs = 0;
  for (let i = 0; i < parts.length; i++) fetchPs = Math.max(fetchPs, fetchOn(i));
  const mergePs = chainMergePs(cw, arch, parts.map((_, i) => mergeOn(i)));
  const serialPs = fetchOn(0) + (parts[0].mergeValues > 0 ? Math.ceil(cw.mergeBits[0] / t.bus.widthBits) * cycle : 0);
  return { fetchPs, mergePs, serialPs };
}

/**
 * When the copy's first tile has every column block's merged sums, from the end of the pixel's
 * crossbar work, ps. From the last part down: a part sends each block when it is ready (its own
 * blocks when its merge is done; a block it also holds once the arriving one is added on its
 * shift-add units, one block after another; a block it only passes, on arrival), in the order they
 * become ready, one packet after another on its way to the previous part.
 */
function chainMergePs(cw: CopyWork, arch: Arch, localPs: number[]): number {
  const parts = cw.span.parts;
  const flit = flitPs(arch);
  const last = parts.length - 1;
  // When each column block is ready to leave the part in hand, by block (NaN: not on that part).
  let blockCount = 0;
  for (const p of parts) for (let k = 0; k < p.blocks.length; k++) blockCount = Math.max(blockCount, p.blocks[k][0] + 1);
  let ready = new Float64Array(blockCount).fill(NaN);
  let next = new Float64Array(blockCount);
  for (let k = 0; k < parts[last].blocks.length; k++) ready[parts[last].blocks[k][0]] = localPs[last];
  const byReady = (x: BlockPacket, y: BlockPacket) => ready[x.block] - ready[y.block] || x.block - y.block;
  // The sums come part by part from the last.
  for (const run of cw.sums) {
    const i = run.from;
    // Sorting a list already in order would leave it as it is (the order is total).
    const sends = inOrder(run.packets, byReady) ? run.packets : run.packets.slice().sort(byReady);
    const to = parts[i - 1];
    next.fill(NaN);
    for (let k = 0; k < to.blocks.length; k++) next[to.blocks[k][0]] = localPs[i - 1];
    // The shift-add units are busy with the tile's own merge first.
    let bankPs = to.mergeValues > 0 ? unitStepPs('shiftAdd', to.mergeValues, arch) : 0;
    let linkPs = 0;
    for (let k = 0; k < sends.length; k++) {
      const r = sends[k];
      const departPs = Math.max(ready[r.block], linkPs);
      linkPs = departPs + r.flitsPerPacket * flit;
      const arrivePs = departPs + nocPs(run.hops, r.flitsPerPacket, arch);
      if (run.added[r.block] === 1) {
        const startPs = Math.max(arrivePs, bankPs, localPs[i - 1]);
        bankPs = startPs + unitStepPs('shiftAdd', r.values, arch);
        next[r.block] = bankPs;
      } else next[r.block] = arrivePs;
    }
    [ready, next] = [next, ready];
  }
  let donePs = localPs[0];
  for (const ps of ready) if (!Number.isNaN(ps)) donePs = Math.max(donePs, ps);
  return donePs;
}

/** Whether `items` are in ascending order under `compare`. */
function inOrder<T>(items: readonly T[], compare: (a: T, b: T) => number): boolean {
  for (let i = 1; i < items.length; i++) if (compare(items[i - 1], items[i]) > 0) return false;
  return true;
}

/** A unit bank's calendar when layers share it (undefined: the layer has it to itself). */
type BankOf = (tile: number, kind: UnitKind) => Calendar | undefined;

/** Digital-unit layer: each band (tile) runs its rows' pixels one after another. On a unit bank
 *  that other layers share, each pixel takes the earliest free slot at or after it asks, on every
 *  shared bank of its chain at once (the bank's calendar holds the pixels already served, which
 *  scheduleRows takes in the order they ask). */
function unitRows(layer: MappedLayer, arch: Arch, bankOf: BankOf): RowStepper {
  const cycle = cyclePs(arch);
  const work = pixelWork(layer, arch);
  const fetchPs = Math.ceil(work.windowBits / arch.tile.inputBuffer.bandwidthBitsPerCycle) * cycle;
  const chainPs = Math.max(0, ...work.steps.map(([k, ops]) => unitStepPs(k, ops, arch)));
  const perPixelPs = unitPixelPs(layer, arch);
  const tiles = bandTiles(layer);
  const bands = tiles.length;
  const width = layer.outputPixels / outputRows(layer);
  // Per band: the shared banks of its tile and a pixel's time on each.
  const shared = tiles.map((t) => work.steps.flatMap(([k, ops]) => {
    const cal = bankOf(t, k);
    return cal === undefined ? [] : [[cal, unitStepPs(k, ops, arch)] as const];
  }));
  const free = new Float64Array(bands);
  let first = Infinity;
  const requestPs = (oy: number, ready: number) => Math.max(ready + fetchPs, free[oy % bands]);
  if (!shared.some((x) => x.length > 0)) {
    return {
      get startPs() {
        return first;
      },
      step(oy, ready) {
        const s = requestPs(oy, ready);
        first = Math.min(first, s);
        free[oy % bands] = s + width * perPixelPs;
        return s + (width - 1) * perPixelPs + chainPs;
      },
    };
  }
  // Pixel by pixel: the engine's lanes ask for the banks once per pixel, so two layers on one bank
  // take turns pixel by pixel, each slowed by the other's share.
  let pixel = 0;
  const step = (oy: number, ready: number) => {
    const b = oy % bands;
    let s = requestPs(oy, ready);
    if (shared[b].length > 0) {
      s = commonStartPs(s, shared[b]);
      for (let k = 0; k < shared[b].length; k++) shared[b][k][0].book(s, shared[b][k][1]);
    }
    if (s < first) first = s;
    free[b] = s + perPixelPs;
    if (++pixel < width) return NaN;
    pixel = 0;
    return s + chainPs;
  };
  return {
    get startPs() {
      return first;
    },
    requestPs,
    step,
    stepWhileFirst: whileFirst(step, requestPs),
  };
}

/** Digital MAC layer: its stage spread evenly over its output rows. */
function evenRows(layer: MappedLayer, stagePs: number): RowStepper {
  const rows = outputRows(layer);
  let t = 0;
  let first = Infinity;
  return {
    get startPs() {
      return first;
    },
    step(oy, ready) {
      if (oy === 0) first = Math.max(0, ready);
      t = Math.max(t, ready) + stagePs / rows;
      return t;
    },
  };
}

/** A layer in the fill: its row stepper, its rows' completion times, when a row's input is ready
 *  (NaN while a row it reads is not scheduled), and the layers that read it (indices). */
interface ActiveLayer {
  layer: MappedLayer;
  rows: RowStepper;
  done: Float64Array;
  readyOfRow: (oy: number) => number;
  consumers: number[];
}

/**
 * Steps every layer's rows in an order that respects their inputs: a layer that shares no unit
 * bank runs each row as soon as the rows it reads are scheduled; among the pixels that ask for a
 * shared bank, the one that asks first goes first, so the banks serve in time order, as the
 * engine's reservations do (a layer later in the network is not put behind all of an earlier
 * one's rows). Without shared banks this is layer after layer, all rows of each.
 */
function scheduleRows(active: readonly ActiveLayer[], doneRows: Map<string, number>): void {
  const n = active.length;
  const next = new Int32Array(n);
  const isShared = Uint8Array.from(active, (a) => (a.rows.requestPs !== undefined && a.done.length > 0 ? 1 : 0));
  // Layers that may have a row ready (a layer they read has finished a row since they last
  // looked), taken lowest index first: network order, so consumers come after their producers
  // and one pass reaches all a finished row lets go.
  const dirty = new TinyQueue<number>([], (x, y) => x - y);
  const isDirty = new Uint8Array(n);
  const markDirty = (i: number) => {
    if (isDirty[i] === 0) {
      isDirty[i] = 1;
      dirty.push(i);
    }
  };
  // Per shared-bank layer: its next row's input ready time and when its next pixel asks, NaN
  // until known. The ask depends only on the layer's own state and that ready time, so it holds
  // until the layer steps: the layers whose asks are known wait in a heap, the first ask on top
  // (the earlier layer on ties); the others are looked at again once a layer they read has
  // finished a row.
  const readyOf = new Float64Array(n).fill(NaN);
  const askOf = new Float64Array(n).fill(NaN);
  // (The comparison returns -1, 0 or 1, not a difference of times: a small integer, no boxed double.)
  const asks = new TinyQueue<number>([], (x, y) => (askOf[x] < askOf[y] ? -1 : askOf[x] > askOf[y] ? 1 : x - y));
  const recheck: number[] = [];
  const inRecheck = new Uint8Array(n);
  // A shared-bank layer with every row done asks no more.
  const markRecheck = (i: number) => {
    if (isShared[i] === 1 && Number.isNaN(readyOf[i]) && inRecheck[i] === 0 && next[i] < active[i].done.length) {
      inRecheck[i] = 1;
      recheck.push(i);
    }
  };
  let left = active.reduce((k, a) => k + a.done.length, 0);
  const finishRow = (i: number, donePs: number) => {
    const a = active[i];
    a.done[next[i]] = donePs;
    doneRows.set(a.layer.name, ++next[i]);
    readyOf[i] = NaN;
    markRecheck(i);
    for (let k = 0; k < a.consumers.length; k++) {
      markDirty(a.consumers[k]);
      markRecheck(a.consumers[k]);
    }
    left--;
  };
  for (let i = 0; i < n; i++) {
    markDirty(i);
    markRecheck(i);
  }
  while (left > 0) {
    // Every row that can go without asking for a shared bank.
    while (dirty.length > 0) {
      const i = dirty.pop()!;
      isDirty[i] = 0;
      const a = active[i];
      if (a.rows.requestPs !== undefined) continue;
      while (next[i] < a.done.length) {
        const ready = a.readyOfRow(next[i]);
        if (Number.isNaN(ready)) break;
        finishRow(i, a.rows.step(next[i], ready));
      }
    }
    // Shared-bank layers whose next row's input may now be ready join the heap.
    for (let k = 0; k < recheck.length; k++) {
      const i = recheck[k];
      inRecheck[i] = 0;
      const a = active[i];
      readyOf[i] = a.readyOfRow(next[i]);
      if (Number.isNaN(readyOf[i])) continue;
      askOf[i] = a.rows.requestPs!(next[i], readyOf[i]);
      asks.push(i);
    }
    recheck.length = 0;
    // Then the pixel of a shared-bank layer that asks first.
    const best = asks.pop();
    if (best === undefined) {
      // Nothing left can go: only a cycle in the graph would leave rows behind.
      if (left > 0) throw new Error('networkTiming: rows left that wait on each other');
      break;
    }
    // The layer goes on pixel by pixel while it still asks before the runner-up: the others' asks
    // change only when a row is done.
    const a = active[best];
    const second = asks.peek();
    const done = second === undefined
      ? a.rows.stepWhileFirst!(next[best], readyOf[best], Infinity, true)
      : a.rows.stepWhileFirst!(next[best], readyOf[best], askOf[second], best < second);
    if (Number.isNaN(done)) {
      askOf[best] = a.rows.requestPs!(next[best], readyOf[best]);
      asks.push(best);
    } else {
      askOf[best] = NaN;
      finishRow(best, done);
    }
  }
}

export function networkTiming(mapped: MappedNetwork, arch: Arch): NetworkTiming {
  const flows = edgeFlows(mapped, arch);
  const resources = resourceModel(mapped, arch, flows);
  const layerByLayer = mapped.options.schedule === 'layer-by-layer';
  const inbound = new Map<string, EdgeFlow[]>();
  for (const f of flows) inbound.set(f.consumer.name, [...(inbound.get(f.consumer.name) ?? []), f]);
  const rowsOf = new Map<string, Float64Array>();
  // Unit banks a unit layer shares with another layer: each keeps a calendar of the pixels reserved
  // on it (unit layers' chains and crossbar layers' requantize steps).
  const users = new Uint32Array(resources.ledger.busyPs.length);
  const crossbarUsers = new Uint32Array(resources.ledger.busyPs.length);
  mapped.layers.forEach((l, li) => {
    if (l.engine === 'digitalUnit') for (const slot of resources.ledger.slotsOf(li)) users[slot]++;
    if (l.engine === 'crossbar') for (const slot of resources.ledger.slotsOf(li)) crossbarUsers[slot]++;
  });
  const calendars = new Map<number, Calendar>();
  const bankOf = (segment: number, tile: number, kind: UnitKind): Calendar | undefined => {
    const slot = resources.ledger.findTileSlot(segment, tile, kind);
    // A bank two layers share where one of them is a unit layer (a crossbar layer's requantize
    // reserves there too; banks only crossbar layers share keep their per-tile queue instead).
    if (slot < 0 || users[slot] < 1 || users[slot] + crossbarUsers[slot] < 2) return undefined;
    let cal = calendars.get(slot);
    if (cal === undefined) calendars.set(slot, (cal = new Calendar()));
    return cal;
  };
  const timings = new Map<string, LayerTiming>();
  const doneRows = new Map<string, number>();
  const active: ActiveLayer[] = [];
  for (const layer of mapped.layers) {
    const bound = resources.layers.get(layer.name)!;
    timings.set(layer.name, { stagePs: bound.stagePs, bottleneck: bound.bottleneck, startPs: 0, endPs: 0 });
    if (layer.engine === 'none') {
      timings.set(layer.name, { stagePs: 0, bottleneck: 'none', startPs: 0, endPs: 0 });
      continue;
    }
    const mine = inbound.get(layer.name) ?? [];
    // When row oy's input is ready; NaN while a source row it reads is not yet scheduled.
    const readyOfRow = (oy: number): number => {
      let ready = 0;
      for (const f of mine) {
        if (f.injected) {
          ready = Math.max(ready, f.transferPs);
          continue;
        }
        const src = rowsOf.get(f.source.name)!;
        // The last source row this output row reads (vector sources and consumers: all of it).
        // Layer by layer, every row waits for the whole source tensor.
        const need = !layerByLayer && f.source.outShape.length === 3 && layer.outShape.length === 3 && layer.kind !== 'globalavgpool' && layer.kind !== 'dense'
          ? Math.min(src.length - 1, inputRowsOf(layer, oy)[1])
          : src.length - 1;
        if (need >= doneRows.get(f.source.name)!) return NaN;
        ready = Math.max(ready, src[need] + f.transferPs);
      }
      return ready;
    };
    const rows = layer.engine === 'crossbar' ? crossbarRows(layer, arch, bound, resources.spans.get(layer.name)!, (tile, kind) => bankOf(layer.segment, tile, kind))
      : layer.engine === 'digitalUnit' ? unitRows(layer, arch, (tile, kind) => bankOf(layer.segment, tile, kind))
      : evenRows(layer, bound.ownPs);
    const done = new Float64Array(outputRows(layer));
    rowsOf.set(layer.name, done);
    doneRows.set(layer.name, 0);
    active.push({ layer, rows, done, readyOfRow, consumers: [] });
  }
  const indexOf = new Map(active.map((a, i) => [a.layer.name, i]));
  for (const f of flows) {
    const from = indexOf.get(f.source.name);
    const to = indexOf.get(f.consumer.name);
    if (!f.injected && from !== undefined && to !== undefined && !active[from].consumers.includes(to)) active[from].consumers.push(to);
  }
  scheduleRows(active, doneRows);
  for (const a of active) {
    const t = timings.get(a.layer.name)!;
    t.startPs = a.rows.startPs;
    t.endPs = Math.max(...a.done);
  }
  // The network's result is written to the output buffer of the tile that computed it.
  const cycle = cyclePs(arch);
  const outWritePs = new Map(finalLayers(mapped).map((l) => [
    l.name,
    Math.ceil((pixelWork(l, arch).channels * arch.precision.inputBits) / arch.tile.outputBuffer.bandwidthBitsPerCycle) * cycle,
  ]));
  for (const [name, ps] of outWritePs) timings.get(name)!.endPs += ps;

  const batch = mapped.reloading ? mapped.options.batch : 1;
  const segments = mapped.segments.map((s) => {
    const members = s.layers.map((n) => timings.get(n)!);
    const g = {
      intervalPs: Math.max(0, ...members.map((t) => t.stagePs)),
      fillPs: Math.max(0, ...members.map((t) => t.endPs)),
      writePs: s.writeLatencyPs,
      parkInPs: offChipTransferPs(s.parkedInBits, mapped.offChip.bandwidthBytesPerS),
      parkOutPs: offChipTransferPs(s.parkedOutBits, mapped.offChip.bandwidthBytesPerS),
      outEndPs: writeOutEndPs(mapped, s.index, (name) => timings.get(name)!.endPs),
    };
    return { ...g, batchPs: segmentBatchPs(g, batch) };
  });
  // One segment, stationary weights: images stream at the slowest stage, and one image cannot
  // finish before the busiest resource has done its share of it. With reloading, each segment
  // writes its weights, then runs the whole batch through before the next one starts.
  const batchPs = segments.reduce((s, g) => s + g.batchPs, 0);
  const last = segments[segments.length - 1];
  const latencyPs = mapped.reloading ? batchPs - (batch - 1) * segmentPeriodPs(last) : Math.max(segments[0].fillPs, segments[0].intervalPs);
  // Layer by layer, the next image enters when the last layer is done: images do not overlap.
  const intervalPs = mapped.reloading ? batchPs / batch : layerByLayer ? latencyPs : segments[0].intervalPs;
  const parkPs = batchPs - segments.reduce((s, g) => s + segmentBatchPs({ ...g, parkInPs: 0, parkOutPs: 0, outEndPs: 0 }, batch), 0);
  if (mapped.reloading) {
    // Layer times count from the start of the run, as the engine's do: segment k's first image
    // starts once the batch has been through the earlier segments and k's weights are written.
    const startOf: number[] = [];
    segments.reduce((before, g, k) => ((startOf[k] = before + g.writePs), before + g.batchPs), 0);
    for (const layer of mapped.layers) {
      const t = timings.get(layer.name)!;
      if (layer.engine === 'none') continue;
      t.startPs += startOf[layer.segment];
      t.endPs += startOf[layer.segment];
    }
  }
  return { layers: timings, segments, intervalPs, latencyPs, parkPs, flows, resources, rowDonePs: rowsOf };
}
