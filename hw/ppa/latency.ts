// Pipeline timing: stage times, the steady-state interval, and the first image's latency with the
// pipeline fill. The fill is a max-plus recurrence over output rows: a row starts when the input
// rows its window needs have arrived, on lanes that are free; its completion feeds the consumers
// after the NoC transfer. docs/ppa-model.md, "Latency".
import type { Arch } from '../arch/schema.js';
import { bandTiles, copyTiles, inputRowsOf, outputRows } from '../mapping/copies.js';
import { cyclePs, pixelTimePs } from '../mapping/stageTime.js';
import type { MappedLayer, MappedNetwork } from '../mapping/types.js';
import { edgeFlows, type EdgeFlow } from './flow.js';
import { finalLayers, pixelWork, resourceModel, unitPixelPs, unitStepPs, type ResourceModel } from './resources.js';

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
  /** Per segment: interval (slowest stage) and fill (first image through the segment), ps. */
  segments: Array<{ intervalPs: number; fillPs: number; writePs: number }>;
  intervalPs: number;
  latencyPs: number;
  flows: EdgeFlow[];
  resources: ResourceModel;
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

interface Rows {
  startPs: number;
  /** When each output row is complete (its last pixel out of the layer), ps. */
  donePs: Float64Array;
}

/** Crossbar layer: pixels in order on copies round-robin; a copy starts its next pixel when free. */
function crossbarRows(layer: MappedLayer, arch: Arch, readyOfRow: (oy: number) => number): Rows {
  const cycle = cyclePs(arch);
  const work = pixelWork(layer, arch);
  const fetchPs = Math.max(Math.ceil(work.windowBits / arch.tile.inputBuffer.bandwidthBitsPerCycle), Math.ceil(work.windowBits / arch.tile.bus.widthBits)) * cycle;
  const unitPs = Math.max(...work.steps.map(([k, ops]) => unitStepPs(k, ops, arch)));
  const tauPs = layer.folds * pixelTimePs(layer, arch);
  const d = layer.duplication;
  const rank = rankOnTile(copyTiles(layer, arch));
  const perTile = Math.max(...rank) + 1;
  // Copies on one tile share its buffer port/bus and requantizers: in a round they are served one
  // after another, so the k-th copy's output is k serial steps later; if a round of them takes
  // longer than a pixel, the tile (not the crossbars) sets the pace.
  const serialPs = Math.max(fetchPs, unitPs);
  const periodPs = Math.max(tauPs, perTile * serialPs);
  const rows = outputRows(layer);
  const width = layer.outputPixels / rows;
  const starts = new Float64Array(d).fill(-Infinity);
  const donePs = new Float64Array(rows);
  let first = Infinity;
  let n = 0;
  for (let oy = 0; oy < rows; oy++) {
    const ready = readyOfRow(oy) + fetchPs;
    let done = 0;
    for (let ox = 0; ox < width; ox++, n++) {
      const c = n % d;
      const s = Math.max(ready, starts[c] + periodPs);
      starts[c] = s;
      first = Math.min(first, s);
      done = Math.max(done, s + tauPs + unitPs + rank[c] * serialPs);
    }
    donePs[oy] = done;
  }
  return { startPs: first, donePs };
}

/** Digital-unit layer: each band (tile) runs its rows' pixels one after another. */
function unitRows(layer: MappedLayer, arch: Arch, readyOfRow: (oy: number) => number): Rows {
  const cycle = cyclePs(arch);
  const work = pixelWork(layer, arch);
  const fetchPs = Math.ceil(work.windowBits / arch.tile.inputBuffer.bandwidthBitsPerCycle) * cycle;
  const chainPs = Math.max(0, ...work.steps.map(([k, ops]) => unitStepPs(k, ops, arch)));
  const perPixelPs = unitPixelPs(layer, arch);
  const bands = bandTiles(layer).length;
  const rows = outputRows(layer);
  const width = layer.outputPixels / rows;
  const free = new Float64Array(bands);
  const donePs = new Float64Array(rows);
  let first = Infinity;
  for (let oy = 0; oy < rows; oy++) {
    const b = oy % bands;
    const s = Math.max(readyOfRow(oy) + fetchPs, free[b]);
    first = Math.min(first, s);
    donePs[oy] = s + (width - 1) * perPixelPs + chainPs;
    free[b] = s + width * perPixelPs;
  }
  return { startPs: first, donePs };
}

