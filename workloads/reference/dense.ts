// Reference dense (fully connected) layer: int32 dot products of (x - zx) and (w - zw), plus bias,
// requantized per output feature.
import { convMultiplier } from '../quant/multiplier.js';
import { makeRequantizer, requantize } from '../quant/requantize.js';
import type { DenseLayer, Tensor } from '../ir/types.js';

export function dense(layer: DenseLayer, input: Tensor): Tensor {
  const inF = input.data.length;
  const outF = layer.outFeatures;
  const wq = layer.weightQuant;
  const x = new Int32Array(inF);
  for (let i = 0; i < inF; i++) x[i] = input.data[i] - input.quant.zeroPoint;
  const out = new Int8Array(outF);
  for (let o = 0; o < outF; o++) {
    const perChannel = wq.scales.length > 1;
    const zw = wq.zeroPoints[perChannel ? o : 0];
    const base = o * inF;
    let acc = layer.bias[o];
    for (let i = 0; i < inF; i++) acc = (acc + Math.imul(layer.weights[base + i] - zw, x[i])) | 0; // int32, as hardware
    const r = makeRequantizer(
      convMultiplier(input.quant.scale, wq.scales[perChannel ? o : 0], layer.outQuant.scale),
      layer.outQuant.zeroPoint,
      layer.relu,
    );
    out[o] = requantize(acc, r);
  }
  return { shape: [outF], data: out, quant: layer.outQuant };
}
