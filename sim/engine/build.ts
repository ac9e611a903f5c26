// Builds the actor graph of one network on one chip from its MappedNetwork: a tile actor per tile,
// the NoC, and one actor per layer that does work (crossbar or digital units), wired producer ->
// consumer. Input and flatten layers are relabellings, so a consumer reads their source directly.
import type { Simulator } from '../kernel/index.js';
import { OhmflowError } from '../../workloads/errors.js';
import type { Layer, Network, TensorQuant } from '../../workloads/ir/types.js';
import type { Arch } from '../../hw/arch/schema.js';
import type { MappedNetwork } from '../../hw/mapping/types.js';
import { TileActor } from './actors/tile.js';
import { NocActor } from './actors/noc.js';
import type { LayerActor } from './actors/layer.js';
import { CrossbarLayerActor } from './actors/crossbarLayer.js';
import { UnitLayerActor } from './actors/unitLayer.js';
import { digitalOp } from './compute/digital.js';
import type { EngineContext, Fidelity } from './context.js';
import { zeroTally } from './energy.js';

export interface EngineGraph {
  ctx: EngineContext;
  /** Actor per mapped layer index (undefined for input/flatten). */
  actors: Array<LayerActor | undefined>;
  final: LayerActor;
  /** Consumers of the network input, with their slot. */
  inputConsumers: Array<{ actor: LayerActor; slot: number }>;
  inputLayerIndex: number;
  inputBits: number;
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

export function buildGraph(sim: Simulator, net: Network, mapped: MappedNetwork, arch: Arch, fidelity: Fidelity): EngineGraph {
  if (mapped.reloading) {
    throw new OhmflowError(`the engine does not simulate weight reloading yet (${mapped.segments.length} segments)`, {
      field: '--reload', fix: 'use a chip with enough crossbars for every weight (ohmflow estimate --compare-reload shows how many tiles)',
    });
  }
  const digitalMac = mapped.layers.find((l) => l.engine === 'digitalMac');
  if (digitalMac) {
    throw new OhmflowError(`layer ${digitalMac.name} runs on digital MAC PEs, which the engine does not simulate yet`, {
      field: '--digital', fix: 'pass --digital none to keep every weight layer on crossbars',
    });
  }
  const cyclePs = Math.round(1e12 / arch.clockHz);
  const tiles = Array.from({ length: arch.chip.tiles }, (_, i) => new TileActor(sim, i, arch, cyclePs));
  const noc = new NocActor(sim, arch, cyclePs, mapped.layers.length);
  const ctx: EngineContext = { arch, cyclePs, tiles, noc, fidelity, tallies: mapped.layers.map(() => zeroTally()) };
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
      const copyTiles = Array.from({ length: m.duplication }, (_, c) => Math.floor((m.placement.firstPe + Math.floor((c * resident) / perPe)) / arch.tile.peCount));
      actors[i] = new CrossbarLayerActor(sim, i, m, ctx, layer, m.inShape, quant.get(layer.inputs[0])!.scale, copyTiles);
    } else if (m.engine === 'digitalUnit') {
      const inQuant = layer.inputs.map((n) => quant.get(n)!);
      actors[i] = new UnitLayerActor(sim, i, m, ctx, layer, digitalOp(layer, inQuant), m.placement.tiles.length > 0 ? m.placement.tiles : [0]);
    }
  });

  // Follow input/flatten relabellings back to the layer that produces the data.
  const source = (name: string): string => {
    const l = netLayer.get(name)!;
    return l.kind === 'flatten' ? source(l.inputs[0]) : name;
  };
  const inputLayer = net.layers.find((l) => l.kind === 'input')!;
  const inputConsumers: EngineGraph['inputConsumers'] = [];
  mapped.layers.forEach((m, i) => {
    const actor = actors[i];
    if (actor === undefined) return;
    for (const name of m.inputs) {
      const src = source(name);
      const srcLayer = netLayer.get(src)!;
      const srcMapped = mapped.layers[indexOf.get(src)!];
      const zp = quant.get(src)!.zeroPoint;
      const slot = actor.addInput(srcMapped.outShape, zp, indexOf.get(src)!);
      if (srcLayer.kind === 'input') inputConsumers.push({ actor, slot });
      else actors[indexOf.get(src)!]!.consumers.push({ actor, slot });
    }
    if (actor instanceof CrossbarLayerActor) actor.setGeometry();
    actor.planRows();
  });
  const final = actors[indexOf.get(source(net.output))!];
  if (final === undefined) throw new OhmflowError(`network output ${net.output} is not computed by any layer`, { field: 'net.output' });
  final.isFinal = true;
  return { ctx, actors, final, inputConsumers, inputLayerIndex: indexOf.get(inputLayer.name)!, inputBits: arch.precision.inputBits };
}
