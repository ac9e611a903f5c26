// Inputs for the zoo: seeded random int8 images of any shape, and real MNIST digits.
export { randomInt8Input,  } from './random.js';
export { mnistDigits, isMnistAvailable,   } from './mnist.js';
;
export { mnistDataset, mnistHeldOutDataset, mnistSizeFor, npyDataset, readNpyIntegers, type LabeledSet } from './labeled.js';
