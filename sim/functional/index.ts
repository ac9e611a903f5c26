// Public API of the functional chip: outputs without timing, images on worker threads.
export { FunctionalChip,  } from './chip.js';
export { runFunctional,  } from './parallel.js';
