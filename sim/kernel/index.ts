// Public API of the discrete-event kernel (sim/kernel imports nothing else of ohmflow).
export { Actor } from './actor.js';
;
export { KernelError } from './errors.js';
export { EventQueue, type EventHandler } from './eventQueue.js';
export {  Port,   } from './port.js';
export { Random } from './random.js';
export { Simulator,     } from './simulator.js';
export { Counter,  type StatEntry } from './stats.js';
export {
  
  assertTimePs,
  formatPs,
  invalidTimeReason,
  MAX_TIME_PS,
  
  
  
  
} from './time.js';
export {  type TraceArgs, type TraceSink, type TrackInfo,  } from './traceSink.js';
