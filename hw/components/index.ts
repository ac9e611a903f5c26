// Cost functions of every component kind: pure (params, tech table) -> figures of one unit.
export type { ComponentCost } from './types.js';
;
export { crossbarCost,  } from './crossbar.js';
export { dacCost,  } from './dac.js';
export { adcCost,  } from './adc.js';
export { sampleHoldCost } from './sampleHold.js';
export { shiftAddCost } from './shiftAdd.js';
export { bufferCost,  } from './buffer.js';
export { registerCost } from './register.js';
export { busCost } from './bus.js';
export { routerCost,  } from './router.js';
export { activationCost } from './activation.js';
export { poolCost } from './pool.js';
export { residualAddCost } from './residualAdd.js';
export { requantizeCost } from './requantize.js';
export { digitalMacCost } from './digitalMac.js';
export { offChipLinkCost } from './offChipLink.js';
