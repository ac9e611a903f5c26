// Builds the actor graph of one network on one chip from its MappedNetwork: a tile actor per tile,
// the NoC, and one actor per layer that does work (crossbar or digital units), wired producer ->
// consumer. Input and flatten layers are relabellings, so a consumer reads their source directly.
import { rowDemands } from './rowSkew.js';
import { rowsAtOnce } from './bandLead.js';
import { outputShares } from './outputShares.js';
import { scheduleHolds, scheduledBufferBits } from './scheduleHold.js';
import type { Simulator } from '../kernel/index.js';
import { OhmflowError } from '../../workloads/errors.js';
import type { Layer, Network, TensorQuant } from '../../workloads/ir/types.js';
import type { Arch } from '../../hw/arch/schema.js';
import type { MappedNetwork } from '../../hw/mapping/types.js';
import { TileActor } from './actors/tile.js';
import { NocActor } from './actors/noc.js';
import type { LayerActor } from './actors/layer.js';
import { CrossbarLayerActor } from './actors/crossbarLayer.js';
import { FORWARD_SHARE } from './actors/replicas.js';
import { UnitLayerActor } from './actors/unitLayer.js';
import { DigitalMacLayerActor } from './actors/digitalMacLayer.js';
import { digitalOp } from './compute/digital.js';
import type { EngineContext, Fidelity } from './context.js';
import { zeroTally } from './energy.js';
import { CreditPool } from './credits.js';
import type { AnalogParams } from './compute/analog.js';
import { analogParamsFor } from './compute/device.js';
import { engineCyclePs } from '../../hw/timing.js';

export interface EngineGraph {
  ctx: EngineContext;
  /** Actor per mapped layer index (undefined for input/flatten). */
  actors: Array<LayerActor | undefined>;
  final: LayerActor;
  /** Consumers of the network input, with their slot. */
  inputConsumers: Array<{ actor: LayerActor; slot: number }>;
  inputLayerIndex: number;
  inputBits: number;
  /** Line buffers given more than their share of a tile buffer because one output row's window
   *  needs more (so the chip as described could not run the layer without it). */
  bufferWarnings: string[];
  /** Per segment: the inputs written whole into its layers' buffers when it runs (source = the
   *  producing layer's index, or the input layer's). One segment when nothing is reloaded. */
  segmentFeeds: Array<Array<{ actor: LayerActor; slot: number; source: number }>>;
  /** Per segment: its layers' actors. */
  segmentActors: LayerActor[][];
}

interface BuildOptions {
  /** Finite buffers with credits (default true); false = unbounded queues, as before. */
  backPressure?: boolean;
  /** `analog` fidelity's parameters beyond the arch's device section (compute/device.ts). */
  analog?: Partial<AnalogParams>;
}

function outputQuant(net: Network): Map<string, TensorQuant> {
  const q = new Map<string, TensorQuant>();
  for (const l of net.layers) {
    if (l.kind === 'input') q.set(l.name, l.quant);
    else if ('outQuant' in l) q.set(l.name, l.outQuant);
    else q.set(l.name, q.get(l.inputs[0])!);
  }
  return q;
}

