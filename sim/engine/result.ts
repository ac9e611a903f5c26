// What a finished run returns: outputs, measured times (latency, interval), counted operations per
// layer and their energy, statistics and buffer use. Statistics kept as reservations are copied
// into the kernel's counters first.
import { performance } from 'node:perf_hooks';
import type { Simulator } from '../kernel/index.js';
import { chipTotals } from '../../hw/arch/rollup.js';
import type { EngineGraph } from './build.js';
import type { OffChipLinkActor } from './actors/offChip.js';
import { addTally, engineUnitEnergy, tallyEnergyPj, zeroTally } from './energy.js';
import type { EngineTraceHooks } from './traceHooks.js';
import type { SimulateOptions } from './simulate.js';
import type { EngineLayerResult, EngineResult } from './types.js';
import type { Fidelity } from './context.js';

export function assembleResult(
  o: SimulateOptions & { fidelity: Fidelity }, sim: Simulator, g: EngineGraph, link: OffChipLinkActor | undefined, hooks: EngineTraceHooks | undefined,
  spills: number, t0: number,
): EngineResult {
  const images = o.inputs.length;
  const reloading = o.mapped.reloading;
  const fidelity = o.fidelity;
  for (const t of g.ctx.tiles) t.publishStats();
  for (const pe of g.ctx.pes.values()) pe.publishStats();
  link?.publishStats();
  const wallS = (performance.now() - t0) / 1e3;
  const unit = engineUnitEnergy(o.arch, o.tech, o.mapped.cellWrite.energyPjPerCell);
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
      stagePs, energyPj, energyPjByKind: Object.fromEntries(Object.entries(e).map(([k, pj]) => [k, pj / images])), tally,
      waitsPs: actor ? { ...actor.waits, noc: g.ctx.noc.waitByProducer[i] } : {},
    };
  });
  const energy = tallyEnergyPj(total, unit);
  for (const k of Object.keys(energy)) energy[k] /= images;
  const dynamic = Object.values(energy).reduce((s, x) => s + x, 0);
  const imageEndPs = g.final.lastEndPs.slice(0, images);
  // With one image there is no time between results to measure: the interval is the busiest
  // resource's busy time, the engine's own count of it (a lane, a link or ejection port, a tile's
  // buffer port, bus or unit bank), which the next image could not overlap with.
  const busiest = Math.max(
    ...layers.map((l) => l.stagePs),
    g.ctx.noc.busiestLinkPs() / images,
    ...g.ctx.tiles.map((t) => t.busiestPs() / images),
  );
  // Mean time between results from the first to the last image. (Averaging only the later images
  // misleads when queues grow without bound: packets of many images interleave on the links and
  // their results come out in a burst.)
  // With reloading, results come in batches separated by weight writes: the interval is the whole
  // run's time per image (writes amortized over the batch), as the analytical model states it.
  const intervalPs = reloading ? imageEndPs[images - 1] / images : images > 1 ? (imageEndPs[images - 1] - imageEndPs[0]) / (images - 1) : busiest;
  // The median gap between consecutive results: the steady-state interval once the pipeline has
  // filled, unmoved by the fill and the drain at the ends of the run.
  const gaps = imageEndPs.slice(1).map((e, k) => e - imageEndPs[k]).sort((x, y) => x - y);
  const steadyIntervalPs = gaps.length === 0 ? intervalPs : gaps[Math.floor(gaps.length / 2)];
  const leakageMw = chipTotals(o.arch, o.tech).chip.leakageMw;
  // The trace charges leakage as the report does (report.ts): chip leakage over the interval, per image.
  hooks?.finish(sim.nowPs, leakageMw * (intervalPs / 1e3) * images);
  return {
    network: o.net.name,
    arch: o.arch.name,
    fidelity,
    images,
    outputs: g.final.outputs,
    imageEndPs,
    latencyPs: imageEndPs[0],
    intervalPs,
    intervalSource: reloading ? 'batch-amortized' : images > 1 ? 'measured' : 'busiest-stage',
    ...(link === undefined ? {} : {
      offChip: {
        bandwidthBytesPerS: link.bandwidthBytesPerS, outBits: link.outBits.value, inBits: link.inBits.value,
        outBusyPs: link.out.busyPs, inBusyPs: link.in.busyPs, inWaitPs: link.in.waitPs,
      },
    }),
    steadyIntervalPs,
    layers,
    energyPj: energy,
    dynamicEnergyPjPerImage: dynamic,
    leakageMw,
    simulatedPs: sim.nowPs,
    events: sim.eventsProcessed,
    wallS,
    stats: sim.stats(),
    buffers: [...new Set(g.actors.flatMap((a) => a?.bands.map((b) => b.buffer) ?? [])), ...g.ctx.outQueues]
      .filter((p) => Number.isFinite(p.capacityBits))
      .map((p) => ({ name: p.name, capacityBits: p.capacityBits, maxUsedBits: p.maxUsedBits, refusals: p.refusals, overflowGrants: p.overflowGrants })),
    bufferWarnings: spills === 0 ? g.bufferWarnings : [
      ...g.bufferWarnings,
      `${spills} time(s) every held pixel waited for a full buffer (a cycle through a residual block whose skew the buffers cannot hold): the engine let one delivery past its buffer each time; see buffers[].overflowGrants`,
    ],
  };
}
