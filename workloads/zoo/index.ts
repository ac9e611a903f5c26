// The model zoo in one import.
export { describeNetwork, getNetwork, listNetworks, networkNames, isZooNetwork } from './registry.js';
export type { ZooEntry } from './registry.js';
export type { ZooOptions } from './options.js';
export type { ZooDefinition } from './definition.js';
export { mlp } from './mlp.js';
export { lenet5 } from './lenet.js';
export { vgg8, vgg13, vgg16 } from './vgg.js';
export { alexnet } from './alexnet.js';
export { resnet18, resnet34, resnet50, resnet101 } from './resnet.js';
export { ZooBuilder, exactMultiplier, INPUT_QUANT, ACT_SCALE } from './scales.js';
export type { ZooBuilderOptions } from './scales.js';
