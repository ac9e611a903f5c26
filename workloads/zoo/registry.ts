// The zoo by name: lower-case names as the CLI and reports use them. Most networks carry seeded
// random weights; the trained ones (trained.ts) load their committed ONNX file.
import { OhmflowError } from '../errors.js';
import type { Network, NetworkSkeleton } from '../ir/types.js';
import { defineAlexnet } from './alexnet.js';
import { buildZooNetwork, buildZooSkeleton, type ZooDefinition } from './definition.js';
import { defineLenet5 } from './lenet.js';
import { defineMlp } from './mlp.js';
import type { ZooOptions } from './options.js';
import { defineResnet101, defineResnet18, defineResnet34, defineResnet50 } from './resnet.js';
import { defineSqueezenetMini } from './squeezenet.js';
import { defineVgg13, defineVgg16, defineVgg8 } from './vgg.js';
import { loadTrained, skeletonOf, TRAINED_NETWORKS, type TrainedNetwork } from './trained.js';

interface ZooEntry {
  readonly name: string;
  readonly description: string;
  /** Whether `resolution` changes the input (ImageNet networks) or is ignored (fixed-input ones). */
  readonly resolutionOverridable: boolean;
  /** Seeded random weights (the seed option draws them), or trained ones read from a committed file. */
  readonly weights: 'seeded' | 'trained';
  /** The network with its weights. */
  readonly build: (options?: ZooOptions) => Network;
  /** The same network without weight arrays: milliseconds instead of seconds for the large ones. */
  readonly describe: (options?: ZooOptions) => NetworkSkeleton;
}

function entry(name: string, description: string, resolutionOverridable: boolean, define: ZooDefinition): ZooEntry {
  return {
    name,
    description,
    resolutionOverridable,
    weights: 'seeded',
    build: (options = {}) => buildZooNetwork(name, define, options),
    describe: (options = {}) => buildZooSkeleton(name, define, options),
  };
}

/** A trained network: options change nothing (fixed input, no seed); its skeleton is read from the file too. */
function trainedEntry(t: TrainedNetwork): ZooEntry {
  return {
    name: t.name,
    description: t.description,
    resolutionOverridable: false,
    weights: 'trained',
    build: () => loadTrained(t),
    describe: () => skeletonOf(loadTrained(t)),
  };
}

const ENTRIES: readonly ZooEntry[] = [
  entry('mlp', 'MNIST MLP 784-512-512-10', false, defineMlp),
  entry('lenet5', 'LeNet-5, full C3, 1x32x32', false, defineLenet5),
  ...TRAINED_NETWORKS.map(trainedEntry),
  entry('vgg8', 'VGG-8 for CIFAR-10 (NeuroSim)', false, defineVgg8),
  entry('squeezenet-mini', 'SqueezeNet-style fire modules (channel concat) for CIFAR-10', false, defineSqueezenetMini),
  entry('vgg13', 'VGG-13 (torchvision)', true, defineVgg13),
  entry('vgg16', 'VGG-16 (torchvision)', true, defineVgg16),
  entry('alexnet', 'AlexNet (torchvision)', true, defineAlexnet),
  entry('resnet18', 'ResNet-18 (torchvision)', true, defineResnet18),
  entry('resnet34', 'ResNet-34 (torchvision)', true, defineResnet34),
  entry('resnet50', 'ResNet-50 v1.5 (torchvision)', true, defineResnet50),
  entry('resnet101', 'ResNet-101 v1.5 (torchvision)', true, defineResnet101),
];

/** Zoo entries in a stable order (small to large families). */
export function listNetworks(): readonly ZooEntry[] {
  return ENTRIES;
}

function networkNames(): string[] {
  return ENTRIES.map((e) => e.name);
}

export function isZooNetwork(name: string): boolean {
  return ENTRIES.some((e) => e.name === name.toLowerCase());
}

/** Builds a zoo network by (case-insensitive) name; `resolution` is ignored by fixed-input networks, `seed` by trained ones. */
export function getNetwork(name: string, options: ZooOptions = {}): Network {
  return findEntry(name, options).build(options);
}

/**
 * A zoo network's skeleton: layers, shapes and output quantization without weight arrays, for
 * counting MACs and parameters and for mapping. Typed so that it cannot be executed.
 */
export function describeNetwork(name: string, options: Pick<ZooOptions, 'resolution'> = {}): NetworkSkeleton {
  return findEntry(name, options).describe(options);
}

function findEntry(name: string, options: ZooOptions): ZooEntry {
  const found = ENTRIES.find((e) => e.name === name.toLowerCase());
  if (found === undefined) {
    throw new OhmflowError(`unknown network '${name}'`, {
      field: 'net',
      fix: `use one of: ${networkNames().join(', ')} (or an .onnx path where accepted)`,
    });
  }
  if (options.resolution !== undefined && !(Number.isInteger(options.resolution) && options.resolution > 0)) {
    throw new OhmflowError(`resolution must be a positive integer, got ${options.resolution}`, { field: 'resolution' });
  }
  return found;
}
