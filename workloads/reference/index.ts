// The integer reference executor in one import.
export { runReference, runReferenceBatch, inputTensor } from './execute.js';
export type { ReferenceOptions, ReferenceResult, CrossbarConversion } from './execute.js';
export { adcConv2d, adcDense, type AdcModel, type ReadPlan } from './adcAware.js';
export { conv2d } from './conv2d.js';
export { dense } from './dense.js';
export { maxPool, avgPool, globalAvgPool } from './pool.js';
export { add, relu, flatten } from './elementwise.js';
export { runReferenceParallel } from './parallel.js';
