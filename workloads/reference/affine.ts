// Reference per-channel affine (AffineLayer): every value of channel c becomes
// requantize((x - zx) * (w[c] - zw[c]) + bias[c]) with channel c's requantizer.
import { layerRequantizers, requantize } from '../quant/requantize.js';
import type { AffineLayer, Tensor } from '../ir/types.js';

export function affine(layer: AffineLayer, input: Tensor): Tensor {
  const [c, h, w] = input.shape;
  const plane = h * w;
  const zx = input.quant.zeroPoint;
  const wq = layer.weightQuant;
  const requantizers = layerRequantizers(layer, input.quant.scale);
  const out = new Int8Array(input.data.length);
  for (let ch = 0; ch < c; ch++) {
    const weight = layer.weights[ch] - wq.zeroPoints[wq.zeroPoints.length > 1 ? ch : 0];
    const bias = layer.bias[ch];
    const r = requantizers[ch];
    for (let i = ch * plane; i < (ch + 1) * plane; i++) out[i] = requantize((input.data[i] - zx) * weight + bias, r);
  }
  return { shape: input.shape, data: out, quant: layer.outQuant };
}
