// Public API of the functional chip: outputs without timing, images on worker threads.
export { FunctionalChip, type FunctionalOptions } from './chip.js';
export { runFunctional, type FunctionalWork } from './parallel.js';
