// The zoo by name: lower-case names as the CLI and reports use them.
import { OhmflowError } from '../errors.js';
import type { Network } from '../ir/types.js';
import { alexnet } from './alexnet.js';
import { lenet5 } from './lenet.js';
import { mlp } from './mlp.js';
import type { ZooOptions } from './options.js';
import { resnet101, resnet18, resnet34, resnet50 } from './resnet.js';
import { vgg13, vgg16, vgg8 } from './vgg.js';

export interface ZooEntry {
  readonly name: string;
  readonly description: string;
  /** Whether `resolution` changes the input (ImageNet networks) or is ignored (fixed-input ones). */
  readonly resolutionOverridable: boolean;
  readonly build: (options?: ZooOptions) => Network;
}

const ENTRIES: readonly ZooEntry[] = [
  { name: 'mlp', description: 'MNIST MLP 784-512-512-10', resolutionOverridable: false, build: mlp },
  { name: 'lenet5', description: 'LeNet-5, full C3, 1x32x32', resolutionOverridable: false, build: lenet5 },
  { name: 'vgg8', description: 'VGG-8 for CIFAR-10 (NeuroSim)', resolutionOverridable: false, build: vgg8 },
  { name: 'vgg13', description: 'VGG-13 (torchvision)', resolutionOverridable: true, build: vgg13 },
  { name: 'vgg16', description: 'VGG-16 (torchvision)', resolutionOverridable: true, build: vgg16 },
  { name: 'alexnet', description: 'AlexNet (torchvision)', resolutionOverridable: true, build: alexnet },
  { name: 'resnet18', description: 'ResNet-18 (torchvision)', resolutionOverridable: true, build: resnet18 },
  { name: 'resnet34', description: 'ResNet-34 (torchvision)', resolutionOverridable: true, build: resnet34 },
  { name: 'resnet50', description: 'ResNet-50 v1.5 (torchvision)', resolutionOverridable: true, build: resnet50 },
  { name: 'resnet101', description: 'ResNet-101 v1.5 (torchvision)', resolutionOverridable: true, build: resnet101 },
];

/** Zoo entries in a stable order (small to large families). */
export function listNetworks(): readonly ZooEntry[] {
  return ENTRIES;
}

export function networkNames(): string[] {
  return ENTRIES.map((e) => e.name);
}

export function isZooNetwork(name: string): boolean {
  return ENTRIES.some((e) => e.name === name.toLowerCase());
}

/** Builds a zoo network by (case-insensitive) name; `resolution` is ignored by fixed-input networks. */
export function getNetwork(name: string, options: ZooOptions = {}): Network {
  const entry = ENTRIES.find((e) => e.name === name.toLowerCase());
  if (entry === undefined) {
    throw new OhmflowError(`unknown network '${name}'`, {
      field: 'net',
      fix: `use one of: ${networkNames().join(', ')} (or an .onnx path where accepted)`,
    });
  }
  if (options.resolution !== undefined && !(Number.isInteger(options.resolution) && options.resolution > 0)) {
    throw new OhmflowError(`resolution must be a positive integer, got ${options.resolution}`, { field: 'resolution' });
  }
  return entry.build(options);
}
