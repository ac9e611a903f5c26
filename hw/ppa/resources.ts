// Shared resources and what each layer's stage waits for. Every tile has input-buffer ports, a
// buffer-to-PE bus, an output buffer and banks of digital units that all layers placed on it share;
// the NoC has links and ejection ports. A resource's busy time per image is the sum of the work
// every layer puts on it; a stage can run no faster than the busiest resource it uses, and the
// interval no faster than the busiest resource of the chip (docs/ppa-model.md, "Shared resources").
import type { Arch } from '../arch/schema.js';
import { bandTiles, outputRows, tileShares } from '../mapping/copies.js';
import { cyclePs, pixelTimePs, stageTimePs } from '../mapping/stageTime.js';
import type { MappedLayer, MappedNetwork } from '../mapping/types.js';
import { flitPs, type EdgeFlow } from './flow.js';
import { spanFlow, type SpanFlow } from './spanFlow.js';
import { ResourceLedger } from './resourceLedger.js';
import { phaseBounds } from './phases.js';

/** Tile digital unit banks; shiftAdd merges partial sums of copies spanning PEs or tiles. */
export type UnitKind = 'requantize' | 'activation' | 'maxPool' | 'avgPool' | 'residualAdd' | 'shiftAdd';

/** Per-pixel work of a layer: its window fetch and the digital-unit steps on its output. */
interface PixelWork {
  /** Bits fetched from the input buffer per output pixel (the bus carries them to crossbar PEs). */
  windowBits: number;
  /** Digital-unit operations per output pixel, by unit kind (pipelined: they overlap). */
  steps: Array<[UnitKind, number]>;
  channels: number;
}

export function pixelWork(layer: MappedLayer, arch: Arch): PixelWork {
  const bits = arch.precision.inputBits;
  const c = layer.outShape.length === 3 ? layer.outShape[0] : layer.outputValues;
  const cin = layer.inShape.length === 3 ? layer.inShape[0] : layer.inShape.reduce((p, d) => p * d, 1);
  const [kh, kw] = layer.kernel;
  const relu = layer.activationOps > 0;
  const steps: Array<[UnitKind, number]> = [];
  let windowValues = 0;
  if (layer.engine === 'crossbar' || layer.engine === 'digitalMac') {
    windowValues = (layer.folds * layer.inputValuesRead) / Math.max(1, layer.outputPixels);
    steps.push(['requantize', c]);
    if (relu) steps.push(['activation', c]);
  } else if (layer.engine === 'digitalUnit') {
    if (layer.kind === 'maxpool') {
      windowValues = cin * kh * kw;
      steps.push(['maxPool', cin * kh * kw]);
    } else if (layer.kind === 'avgpool' || layer.kind === 'globalavgpool') {
      windowValues = cin * kh * kw;
      steps.push(['avgPool', cin * kh * kw], ['requantize', c]);
    } else if (layer.kind === 'add' || layer.kind === 'mul') {
      windowValues = 2 * c;
      steps.push(['residualAdd', c], ['requantize', c]);
      if (relu) steps.push(['activation', c]);
    } else if (layer.kind === 'affine') {
      windowValues = c;
      steps.push(['residualAdd', c], ['requantize', c]);
      if (relu) steps.push(['activation', c]);
    } else if (layer.kind === 'channels') {
      // A gather: the selected channels are fetched and written on, with no unit work.
      windowValues = c;
    } else if (layer.kind === 'concat') {
      // Every input's channels are fetched; those at another scale are requantized on the way.
      windowValues = c;
      const requantized = layer.requantizeOps / Math.max(1, layer.outputPixels);
      if (requantized > 0) steps.push(['requantize', requantized]);
    } else {
      windowValues = c;
      steps.push(['activation', c]);
    }
  }
  return { windowBits: windowValues * bits, steps, channels: c };
}

