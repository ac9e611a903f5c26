// A layer's requantizers, made once per (layer, input scale) rather than per image: the GEMM
// paths run every image of a data set through the same layers, and making them (a multiplier's
// fixed-point form per channel) cost about a tenth of a LeNet-5 image.
import { layerRequantizers, type Requantizer } from '../quant/requantize.js';
import type { Conv2dLayer, DenseLayer } from '../ir/types.js';

const made = new WeakMap<Conv2dLayer | DenseLayer, { inScale: number; requantizers: Requantizer[] }>();

export function cachedLayerRequantizers(layer: Conv2dLayer | DenseLayer, inScale: number): Requantizer[] {
  const hit = made.get(layer);
  if (hit !== undefined && hit.inScale === inScale) return hit.requantizers;
  const requantizers = layerRequantizers(layer, inScale);
  made.set(layer, { inScale, requantizers });
  return requantizers;
}
