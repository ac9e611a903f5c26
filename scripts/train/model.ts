// The float twin of a zoo network that training updates: built from the zoo's skeleton (so the
// trained network has exactly the zoo's layers, names and shapes), with float64 weights drawn from
// a seeded He-uniform initialization. Only chains of input, conv2d (groups 1), avgpool (no padding,
// floor mode), flatten and dense layers are supported: what MLP and LeNet-5 are made of.
import { OhmflowError } from '../../workloads/errors.js';
import { inferShapes, shapeSize } from '../../workloads/ir/shapes.js';
import type { NetworkSkeleton, Shape, SkeletonLayer } from '../../workloads/ir/types.js';
import { SeededRandom } from '../../workloads/random.js';

/** A weight layer's trainable parameters: weights in the IR's layout, one bias per output channel. */
export interface FloatParams {
  readonly weights: Float64Array;
  readonly bias: Float64Array;
}

export interface FloatLayer {
  readonly layer: SkeletonLayer;
  readonly inShape: Shape;
  readonly outShape: Shape;
  /** Present on conv2d and dense layers. */
  readonly params?: FloatParams;
}

export interface FloatModel {
  readonly skeleton: NetworkSkeleton;
  /** Layers after the input, in order; each reads the one before. */
  readonly layers: readonly FloatLayer[];
  readonly inputShape: Shape;
}

function unsupported(layer: SkeletonLayer, what: string): never {
  throw new OhmflowError(`training does not support ${what}`, { field: layer.name, fix: 'train a chain of conv2d, avgpool, flatten and dense layers' });
}

function checkSupported(layer: SkeletonLayer): void {
  switch (layer.kind) {
    case 'conv2d':
      if (layer.groups !== 1) unsupported(layer, 'grouped convolutions');
      if (layer.clamp !== undefined) unsupported(layer, 'fused clips');
      return;
    case 'dense':
      if (layer.clamp !== undefined) unsupported(layer, 'fused clips');
      return;
    case 'avgpool':
      if (layer.padding.some((p) => p !== 0) || layer.ceilMode) unsupported(layer, 'padded or ceil-mode average pools');
      return;
    case 'flatten':
      return;
    default:
      unsupported(layer, `${layer.kind} layers`);
  }
}

/** Fan-in of a weight layer's output channel. */
function fanIn(layer: SkeletonLayer, inShape: Shape): number {
  if (layer.kind === 'conv2d') return inShape[0] * layer.kernel[0] * layer.kernel[1];
  return shapeSize(inShape);
}

/** He-uniform weights (ReLU networks keep their activations' spread), zero biases. */
function initialParams(layer: SkeletonLayer, inShape: Shape, outShape: Shape, seed: number): FloatParams {
  const n = fanIn(layer, inShape);
  const channels = outShape[0];
  const limit = Math.sqrt(6 / n);
  const rng = new SeededRandom(seed, `init:${layer.name}`);
  const weights = new Float64Array(channels * n);
  for (let i = 0; i < weights.length; i++) weights[i] = (2 * rng.nextFloat() - 1) * limit;
  return { weights, bias: new Float64Array(channels) };
}

export function floatModel(skeleton: NetworkSkeleton, seed: number): FloatModel {
  const shapes = inferShapes(skeleton);
  const [input, ...rest] = skeleton.layers;
  if (input.kind !== 'input') throw new OhmflowError('the first layer must be the input', { field: skeleton.name });
  let previous = input.name;
  const layers = rest.map((layer): FloatLayer => {
    if (layer.inputs.length !== 1 || layer.inputs[0] !== previous) unsupported(layer, 'branches (each layer must read the one before)');
    checkSupported(layer);
    const inShape = shapes.get(previous)!;
    const outShape = shapes.get(layer.name)!;
    previous = layer.name;
    const weighted = layer.kind === 'conv2d' || layer.kind === 'dense';
    return { layer, inShape, outShape, ...(weighted ? { params: initialParams(layer, inShape, outShape, seed) } : {}) };
  });
  if (previous !== skeleton.output) throw new OhmflowError('the output must be the last layer', { field: skeleton.name });
  return { skeleton, layers, inputShape: input.shape };
}
