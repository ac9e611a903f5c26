// MAC and parameter counts of a network, defined as torchvision and NeuroSim count them:
// MACs = conv + dense multiply-accumulates; params = weights + biases (+ 2 per channel for BN).
import type { Layer, Network, Shape } from './types.js';
import { validateNetwork } from './validate.js';

/** Multiply-accumulates of one layer for one image (0 for layers that do not multiply). */
export function layerMacs(layer: Layer, inputShape: Shape | undefined, outputShape: Shape): number {
  if (layer.kind === 'conv2d') {
    const inChannels = inputShape![0];
    const [oc, oh, ow] = outputShape;
    return oc * oh * ow * (inChannels / layer.groups) * layer.kernel[0] * layer.kernel[1];
  }
  if (layer.kind === 'dense') return layer.weights.length;
  return 0;
}

/** MACs per layer, by name, in network order (every layer appears, non-MAC layers with 0). */
export function macsByLayer(net: Network): Map<string, number> {
  const shapes = validateNetwork(net);
  const macs = new Map<string, number>();
  for (const layer of net.layers) {
    const inShape = layer.inputs.length > 0 ? shapes.get(layer.inputs[0]) : undefined;
    macs.set(layer.name, layerMacs(layer, inShape, shapes.get(layer.name)!));
  }
  return macs;
}

export function countMacs(net: Network): number {
  let total = 0;
  for (const m of macsByLayer(net).values()) total += m;
  return total;
}

export interface ParamCountOptions {
  /**
   * Count BatchNorm as the source model had it (default true): 2 * channels (gamma, beta) for each
   * conv with foldedBatchNorm and no bias, as torchvision does. False counts the folded bias instead.
   */
  batchNorm?: boolean;
}

/** Parameters of one layer (weights + biases, or BN), as the source model counted them. */
export function layerParams(layer: Layer, options: ParamCountOptions = {}): number {
  if (layer.kind !== 'conv2d' && layer.kind !== 'dense') return 0;
  const channels = layer.bias.length;
  if (layer.kind === 'conv2d' && layer.foldedBatchNorm) {
    return layer.weights.length + (options.batchNorm ?? true ? 2 * channels : channels);
  }
  return layer.weights.length + (layer.hasBias === false ? 0 : channels);
}

export function countParams(net: Network, options: ParamCountOptions = {}): number {
  let total = 0;
  for (const layer of net.layers) total += layerParams(layer, options);
  return total;
}