/** Time of one unit step on a tile's bank, ps (a kind with no units is costed as one). */
export function unitStepPs(kind: UnitKind, ops: number, arch: Arch): number {
  return Math.ceil(ops / Math.max(1, arch.tile.digital[kind].count)) * cyclePs(arch);
}

/** Output pixels of a layer computed on each tile per image. */
function pixelsByTile(layer: MappedLayer, arch: Arch): Map<number, number> {
  const out = new Map<number, number>();
  if (layer.engine === 'crossbar') {
    for (const [t, share] of tileShares(layer, arch)) out.set(t, layer.folds * layer.outputPixels * share);
    return out;
  }
  if (layer.engine === 'digitalUnit') {
    const bands = bandTiles(layer);
    const rows = outputRows(layer);
    const width = layer.outputPixels / rows;
    for (let oy = 0; oy < rows; oy++) out.set(bands[oy % bands.length], (out.get(bands[oy % bands.length]) ?? 0) + width);
    return out;
  }
  if (layer.engine === 'digitalMac') out.set(layer.placement.tiles[0] ?? 0, layer.outputPixels);
  return out;
}

export interface LayerBound {
  /** The layer's own work per image on its lanes (crossbar copies, unit bands), ps. */
  ownPs: number;
  /** Stage time: the own work or the busiest shared resource the layer uses, whichever is longer. */
  stagePs: number;
  /** What sets stagePs: 'crossbars', 'digital units', 'digital MACs', or a shared resource's name. */
  bottleneck: string;
  /** The layer's own work per image on the shared resource it uses most, with its input's packets
   *  that pass the same resource (not other layers' work), ps. Its pixels and the packets they
   *  read pass that resource one after another even where no other layer uses it, so the fill
   *  paces its copies by it (hw/ppa/latency.ts crossbarRows). */
  ownSharePs: number;
}

export interface ResourceModel {
  /** Busy time per image of every shared resource, ps, by key ("s0 tile 3 bus", "s0 link (1,0) x+", ...). */
  readonly busyPs: Map<string, number>;
  /** Resources each layer uses, by key. */
  readonly usedBy: Map<string, Set<string>>;
  /** The same by slot (busyPs and usedBy are named from it when first read). */
  ledger: ResourceLedger;
  layers: Map<string, LayerBound>;
  /** Per crossbar layer: its copies' spans and per-pixel work (hw/ppa/spanFlow.ts). */
  spans: Map<string, SpanFlow>;
}

