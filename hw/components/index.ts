// Cost functions of every component kind: pure (params, tech table) -> figures of one unit.
export type { ComponentCost } from './types.js';
export { cyclePs } from './types.js';
export { crossbarCost, type CrossbarParams } from './crossbar.js';
export { dacCost, type DacParams } from './dac.js';
export { adcCost, type AdcParams } from './adc.js';
export { sampleHoldCost } from './sampleHold.js';
export { shiftAddCost } from './shiftAdd.js';
export { bufferCost, type BufferParams } from './buffer.js';
export { registerCost } from './register.js';
export { busCost } from './bus.js';
export { routerCost, type RouterParams } from './router.js';
export { activationCost } from './activation.js';
export { poolCost } from './pool.js';
export { residualAddCost } from './residualAdd.js';
export { requantizeCost } from './requantize.js';
export { digitalMacCost } from './digitalMac.js';
export { offChipLinkCost } from './offChipLink.js';
