// Quantization arithmetic in one import (see requantize.ts for the rounding contract).
export * from './multiplier.js';
export * from './requantize.js';
export * from './elementwise.js';
;
export * from './concat.js';
export * from './mul.js';
export * from './quantizeLinear.js';