/** Shared-resource loads of one segment's layers (segments do not overlap in time). */
export function resourceModel(mapped: MappedNetwork, arch: Arch, flows: readonly EdgeFlow[]): ResourceModel {
  const cycle = cyclePs(arch);
  const t = arch.tile;
  const ports = Math.max(1, t.inputBuffer.ports);
  const layerByLayer = mapped.options.schedule === 'layer-by-layer';
  // Each layer's own share of every resource is kept too: layer by layer a layer runs alone, so
  // only its own share bounds it; pipelined, its own share paces its pixels in the fill.
  const ledger = new ResourceLedger(arch, mapped.layers.length);
  const indexOf = new Map(mapped.layers.map((l, i) => [l.name, i]));
  const finals = new Set(finalLayers(mapped).map((l) => l.name));
  const spans = new Map<string, SpanFlow>();
  const placed = new Map(flows.flatMap((f) => (f.consumerSpans ? [[f.consumer.name, f.consumerSpans] as const] : [])));
  const flit = flitPs(arch);
  const outPs = (channels: number) => Math.ceil((channels * arch.precision.inputBits) / t.outputBuffer.bandwidthBitsPerCycle) * cycle;
  mapped.layers.forEach((layer, li) => {
    if (layer.engine === 'none') return;
    const seg = layer.segment;
    const work = pixelWork(layer, arch);
    if (layer.engine === 'crossbar') {
      // Per copy: each part's slice over its tile's buffer port and bus, and its merge over the
      // bus into the shift-add units; sums passed down the copy's tiles are added where that tile
      // holds the block too; requantization on the copy's tile.
      const span = spanFlow(layer, arch, work.windowBits, placed.get(layer.name));
      spans.set(layer.name, span);
      for (const cw of span.copies) {
        const n = cw.pixels;
        cw.span.parts.forEach((p, i) => {
          ledger.useTile(li, seg, p.tile, 'input buffer', (n * Math.ceil(cw.sliceBits[i] / t.inputBuffer.bandwidthBitsPerCycle) * cycle) / ports);
          ledger.useTile(li, seg, p.tile, 'bus', n * (Math.ceil(cw.sliceBits[i] / t.bus.widthBits) + Math.ceil(cw.mergeBits[i] / t.bus.widthBits)) * cycle);
          if (p.mergeValues > 0) ledger.useTile(li, seg, p.tile, 'shiftAdd', n * unitStepPs('shiftAdd', p.mergeValues, arch));
        });
        // Sums part by part from the last, each part's over one route to the previous part (its
        // slots looked up once, when first used).
        for (const run of cw.sums) {
          const src = cw.span.parts[run.from].tile;
          const dst = cw.span.parts[run.from - 1].tile;
          let addSlot = -1;
          let routeSlots: readonly number[] | undefined;
          for (let k = 0; k < run.packets.length; k++) {
            const r = run.packets[k];
            if (run.added[r.block] === 1) {
              if (addSlot < 0) addSlot = ledger.tileSlot(seg, dst, 'shiftAdd');
              ledger.use(li, addSlot, n * unitStepPs('shiftAdd', r.values, arch));
            }
            routeSlots ??= ledger.routeSlots(seg, src, dst);
            const linkPs = n * r.flitsPerPacket * flit;
            for (const slot of routeSlots) ledger.use(li, slot, linkPs);
          }
        }
        for (const [kind, ops] of work.steps) ledger.useTile(li, seg, cw.span.tile, kind, n * unitStepPs(kind, ops, arch));
        if (finals.has(layer.name)) ledger.useTile(li, seg, cw.span.tile, 'output buffer', n * outPs(work.channels));
      }
      return;
    }
    const fetchBufferPs = Math.ceil(work.windowBits / t.inputBuffer.bandwidthBitsPerCycle) * cycle;
    for (const [tile, pixels] of pixelsByTile(layer, arch)) {
      ledger.useTile(li, seg, tile, 'input buffer', (pixels * fetchBufferPs) / ports);
      for (const [kind, ops] of work.steps) ledger.useTile(li, seg, tile, kind, pixels * unitStepPs(kind, ops, arch));
      if (finals.has(layer.name)) ledger.useTile(li, seg, tile, 'output buffer', pixels * outPs(work.channels));
    }
  });
  const inboundPs: Array<Map<number, number>> = [];
  for (const f of flows) {
    const consumer = indexOf.get(f.consumer.name)!;
    const source = indexOf.get(f.source.name)!;
    // Every line buffer's writes on its tile's port (injected data written whole), then the links.
    for (const w of f.writes) {
      const perPs = f.injected
        ? Math.ceil((w.packets * w.bitsPerPacket) / t.inputBuffer.bandwidthBitsPerCycle) * cycle
        : w.packets * Math.ceil(w.bitsPerPacket / t.inputBuffer.bandwidthBitsPerCycle) * cycle;
      ledger.useTile(consumer, f.consumer.segment, w.tile, 'input buffer', perPs / ports);
    }
    if (f.injected) continue;
    for (const r of f.routes) {
      if (r.srcTile === r.dstTile) continue;
      const ps = r.packets * f.flitsPerPacket * flit;
      ledger.route(source, f.source.segment, r.srcTile, r.dstTile, ps);
      // The same packets are the consumer's input: on a slot it uses too, its rows need both.
      if (f.consumer.segment === f.source.segment) {
        const mine = (inboundPs[consumer] ??= new Map());
        for (const slot of ledger.routeSlots(f.source.segment, r.srcTile, r.dstTile)) mine.set(slot, (mine.get(slot) ?? 0) + ps);
      }
    }
    for (const r of f.forward) ledger.route(consumer, f.consumer.segment, r.srcTile, r.dstTile, r.packets * r.flitsPerPacket * flit);
  }
  const layers = new Map<string, LayerBound>();
  // Pipelined, a producer feeding a consumer dealt rows in bands loads their tiles in phases.
  const phases = layerByLayer ? new Map() : phaseBounds(arch, flows, ledger, (l) => ownStagePs(l, arch));
  mapped.layers.forEach((layer, li) => {
    const own = ownStagePs(layer, arch);
    let stagePs = own;
    let bottleneck = ownName(layer);
    let ownSharePs = 0;
    for (const slot of ledger.slotsOf(li)) {
      const mine = ledger.ownPs(li, slot);
      ownSharePs = Math.max(ownSharePs, mine + (inboundPs[li]?.get(slot) ?? 0));
      const b = layerByLayer ? mine : ledger.busyPs[slot];
      if (b > stagePs) [stagePs, bottleneck] = [b, ledger.nameOf(slot)];
    }
    const phase = phases.get(layer.name);
    if (phase !== undefined && phase.stagePs > stagePs) [stagePs, bottleneck] = [phase.stagePs, phase.bottleneck];
    layers.set(layer.name, { ownPs: own, stagePs, bottleneck, ownSharePs });
  });
  // Named when first read: the estimate needs the names of its busiest few only.
  let busyByKey: Map<string, number> | undefined;
  let usedByKey: Map<string, Set<string>> | undefined;
  return {
    get busyPs() {
      return (busyByKey ??= ledger.busyByKey());
    },
    get usedBy() {
      return (usedByKey ??= new Map(mapped.layers.map((l, li) => [l.name, ledger.keysOf(li)])));
    },
    ledger, layers, spans,
  };
}

