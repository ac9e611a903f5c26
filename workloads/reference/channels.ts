// Reference channel gather: output plane k is a copy of input plane indices[k].
import type { ChannelsLayer, Tensor } from '../ir/types.js';

export function gatherChannels(layer: ChannelsLayer, input: Tensor): Tensor {
  const [, h, w] = input.shape;
  const plane = h * w;
  const out = new Int8Array(layer.indices.length * plane);
  layer.indices.forEach((from, k) => out.set(input.data.subarray(from * plane, (from + 1) * plane), k * plane));
  return { shape: [layer.indices.length, h, w], data: out, quant: input.quant };
}
