// ONNX import and export of IR networks, and int8 .npy inputs.
export { importOnnx, importOnnxSkeleton } from './import.js';
export type { ImportOptions, CalibrationImage } from './import.js';
export type { OnnxQuantization } from './skeleton.js';
export { exportOnnx, writeOnnx } from './export.js';
export { SUPPORTED_OPS } from './support.js';
export { readNpyInt8 } from './npy.js';
