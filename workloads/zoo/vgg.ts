// VGG family: VGG-8 as NeuroSim's CIFAR-10 network (NetWork_VGG8.csv: no biases), and torchvision's
// VGG-13 / VGG-16 (no BatchNorm). torchvision's adaptive average pool to 7x7 is the identity at
// 224x224, so it is left out there; at other resolutions the classifier reads the flattened feature
// map as it is (in-features = 512 x H x W), which keeps shapes inferable but changes fc1's size.
import type { ZooBuilder } from './scales.js';
import type { ZooDefinition } from './definition.js';
import { IMAGENET_RESOLUTION } from './options.js';

type Plan = readonly (number | 'M')[];

function features(z: ZooBuilder, x: string, plan: Plan, bias: boolean): string {
  let conv = 0;
  let pool = 0;
  for (const item of plan) {
    if (item === 'M') x = z.maxPool(`pool${++pool}`, x, { kernel: 2 });
    else x = z.conv(`conv${++conv}`, x, { outChannels: item, kernel: 3, padding: 1, relu: true, bias });
  }
  return x;
}

export const defineVgg8: ZooDefinition = (z) => {
  let x = features(z, z.input([3, 32, 32]), [128, 128, 'M', 256, 256, 'M', 512, 512, 'M'], false);
  x = z.flatten('flatten', x);
  x = z.dense('fc1', x, { outFeatures: 1024, relu: true, bias: false });
  return z.dense('fc2', x, { outFeatures: 10, relu: false, bias: false });
};

function imagenetVgg(plan: Plan): ZooDefinition {
  return (z, options) => {
    const resolution = options.resolution ?? IMAGENET_RESOLUTION;
    let x = features(z, z.input([3, resolution, resolution]), plan, true);
    x = z.flatten('flatten', x);
    x = z.dense('fc1', x, { outFeatures: 4096, relu: true });
    x = z.dense('fc2', x, { outFeatures: 4096, relu: true });
    return z.dense('fc3', x, { outFeatures: 1000, relu: false });
  };
}

export const defineVgg13 = imagenetVgg([64, 64, 'M', 128, 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M']);
export const defineVgg16 = imagenetVgg([64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M']);

