// MLP for MNIST: 784-512-512-10 over a 1x28x28 image (flattened), ReLU between layers.
import type { ZooDefinition } from './definition.js';

export const defineMlp: ZooDefinition = (z) => {
  let x = z.flatten('flatten', z.input([1, 28, 28]));
  x = z.dense('fc1', x, { outFeatures: 512, relu: true });
  x = z.dense('fc2', x, { outFeatures: 512, relu: true });
  return z.dense('fc3', x, { outFeatures: 10, relu: false });
};

