// LeNet-5 (LeCun et al. 1998) on a 1x32x32 image with the full C3 connection table (every C3 map
// reads all six S2 maps): 416,520 MACs and 61,706 parameters. ReLU in place of the scaled tanh and
// plain 2x2 average pools in place of the trainable subsampling (whose 2 coefficients per map the
// published parameter count leaves out).
import type { ZooDefinition } from './definition.js';

export const defineLenet5: ZooDefinition = (z) => {
  let x = z.input([1, 32, 32]);
  x = z.conv('c1', x, { outChannels: 6, kernel: 5, relu: true });
  x = z.avgPool('s2', x, { kernel: 2 });
  x = z.conv('c3', x, { outChannels: 16, kernel: 5, relu: true });
  x = z.avgPool('s4', x, { kernel: 2 });
  x = z.conv('c5', x, { outChannels: 120, kernel: 5, relu: true });
  x = z.flatten('flatten', x);
  x = z.dense('f6', x, { outFeatures: 84, relu: true });
  return z.dense('output', x, { outFeatures: 10, relu: false });
};

