// Public API of the discrete-event kernel (sim/kernel imports nothing else of ohmflow).
export { Actor } from './actor.js';
export { Clock, ClockHandler } from './clock.js';
export { KernelError } from './errors.js';
export { EventQueue, type EventHandler } from './eventQueue.js';
export { connectPorts, Port, type Link, type LinkOptions } from './port.js';
export { Random } from './random.js';
export { Simulator, type RunOptions, type RunSummary, type SimulatorOptions, type StopReason } from './simulator.js';
export { Counter, StatRegistry, type StatEntry } from './stats.js';
export {
  assertDurationPs,
  assertTimePs,
  formatPs,
  invalidTimeReason,
  MAX_TIME_PS,
  PS_PER_MS,
  PS_PER_NS,
  PS_PER_S,
  PS_PER_US,
} from './time.js';
export { TrackRegistry, type TraceArgs, type TraceSink, type TrackInfo, type TrackKind } from './traceSink.js';