export function buildGraph(sim: Simulator, net: Network, mapped: MappedNetwork, arch: Arch, fidelity: Fidelity, o: BuildOptions = {}): EngineGraph {
  const layerByLayer = mapped.options.schedule === 'layer-by-layer';
  // Layer by layer, a tile holds whole feature maps (NeuroSim's buffers): no back-pressure.
  const backPressure = !layerByLayer && (o.backPressure ?? true);
  const cyclePs = engineCyclePs(arch);
  const tiles = Array.from({ length: arch.chip.tiles }, (_, i) => new TileActor(sim, i, arch, cyclePs));
  const noc = new NocActor(sim, arch, cyclePs, mapped.layers.length);
  const outBits = backPressure ? arch.tile.outputBuffer.sizeBytes * 8 : Infinity;
  const outQueues = tiles.map((t) => new CreditPool(`${t.name}.outputBuffer`, outBits));
  const forwardQueues = tiles.map((t) => new CreditPool(`${t.name}.outputBuffer.forwards`, outBits * FORWARD_SHARE));
  const ctx: EngineContext = {
    arch, cyclePs, tiles, noc, pes: new Map(), fidelity, layerByLayer,
    tallies: mapped.layers.map(() => zeroTally()), outQueues, forwardQueues, outShares: tiles.map(() => new Map()), lineBuffersOnTile: tiles.map(() => []),
    analog: analogParamsFor(arch, o.analog),
  };
  noc.onFlitHops = (producer, flits) => {
    ctx.tallies[producer].nocFlitHops += flits;
  };

  const netLayer = new Map<string, Layer>(net.layers.map((l) => [l.name, l]));
  const indexOf = new Map(mapped.layers.map((l, i) => [l.name, i]));
  const quant = outputQuant(net);
  const actors: Array<LayerActor | undefined> = mapped.layers.map(() => undefined);
  const perPe = arch.tile.pe.crossbar.count;

  mapped.layers.forEach((m, i) => {
    const layer = netLayer.get(m.name)!;
    if (m.engine === 'crossbar') {
      if (layer.kind !== 'conv2d' && layer.kind !== 'dense') throw new Error(`crossbar layer ${m.name} is a ${layer.kind}`);
      const resident = m.partition!.crossbarsPerCopy;
      // Copy c's first crossbar: copies fill consecutive crossbars from the layer's first PE.
      const copyTiles = Array.from(
        { length: m.duplication },
        (_, c) => Math.floor((m.placement.firstPe + Math.floor((c * resident) / perPe)) / arch.tile.peCount),
      );
      actors[i] = new CrossbarLayerActor(sim, i, m, ctx, layer, m.inShape, quant.get(layer.inputs[0])!.scale, copyTiles);
    } else if (m.engine === 'digitalMac') {
      if (layer.kind !== 'conv2d' && layer.kind !== 'dense') throw new Error(`digital MAC layer ${m.name} is a ${layer.kind}`);
      actors[i] = new DigitalMacLayerActor(sim, i, m, ctx, layer, quant.get(layer.inputs[0])!.scale);
    } else if (m.engine === 'digitalUnit') {
      const inQuant = layer.inputs.map((n) => quant.get(n)!);
      const inShapes = layer.inputs.map((n) => mapped.layers[indexOf.get(n)!].outShape);
      actors[i] = new UnitLayerActor(sim, i, m, ctx, layer, digitalOp(layer, inQuant, inShapes), m.placement.tiles.length > 0 ? m.placement.tiles : [0]);
    }
  });

  // Follow input/flatten relabellings back to the layer that produces the data.
  const source = (name: string): string => {
    const l = netLayer.get(name)!;
    return l.kind === 'flatten' ? source(l.inputs[0]) : name;
  };
  const inputLayer = net.layers.find((l) => l.kind === 'input')!;
  const inputConsumers: EngineGraph['inputConsumers'] = [];
  const segmentFeeds: EngineGraph['segmentFeeds'] = mapped.segments.map(() => []);
  if (segmentFeeds.length === 0) segmentFeeds.push([]);
  mapped.layers.forEach((m, i) => {
    const actor = actors[i];
    if (actor === undefined) return;
    for (const name of m.inputs) {
      const src = source(name);
      const srcLayer = netLayer.get(src)!;
      const srcMapped = mapped.layers[indexOf.get(src)!];
      const zp = quant.get(src)!.zeroPoint;
      const srcIndex = indexOf.get(src)!;
      const slot = actor.addInput(srcMapped.outShape, zp, srcIndex);
      // Data from before this segment (the network input, or a layer of an earlier segment whose
      // output was parked off chip) is written into the buffer whole when the segment runs.
      const parked = srcLayer.kind === 'input' || srcMapped.segment !== m.segment;
      actor.injected[slot] = parked;
      if (parked) {
        segmentFeeds[m.segment].push({ actor, slot, source: srcIndex });
        if (srcLayer.kind === 'input') inputConsumers.push({ actor, slot });
        else actors[srcIndex]!.keepsOutputs = true;
      } else actors[srcIndex]!.consumers.push({ actor, slot });
    }
    if (actor instanceof CrossbarLayerActor || actor instanceof DigitalMacLayerActor) actor.setGeometry();
    actor.planRows();
  });
  for (const a of actors) for (const [tile, i] of a?.lineBufferTiles() ?? []) ctx.lineBuffersOnTile[tile].push([a!, i]);
  const bufferWarnings = backPressure ? sizeLineBuffers(ctx, arch, actors, mapped) : [];
  if (backPressure) ctx.outShares = outputShares(actors, arch, outBits);
  const final = actors[indexOf.get(source(net.output))!];
  if (final === undefined) throw new OhmflowError(`network output ${net.output} is not computed by any layer`, { field: 'net.output' });
  final.isFinal = true;
  const segmentActors: LayerActor[][] = segmentFeeds.map(() => []);
  mapped.layers.forEach((m, i) => {
    if (actors[i] !== undefined) segmentActors[m.segment].push(actors[i]!);
  });
  return {
    ctx, actors, final, inputConsumers, inputLayerIndex: indexOf.get(inputLayer.name)!, inputBits: arch.precision.inputBits,
    bufferWarnings, segmentFeeds, segmentActors,
  };
}

