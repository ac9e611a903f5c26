// AlexNet as torchvision defines it (single-tower, 64-192-384-256-256 convs). Its adaptive average
// pool to 6x6 is the identity at 224x224 and is left out; at other resolutions the classifier reads
// the flattened feature map as it is (in-features = 256 x H x W), so shapes still infer.
import type { ZooDefinition } from './definition.js';
import { IMAGENET_RESOLUTION } from './options.js';

export const defineAlexnet: ZooDefinition = (z, options) => {
  const resolution = options.resolution ?? IMAGENET_RESOLUTION;
  let x = z.input([3, resolution, resolution]);
  x = z.conv('conv1', x, { outChannels: 64, kernel: 11, stride: 4, padding: 2, relu: true });
  x = z.maxPool('pool1', x, { kernel: 3, stride: 2 });
  x = z.conv('conv2', x, { outChannels: 192, kernel: 5, padding: 2, relu: true });
  x = z.maxPool('pool2', x, { kernel: 3, stride: 2 });
  x = z.conv('conv3', x, { outChannels: 384, kernel: 3, padding: 1, relu: true });
  x = z.conv('conv4', x, { outChannels: 256, kernel: 3, padding: 1, relu: true });
  x = z.conv('conv5', x, { outChannels: 256, kernel: 3, padding: 1, relu: true });
  x = z.maxPool('pool3', x, { kernel: 3, stride: 2 });
  x = z.flatten('flatten', x);
  x = z.dense('fc1', x, { outFeatures: 4096, relu: true });
  x = z.dense('fc2', x, { outFeatures: 4096, relu: true });
  return z.dense('fc3', x, { outFeatures: 1000, relu: false });
};

