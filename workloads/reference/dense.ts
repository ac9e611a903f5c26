// Reference dense (fully connected) layer: int32 dot products of (x - zx) and (w - zw), plus bias,
// requantized per output feature. Through the int16 GEMM in WebAssembly SIMD when it can
// (denseGemm.ts), else this scalar loop, the tests' oracle; both give the same int32 sums.
import { layerRequantizers, requantize } from '../quant/requantize.js';
import { denseGemm } from './denseGemm.js';
import type { DenseLayer, Tensor } from '../ir/types.js';

export function dense(layer: DenseLayer, input: Tensor): Tensor {
  return denseGemm(layer, input) ?? denseScalar(layer, input);
}

export function denseScalar(layer: DenseLayer, input: Tensor): Tensor {
  const inF = input.data.length;
  const outF = layer.outFeatures;
  const wq = layer.weightQuant;
  const x = new Int32Array(inF);
  for (let i = 0; i < inF; i++) x[i] = input.data[i] - input.quant.zeroPoint;
  const out = new Int8Array(outF);
  const requantizers = layerRequantizers(layer, input.quant.scale);
  for (let o = 0; o < outF; o++) {
    const perChannel = wq.scales.length > 1;
    const zw = wq.zeroPoints[perChannel ? o : 0];
    const base = o * inF;
    let acc = layer.bias[o];
    for (let i = 0; i < inF; i++) acc = (acc + Math.imul(layer.weights[base + i] - zw, x[i])) | 0; // int32, as hardware
    out[o] = requantize(acc, requantizers[o]);
  }
  return { shape: [outF], data: out, quant: layer.outQuant };
}
