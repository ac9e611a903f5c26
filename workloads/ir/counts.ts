// MAC and parameter counts of a network, defined as torchvision and NeuroSim count them:
// MACs = conv + dense multiply-accumulates; params = weights + biases (+ 2 per channel for BN, folded
// or standing alone as an affine layer, which torchvision counts as BN's gamma and beta).
// Counts come from layer geometry and shapes alone, so a NetworkSkeleton (no weight arrays) counts
// the same as the full network.
import { shapeSize } from './shapes.js';
import type { Conv2dSkeleton, DenseSkeleton, Layer, NetworkSkeleton, Shape, SkeletonLayer } from './types.js';
import { validateNetworkSkeleton } from './validate.js';

/** Multiply-accumulates of one layer for one image (0 for layers that do not multiply). */
function layerMacs(layer: SkeletonLayer, inputShape: Shape | undefined, outputShape: Shape): number {
  if (layer.kind === 'conv2d') {
    const inChannels = inputShape![0];
    const [oc, oh, ow] = outputShape;
    return oc * oh * ow * (inChannels / layer.groups) * layer.kernel[0] * layer.kernel[1];
  }
  if (layer.kind === 'dense') return layer.outFeatures * shapeSize(inputShape!);
  return 0;
}

/** MACs per layer, by name, in network order (every layer appears, non-MAC layers with 0). */
export function macsByLayer(net: NetworkSkeleton): Map<string, number> {
  const shapes = validateNetworkSkeleton(net);
  const macs = new Map<string, number>();
  for (const layer of net.layers) {
    const inShape = layer.inputs.length > 0 ? shapes.get(layer.inputs[0]) : undefined;
    macs.set(layer.name, layerMacs(layer, inShape, shapes.get(layer.name)!));
  }
  return macs;
}

export function countMacs(net: NetworkSkeleton): number {
  let total = 0;
  for (const m of macsByLayer(net).values()) total += m;
  return total;
}

interface ParamCountOptions {
  /**
   * Count BatchNorm as the source model had it (default true): 2 * channels (gamma, beta) for each
   * conv with foldedBatchNorm and no bias, as torchvision does. False counts the folded bias instead.
   */
  batchNorm?: boolean;
}

/** Parameters of one layer (weights + biases, or BN), as the source model counted them, from its arrays. */
export function layerParams(layer: Layer, options: ParamCountOptions = {}): number {
  if (layer.kind === 'affine') return 2 * layer.weights.length;
  if (layer.kind !== 'conv2d' && layer.kind !== 'dense') return 0;
  return paramsOf(layer, layer.weights.length, layer.bias.length, options);
}

/** Parameters of one layer as layerParams counts them, from its geometry and input shape (no arrays read). */
export function layerParamsFromShape(layer: SkeletonLayer, inputShape: Shape | undefined, options: ParamCountOptions = {}): number {
  if (layer.kind === 'conv2d') {
    const weights = layer.outChannels * (inputShape![0] / layer.groups) * layer.kernel[0] * layer.kernel[1];
    return paramsOf(layer, weights, layer.outChannels, options);
  }
  if (layer.kind === 'dense') return paramsOf(layer, layer.outFeatures * shapeSize(inputShape!), layer.outFeatures, options);
  if (layer.kind === 'affine') return 2 * inputShape![0];
  return 0;
}

function paramsOf(layer: Conv2dSkeleton | DenseSkeleton, weights: number, channels: number, options: ParamCountOptions): number {
  if (layer.kind === 'conv2d' && layer.foldedBatchNorm) {
    return weights + (options.batchNorm ?? true ? 2 * channels : channels);
  }
  return weights + (layer.hasBias === false ? 0 : channels);
}

export function countParams(net: NetworkSkeleton, options: ParamCountOptions = {}): number {
  const shapes = validateNetworkSkeleton(net);
  let total = 0;
  for (const layer of net.layers) {
    const inShape = layer.inputs.length > 0 ? shapes.get(layer.inputs[0]) : undefined;
    total += layerParamsFromShape(layer, inShape, options);
  }
  return total;
}
