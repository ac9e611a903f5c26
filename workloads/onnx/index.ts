// ONNX import (a skeleton from shapes alone, or a network calibrated where the file leaves scales
// open) and export of IR networks, int8 .npy inputs and float .npy calibration images.
export { importOnnx, importOnnxSkeleton } from './import.js';
;
export { onnxQuantization, onnxSkeleton } from './skeleton.js';
export type { OnnxQuantization } from './skeleton.js';
;
;
;
export { calibrateOnnx } from './calibrate.js';
export { calibrationSet, heldOutImages } from './calibration-set.js';
export { floatInt8Agreement, int8OutputsAgreement } from './agreement.js';
export type { Agreement } from './agreement.js';
export type { CalibrateOptions, CalibrationInfo, CalibrationProgress } from './calibrate.js';
export { openQuantOwners, parseOnnx } from './parse.js';
export type { ParsedOnnx } from './parse.js';
export { defaultCacheDir } from './calibration-cache.js';
export { readNpyFloatImages } from './npy-float.js';
