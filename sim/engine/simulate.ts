// Runs images through the actor graph and collects the result: builds the graph, attaches the
// trace hooks, starts the feeding phases (phases.ts), runs the kernel until no event is left
// (runLoop.ts), then assembles outputs, measured times, counted operations and their energy.
import { performance } from 'node:perf_hooks';
import { Simulator, type TraceSink } from '../kernel/index.js';
import { OhmflowError } from '../../workloads/errors.js';
import type { Network } from '../../workloads/ir/types.js';
import type { Arch } from '../../hw/arch/schema.js';
import type { TechTable } from '../../hw/tech/schema.js';
import type { MappedNetwork } from '../../hw/mapping/types.js';
import { buildGraph } from './build.js';
import type { Fidelity } from './context.js';
import { engineUnitEnergy } from './energy.js';
import { checkFidelity } from './fidelity.js';
import type { AnalogParams } from './compute/analog.js';
import { EngineTraceHooks, type EngineTraceTarget } from './traceHooks.js';
import { assembleResult } from './result.js';
import { startPhases } from './phases.js';
import { runToEnd, runToEndYielding } from './runLoop.js';
import type { EngineResult } from './types.js';

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

/** A run set up and fed, ready for its loop. */
function prepare(o: SimulateOptions) {
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
  const feeder = startPhases(sim, g, o.mapped, o.inputs);
  return { o: { ...o, fidelity }, sim, g, hooks, feeder, t0 };
}

export function simulate(o: SimulateOptions): EngineResult {
  const r = prepare(o);
  const spills = runToEnd(r.sim, r.g, o.inputs.length, r.feeder, o.onProgress, r.t0);
  return assembleResult(r.o, r.sim, r.g, r.feeder.link, r.hooks, spills, r.t0);
}

/** simulate(), yielding to the event loop between chunks of events: the CLI's form, so that
 *  SIGINT and SIGTERM can stop a long run and remove its partial files. Same result. */
export async function simulateYielding(o: SimulateOptions): Promise<EngineResult> {
  const r = prepare(o);
  const spills = await runToEndYielding(r.sim, r.g, o.inputs.length, r.feeder, o.onProgress, r.t0);
  return assembleResult(r.o, r.sim, r.g, r.feeder.link, r.hooks, spills, r.t0);
}
