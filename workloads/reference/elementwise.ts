// Reference element-wise layers: residual add (requantized, fused ReLU or clip: quant/elementwise.ts), a separate
// ReLU (clamp at the zero point, the code of real 0; quantization unchanged), and flatten.
import { makeAddRequantizer, requantizeAdd } from '../quant/elementwise.js';
import type { AddLayer, Tensor } from '../ir/types.js';

export function add(layer: AddLayer, a: Tensor, b: Tensor): Tensor {
  const r = makeAddRequantizer(a.quant, b.quant, layer.outQuant, layer.relu, layer.clamp);
  const out = new Int8Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = requantizeAdd(a.data[i], b.data[i], r);
  return { shape: a.shape, data: out, quant: layer.outQuant };
}

export function relu(input: Tensor): Tensor {
  const z = input.quant.zeroPoint;
  const out = new Int8Array(input.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.max(input.data[i], z);
  return { shape: input.shape, data: out, quant: input.quant };
}

export function flatten(input: Tensor): Tensor {
  return { shape: [input.data.length], data: input.data, quant: input.quant };
}