/** Each tile's input buffer is one credit pool shared by the line buffers (bands, and replicas of a
 *  crossbar layer's band) on it. A buffer smaller than what its line buffers hold at most (a window
 *  each, the skew of residual branches, the rows a banded producer makes at once, the rows of the
 *  next window being written: nextWindow.ts) would stall the producers feeding both branches of a
 *  residual block until neither can go on, or run a banded producer's bands one at a time
 *  (bandLead.ts); a join's or a fork consumer's line buffer holds at least what the model's
 *  schedule keeps in it (scheduleHold.ts). Such a pool is simulated at that
 *  size, with a warning naming the tile and how far short the chip as described falls. */
function sizeLineBuffers(ctx: EngineContext, arch: Arch, actors: ReadonlyArray<LayerActor | undefined>, mapped: MappedNetwork): string[] {
  const warnings: string[] = [];
  const tileBits = arch.tile.inputBuffer.sizeBytes * 8;
  const demand = rowDemands(actors);
  const atOnce = rowsAtOnce(actors);
  const holds = scheduleHolds(actors, mapped, arch);
  actors.forEach((a, i) => {
    if (a !== undefined && holds.imagesAhead[i] !== undefined) a.imagesAhead = holds.imagesAhead[i]!;
  });
  ctx.tiles.forEach((_, t) => {
    const bands = ctx.lineBuffersOnTile[t];
    if (bands.length === 0) return;
    const minBits = bands.map(([a, i]) => Math.max(a.minBufferBits(i, demand, atOnce), scheduledBufferBits(a, i, holds)));
    const sumBits = minBits.reduce((s, x) => s + x, 0);
    const needBits = Math.ceil(sumBits / 8) * 8;
    if (needBits > tileBits) warnings.push(`tile ${t}: its ${bands.length} line buffer(s) hold up to ${needBits / 8} B (windows, residual skew, rows a banded producer makes at once, rows held under the model's schedule and the rows of each next window being written), the input buffer has ${tileBits / 8} B (simulated as ${needBits / 8} B)`);
    const pool = new CreditPool(`tile${t}.inputBuffer`, Math.max(tileBits, needBits));
    // Each line buffer's share is the buffer in proportion to what it needs at least.
    bands.forEach(([a, i], k) => a.setPool(i, pool, sumBits === 0 ? pool.capacityBits : (pool.capacityBits * minBits[k]) / sumBits));
  });
  return warnings;
}