function ownName(layer: MappedLayer): string {
  return layer.engine === 'crossbar' ? 'crossbars' : layer.engine === 'digitalMac' ? 'digital MACs' : layer.engine === 'digitalUnit' ? 'digital units' : 'none';
}

/**
 * A layer's own per-image work on its lanes, ps. Crossbar: folds x ceil(P/d) x pixel time (the
 * slowest copy). Digital units: the busiest band, its pixels one after another, each taking the
 * longer of its window fetch and its slowest unit step.
 */
function ownStagePs(layer: MappedLayer, arch: Arch): number {
  if (layer.engine === 'crossbar') return layer.folds * Math.ceil(layer.outputPixels / layer.duplication) * pixelTimePs(layer, arch);
  if (layer.engine !== 'digitalUnit') return stageTimePs(layer, arch);
  const per = unitPixelPs(layer, arch);
  return Math.max(0, ...[...pixelsByTile(layer, arch).values()].map((p) => p * per));
}

/** One output pixel on a digital-unit band: the longer of the window fetch and the slowest unit step. */
export function unitPixelPs(layer: MappedLayer, arch: Arch): number {
  const work = pixelWork(layer, arch);
  const fetchPs = Math.ceil(work.windowBits / arch.tile.inputBuffer.bandwidthBitsPerCycle) * cyclePs(arch);
  return Math.max(fetchPs, ...work.steps.map(([k, ops]) => unitStepPs(k, ops, arch)));
}

/** Layers whose output is the network's result (nothing consumes them). */
export function finalLayers(mapped: MappedNetwork): MappedLayer[] {
  const consumed = new Set(mapped.edges.map((e) => e.from));
  const byName = new Map(mapped.layers.map((l) => [l.name, l]));
  const out: MappedLayer[] = [];
  for (const l of mapped.layers) {
    if (consumed.has(l.name) || l.kind === 'input') continue;
    let src = l;
    while (src.kind === 'flatten' && src.inputs.length > 0) src = byName.get(src.inputs[0])!;
    if (src.engine !== 'none' && !out.includes(src)) out.push(src);
  }
  return out;
}
