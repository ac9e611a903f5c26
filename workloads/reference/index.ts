// The integer reference executor in one import.
export { runReference,   } from './execute.js';
export type {   CrossbarConversion } from './execute.js';
export {    type ReadPlan } from './adcAware.js';
;
;
;
;
export { runReferenceParallel } from './parallel.js';
