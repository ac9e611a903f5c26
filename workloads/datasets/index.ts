// Inputs for the zoo: seeded random int8 images of any shape, and real MNIST digits.
export { randomInt8Input, randomInt8Batch } from './random.js';
export { mnistDigits, isMnistAvailable, MNIST_QUANT, MNIST_SIZE } from './mnist.js';
export type { LabeledImage } from './mnist.js';
export { mnistDataset, mnistHeldOutDataset, mnistSizeFor, npyDataset, readNpyIntegers, type LabeledSet } from './labeled.js';