/** Digital MAC layer: its stage spread evenly over its output rows. */
function evenRows(layer: MappedLayer, stagePs: number, readyOfRow: (oy: number) => number): Rows {
  const rows = outputRows(layer);
  const donePs = new Float64Array(rows);
  let t = 0;
  for (let oy = 0; oy < rows; oy++) {
    t = Math.max(t, readyOfRow(oy)) + stagePs / rows;
    donePs[oy] = t;
  }
  return { startPs: Math.max(0, readyOfRow(0)), donePs };
}

export function networkTiming(mapped: MappedNetwork, arch: Arch): NetworkTiming {
  const flows = edgeFlows(mapped, arch);
  const resources = resourceModel(mapped, arch, flows);
  const inbound = new Map<string, EdgeFlow[]>();
  for (const f of flows) inbound.set(f.consumer.name, [...(inbound.get(f.consumer.name) ?? []), f]);
  const rowsOf = new Map<string, Float64Array>();
  const timings = new Map<string, LayerTiming>();
  for (const layer of mapped.layers) {
    const bound = resources.layers.get(layer.name)!;
    if (layer.engine === 'none') {
      timings.set(layer.name, { stagePs: 0, bottleneck: 'none', startPs: 0, endPs: 0 });
      continue;
    }
    const mine = inbound.get(layer.name) ?? [];
    const readyOfRow = (oy: number): number => {
      let ready = 0;
      for (const f of mine) {
        if (f.injected) {
          ready = Math.max(ready, f.transferPs);
          continue;
        }
        const src = rowsOf.get(f.source.name)!;
        // The last source row this output row reads (vector sources and consumers: all of it).
        const need = f.source.outShape.length === 3 && layer.outShape.length === 3 && layer.kind !== 'globalavgpool' && layer.kind !== 'dense'
          ? Math.min(src.length - 1, inputRowsOf(layer, oy)[1])
          : src.length - 1;
        ready = Math.max(ready, src[need] + f.transferPs);
      }
      return ready;
    };
    const r = layer.engine === 'crossbar' ? crossbarRows(layer, arch, readyOfRow)
      : layer.engine === 'digitalUnit' ? unitRows(layer, arch, readyOfRow)
      : evenRows(layer, bound.ownPs, readyOfRow);
    rowsOf.set(layer.name, r.donePs);
    timings.set(layer.name, { stagePs: bound.stagePs, bottleneck: bound.bottleneck, startPs: r.startPs, endPs: Math.max(...r.donePs) });
  }
  // The network's result is written to the output buffer of the tile that computed it.
  const cycle = cyclePs(arch);
  const outWritePs = new Map(finalLayers(mapped).map((l) => [l.name, Math.ceil((pixelWork(l, arch).channels * arch.precision.inputBits) / arch.tile.outputBuffer.bandwidthBitsPerCycle) * cycle]));
  for (const [name, ps] of outWritePs) timings.get(name)!.endPs += ps;

  const batch = mapped.reloading ? mapped.options.batch : 1;
  const segments = mapped.segments.map((s) => {
    const members = s.layers.map((n) => timings.get(n)!);
    return {
      intervalPs: Math.max(0, ...members.map((t) => t.stagePs)),
      fillPs: Math.max(0, ...members.map((t) => t.endPs)),
      writePs: s.writeLatencyPs,
    };
  });
  // One segment, stationary weights: images stream at the slowest stage, and one image cannot
  // finish before the busiest resource has done its share of it. With reloading, each segment
  // writes its weights, then runs the whole batch through before the next one starts.
  const batchPs = segments.reduce((s, g) => s + g.writePs + Math.max(g.fillPs, g.intervalPs) + (batch - 1) * g.intervalPs, 0);
  const intervalPs = mapped.reloading ? batchPs / batch : segments[0].intervalPs;
  const last = segments[segments.length - 1];
  const latencyPs = mapped.reloading ? batchPs - (batch - 1) * last.intervalPs : Math.max(segments[0].fillPs, segments[0].intervalPs);
  return { layers: timings, segments, intervalPs, latencyPs, flows, resources };
}
