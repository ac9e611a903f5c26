// Runs images through the actor graph: image 0 enters the first layers' buffers at time 0 and each
// next one as soon as the first layers have started the previous one's last pixel (off-chip input
// itself is not modelled); the kernel runs until no event is left, and the result collects outputs,
// measured times, counted operations and their energy. With weight reloading, each batch runs
// through the segments in turn, each after its weight writes, fed from the previous ones' parked
// outputs, which go out and come back through the off-chip links (actors/offChip.ts).
import { performance } from 'node:perf_hooks';
import { Simulator, type TraceSink } from '../kernel/index.js';
import { OhmflowError } from '../../workloads/errors.js';
import type { Network } from '../../workloads/ir/types.js';
import type { Arch } from '../../hw/arch/schema.js';
import type { TechTable } from '../../hw/tech/schema.js';
import type { MappedNetwork } from '../../hw/mapping/types.js';
import { chipTotals } from '../../hw/arch/rollup.js';
import { buildGraph } from './build.js';
import type { LayerActor } from './actors/layer.js';
import { OffChipLinkActor } from './actors/offChip.js';
import type { Fidelity } from './context.js';
import { addTally, engineUnitEnergy, tallyEnergyPj, zeroTally } from './energy.js';
import { checkFidelity } from './fidelity.js';
import type { AnalogParams } from './compute/analog.js';
import { EngineTraceHooks, type EngineTraceTarget } from './traceHooks.js';
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
  /** Component-level activity, counters and energy for a trace (traces/perfetto/engineSink.ts). */
  activityTrace?: EngineTraceTarget;
  /** Finite tile buffers with credit back-pressure (default true). */
  backPressure?: boolean;
  /** `analog` fidelity: conductance sigma, read noise sigma and seed (defaults: DEFAULT_ANALOG). */
  analog?: Partial<AnalogParams>;
  /** Called about every second of wall time while running. */
  onProgress?: (p: SimulateProgress) => void;
}

/** Where a run is: `pixelsDone` of `pixelsTotal` output pixels over every layer and image (the
 *  fraction of the work, finer than whole images for a progress bar). */
export interface SimulateProgress {
  imagesDone: number;
  images: number;
  pixelsDone: number;
  pixelsTotal: number;
  simulatedPs: number;
  events: number;
  wallS: number;
}

const CHUNK_EVENTS = 100_000;

