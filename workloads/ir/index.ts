// The network IR in one import: types, validation, shapes, builder, counts.
export * from './types.js';
export { validateNetwork, validateNetworkSkeleton } from './validate.js';
export { inferShapes, inferLayerShape, windowOutputSize, shapeSize } from './shapes.js';
export { NetworkBuilder, UNIT_QUANT, UNIT_WEIGHT_QUANT, pair, padding4 } from './builder.js';
export type { ConvGeometry, ConvOptions, DenseGeometry, DenseOptions, PoolOptions } from './builder.js';
export { countMacs, countParams, layerMacs, layerParams, layerParamsFromShape, macsByLayer } from './counts.js';
export type { ParamCountOptions } from './counts.js';
export { hasActivation, outputRange } from './activation.js';
export type { FusedActivation } from './activation.js';
