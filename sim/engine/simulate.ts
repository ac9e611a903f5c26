// Runs images through the actor graph: image 0 enters the first layers' buffers at time 0 and each
// next one as soon as the first layers have started the previous one's last pixel (off-chip input
// itself is not modelled); the kernel runs until no event is left, and the result collects outputs,
// measured times, counted operations and their energy.
import { performance } from 'node:perf_hooks';
import { Simulator, type TraceSink } from '../kernel/index.js';
import { OhmflowError } from '../../workloads/errors.js';
import type { Network } from '../../workloads/ir/types.js';
import type { Arch } from '../../hw/arch/schema.js';
import type { TechTable } from '../../hw/tech/schema.js';
import type { MappedNetwork } from '../../hw/mapping/types.js';
import { chipTotals } from '../../hw/arch/rollup.js';
import { buildGraph } from './build.js';
import type { Fidelity } from './context.js';
import { addTally, engineUnitEnergy, tallyEnergyPj, zeroTally } from './energy.js';
import { checkFidelity } from './fidelity.js';
import type { EngineLayerResult, EngineResult } from './types.js';

export interface SimulateOptions {
  net: Network;
  mapped: MappedNetwork;
  arch: Arch;
  tech: TechTable;
  /** int8 input images in the network's input shape. */
  inputs: readonly Int8Array[];
  fidelity?: Fidelity;
  trace?: TraceSink;
  /** Called about every second of wall time while running. */
  onProgress?: (p: { imagesDone: number; images: number; simulatedPs: number; events: number; wallS: number }) => void;
}

const CHUNK_EVENTS = 100_000;

export function simulate(o: SimulateOptions): EngineResult {
  const fidelity = o.fidelity ?? 'exact';
  checkFidelity(o.arch, fidelity);
  if (o.inputs.length === 0) throw new OhmflowError('no input images', { field: '--images', fix: 'pass --images 1 or more' });
  const t0 = performance.now();
  const sim = new Simulator(o.trace === undefined ? {} : { trace: o.trace });
  const g = buildGraph(sim, o.net, o.mapped, o.arch, fidelity);
  let imagesDone = 0;
  g.final.onImageDone = () => {
    imagesDone++;
  };
  // The feeder writes image k + 1 once the input layer(s) have started the last pixel of image k
  // (the input buffer holds one image being read and one being written).
  let fed = 0;
  const feed = (): void => {
    // Counted before injecting: the injection may dispatch at once and ask for the next image.
    const k = fed++;
    for (const c of g.inputConsumers) c.actor.injectImage(k, c.slot, o.inputs[k], g.inputLayerIndex);
  };
  const dispatched = new Map<unknown, number>();
  for (const c of g.inputConsumers) {
    c.actor.onDispatched = (layer, count) => {
      dispatched.set(layer, count);
      const all = Math.min(...g.inputConsumers.map((x) => dispatched.get(x.actor) ?? 0));
      if (all >= fed && fed < o.inputs.length) feed();
    };
  }
  sim.call(0, feed);
  let lastReport = performance.now();
  for (;;) {
    const r = sim.run({ maxEvents: CHUNK_EVENTS });
    const now = performance.now();
    if (o.onProgress && now - lastReport > 1000) {
      lastReport = now;
      o.onProgress({ imagesDone, images: o.inputs.length, simulatedPs: sim.nowPs, events: sim.eventsProcessed, wallS: (now - t0) / 1e3 });
    }
    if (r.reason === 'empty') break;
  }
  if (imagesDone < o.inputs.length) {
    const waiting = g.actors.map((a) => a?.pendingWork() ?? '').filter((s) => s !== '');
    throw new OhmflowError(`deadlock: ${imagesDone} of ${o.inputs.length} images finished and no event is left; waiting:\n    ${waiting.join('\n    ')}`, {
      field: 'engine', fix: 'report this with the network and arch: it is an engine bug',
    });
  }
  for (const t of g.ctx.tiles) t.publishStats();
  const wallS = (performance.now() - t0) / 1e3;
  const images = o.inputs.length;
  const unit = engineUnitEnergy(o.arch, o.tech);
  const total = zeroTally();
  const layers: EngineLayerResult[] = o.mapped.layers.map((m, i) => {
    const actor = g.actors[i];
    const tally = g.ctx.tallies[i];
    addTally(total, tally);
    const e = tallyEnergyPj(tally, unit);
    const energyPj = Object.values(e).reduce((s, x) => s + x, 0) / images;
    const stagePs = actor ? Math.max(0, ...actor.lanes.map((l) => l.busyPs)) / images : 0;
    return {
      name: m.name, kind: m.kind, engine: m.engine, macs: m.macs, crossbars: m.crossbars, duplication: m.duplication,
      firstStartPs: actor ? [...actor.firstStartPs] : [], lastEndPs: actor ? [...actor.lastEndPs] : [],
      stagePs, energyPj, tally,
      waitsPs: actor ? { ...actor.waits, noc: g.ctx.noc.waitByProducer[i] } : {},
    };
  });
  const energy = tallyEnergyPj(total, unit);
  for (const k of Object.keys(energy)) energy[k] /= images;
  const dynamic = Object.values(energy).reduce((s, x) => s + x, 0);
  const imageEndPs = g.final.lastEndPs.slice(0, images);
  const busiest = Math.max(...layers.map((l) => l.stagePs));
  // Mean time between results from the first to the last image. (Averaging only the later images
  // misleads when queues grow without bound: packets of many images interleave on the links and
  // their results come out in a burst.)
  const intervalPs = images > 1 ? (imageEndPs[images - 1] - imageEndPs[0]) / (images - 1) : busiest;
  return {
    network: o.net.name,
    arch: o.arch.name,
    fidelity,
    images,
    outputs: g.final.outputs,
    imageEndPs,
    latencyPs: imageEndPs[0],
    intervalPs,
    intervalSource: images > 1 ? 'measured' : 'busiest-stage',
    layers,
    energyPj: energy,
    dynamicEnergyPjPerImage: dynamic,
    leakageMw: chipTotals(o.arch, o.tech).chip.leakageMw,
    simulatedPs: sim.nowPs,
    events: sim.eventsProcessed,
    wallS,
    stats: sim.stats(),
  };
}