export function simulate(o: SimulateOptions): EngineResult {
  const fidelity = o.fidelity ?? 'exact';
  checkFidelity(o.arch, fidelity);
  if (o.inputs.length === 0) throw new OhmflowError('no input images', { field: '--images', fix: 'pass --images 1 or more' });
  const t0 = performance.now();
  const sim = new Simulator(o.trace === undefined ? {} : { trace: o.trace });
  const g = buildGraph(sim, o.net, o.mapped, o.arch, fidelity, {
    ...(o.backPressure === undefined ? {} : { backPressure: o.backPressure }),
    ...(o.analog === undefined ? {} : { analog: o.analog }),
  });
  const hooks = o.activityTrace === undefined
    ? undefined
    : new EngineTraceHooks(o.activityTrace, sim, g.ctx, o.mapped.layers, engineUnitEnergy(o.arch, o.tech, o.mapped.cellWrite.energyPjPerCell));
  if (hooks !== undefined) {
    g.ctx.trace = hooks;
    g.ctx.noc.trace = hooks;
  }
  let imagesDone = 0;
  const images = o.inputs.length;
  const reloading = o.mapped.reloading;
  // Phases: each batch of images runs through segment 0, then segment 1, ... (weights rewritten
  // before each), or one phase with every image when the weights stay resident; layer by layer,
  // one phase per image, so the next image enters when the last layer has finished.
  const batch = reloading ? Math.max(1, o.mapped.options.batch) : g.ctx.layerByLayer ? 1 : images;
  const phases: Array<{ segment: number; images: number[] }> = [];
  for (let b0 = 0; b0 < images; b0 += batch) {
    const members = Array.from({ length: Math.min(images, b0 + batch) - b0 }, (_, j) => b0 + j);
    for (let seg = 0; seg < g.segmentFeeds.length; seg++) phases.push({ segment: seg, images: members });
  }
  const inputBits = o.arch.precision.inputBits;
  // Parked tensors cross the off-chip links (reloading only): a producer's output is written out
  // once per later-segment input that reads it, and read back by each (as the energy counts it).
  const link = reloading ? new OffChipLinkActor(sim, o.mapped.offChip.bandwidthBytesPerS) : undefined;
  const parkedReaders = new Map<LayerActor, number>();
  for (const feeds of g.segmentFeeds) {
    for (const f of feeds) if (f.source !== g.inputLayerIndex) parkedReaders.set(g.actors[f.source]!, (parkedReaders.get(g.actors[f.source]!) ?? 0) + 1);
  }
  // A tensor read back over the links is prefetched one image ahead: image k's transfer starts once
  // the consumers have started the last pixel of image k - 2 (their buffers hold k - 1 being read and
  // k being written), so it overlaps compute. The network input (not timed) keeps k - 1.
  const aheadOf = g.segmentFeeds.map((feeds) => (feeds.some((f) => f.source !== g.inputLayerIndex) ? 1 : 0));
  let phase = 0;
  let fed = 0;
  let phaseDone = 0;
  const dispatched = new Map<unknown, number>();
  // The feeder writes image k of the phase once the segment's input layers have started the last
  // pixel of image k - 1 (an input buffer holds one image being read and one being written).
  const feed = (): void => {
    const ph = phases[phase];
    // Counted before injecting: the injection may dispatch at once and ask for the next image.
    const k = ph.images[fed++];
    for (const f of g.segmentFeeds[ph.segment]) {
      if (f.source === g.inputLayerIndex) {
        f.actor.injectImage(k, f.slot, o.inputs[k], f.source);
        continue;
      }
      const data = g.actors[f.source]!.outputs[k];
      const bits = data.length * inputBits;
      g.ctx.tallies[f.actor.index].offChipBits += 2 * bits;
      // Written into the consumer's buffers once the whole tensor is on chip (store and forward).
      // (Only reloading has inputs from another segment, so the links exist.)
      const arrivedPs = link!.readBack(sim.nowPs, bits);
      sim.call(arrivedPs - sim.nowPs, () => f.actor.injectImage(k, f.slot, data, f.source));
    }
  };
  const tryFeed = (): void => {
    for (;;) {
      const ph = phases[phase];
      if (ph === undefined || fed === 0 || fed >= ph.images.length) return;
      const all = Math.min(...g.segmentFeeds[ph.segment].map((x) => dispatched.get(x.actor) ?? 0));
      if (all < ph.images[fed] - aheadOf[ph.segment]) return;
      feed();
    }
  };
  for (const feeds of g.segmentFeeds) {
    for (const f of feeds) {
      f.actor.onDispatched = (layer, count) => {
        dispatched.set(layer, count);
        tryFeed();
      };
    }
  }
  const startPhase = (): void => {
    const ph = phases[phase];
    fed = 0;
    phaseDone = 0;
    let writePs = 0;
    if (reloading) {
      // The segment's weights are programmed before its batch: rows of a PE one after another, PEs
      // in parallel (the mapping's write time); every cell of every copy is written.
      writePs = o.mapped.segments[ph.segment].writeLatencyPs;
      o.mapped.layers.forEach((m, i) => {
        if (m.segment === ph.segment && m.engine === 'crossbar') g.ctx.tallies[i].cellWrites += m.duplication * m.partition!.cellsUsed;
      });
    }
    sim.call(writePs, () => {
      feed();
      tryFeed();
    });
  };
  for (const actors of g.segmentActors) {
    for (const a of actors) {
      const readers = parkedReaders.get(a) ?? 0;
      a.onImageDone = (_layer, k) => {
        // A parked output goes off chip once the image's last output is in the output buffer.
        if (readers > 0 && link !== undefined) link.writeOut(Math.max(sim.nowPs, a.lastEndPs[k]), readers * a.outputs[k].length * inputBits);
        if (a === g.final) imagesDone++;
        if (++phaseDone < actors.length * phases[phase].images.length) return;
        // The segment has finished the batch: the next phase starts once its last outputs are out,
        // written off chip included.
        const endPs = Math.max(sim.nowPs, link?.out.freePs ?? 0, ...actors.flatMap((x) => phases[phase].images.map((k) => x.lastEndPs[k] ?? 0)));
        phase++;
        if (phase < phases.length) sim.call(endPs - sim.nowPs, startPhase);
      };
    }
  }
  startPhase();
  let lastReport = performance.now();
  let spills = 0;
  for (;;) {
    const r = sim.run({ maxEvents: CHUNK_EVENTS });
    const now = performance.now();
    if (o.onProgress && now - lastReport > 1000) {
      lastReport = now;
      let pixelsDone = 0;
      let pixelsTotal = 0;
      for (const a of g.actors) {
        if (a === undefined) continue;
        pixelsDone += a.pixelsDone.value;
        pixelsTotal += a.pixels * images;
      }
      o.onProgress({ imagesDone, images, pixelsDone, pixelsTotal, simulatedPs: sim.nowPs, events: sim.eventsProcessed, wallS: (now - t0) / 1e3 });
    }
    if (r.reason !== 'empty') continue;
    // Out of events with pixels held for buffer space: a cycle of full buffers. Spill one
    // delivery past its buffer (counted in that buffer's overflowGrants) and go on; the report
    // says which buffers were too small for the network.
    // The deepest held layer goes first: it drains toward the output instead of pushing more data
    // into the full region.
    if ([...g.actors].reverse().some((a) => a?.spillHeld() === true)) {
      spills++;
      continue;
    }
    break;
  }
  if (imagesDone < o.inputs.length) {
    const waiting = g.actors.map((a) => a?.pendingWork() ?? '').filter((s) => s !== '');
    throw new OhmflowError(`deadlock: ${imagesDone} of ${o.inputs.length} images finished and no event is left; waiting:\n    ${waiting.join('\n    ')}`, {
      field: 'engine', fix: 'report this with the network and arch: it is an engine bug',
    });
  }
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
  const busiest = Math.max(...layers.map((l) => l.stagePs));
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
