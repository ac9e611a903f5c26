// The zoo's trained networks: the MLP and LeNet-5 trained on MNIST digits by `npm run train`
// (scripts/train/) and committed as int8 ONNX files beside this file's source, in trained/. They
// load through the ONNX importer, so nothing trains at install or run time. docs/accuracy.md gives
// the split they were trained on and the accuracy they reach.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OhmflowError } from '../errors.js';
import type { Network, NetworkSkeleton, SkeletonLayer } from '../ir/types.js';
import { importOnnx } from '../onnx/import.js';

export interface TrainedNetwork {
  readonly name: string;
  /** The zoo network whose architecture (layers, names, shapes) it has. */
  readonly base: string;
  /** Side of the square MNIST image it takes: 28, or 32 for a digit zero-padded by 2. */
  readonly imageSidePx: 28 | 32;
  readonly description: string;
}

export const TRAINED_NETWORKS: readonly TrainedNetwork[] = [
  { name: 'mlp-mnist', base: 'mlp', imageSidePx: 28, description: 'MNIST MLP 784-512-512-10, trained on MNIST digits' },
  { name: 'lenet5-mnist', base: 'lenet5', imageSidePx: 32, description: 'LeNet-5, full C3, 1x32x32, trained on MNIST digits' },
];

/** workloads/zoo/trained/ in the source tree, from this file's source or its build in dist/. */
export function trainedDir(): string {
  const here = fileURLToPath(import.meta.url);
  return fileURLToPath(new URL(here.endsWith('.js') ? '../../../workloads/zoo/trained/' : './trained/', import.meta.url));
}

export function trainedFile(name: string): string {
  return `${trainedDir()}${name}.onnx`;
}

export function loadTrained(t: TrainedNetwork): Network {
  const file = trainedFile(t.name);
  if (!existsSync(file)) {
    throw new OhmflowError(`the trained model ${file} is missing`, { field: t.name, fix: 'restore it from the repository (git checkout) or regenerate it with `npm run train`' });
  }
  return importOnnx(file);
}

/** A network without its weight arrays, as the zoo's skeletons are. */
export function skeletonOf(net: Network): NetworkSkeleton {
  const layers = net.layers.map((layer): SkeletonLayer => {
    if (layer.kind !== 'conv2d' && layer.kind !== 'dense') return layer;
    const { weights: _w, bias: _b, weightQuant: _q, ...rest } = layer;
    return rest;
  });
  return { name: net.name, layers, output: net.output };
}
