// The reference dense layer as an int16 GEMM (wasm/int16Gemm.ts) of one pixel: the input vector
// zero-point-free, plus bias, requantized per output feature with the scalar loop's requantize().
import { requantize } from '../quant/requantize.js';
import { cachedLayerRequantizers } from './layerRequantizersCached.js';
import { fitsInt16, runInt16Gemm } from './wasm/int16Gemm.js';
import type { DenseLayer, Tensor } from '../ir/types.js';

/** The layer's output, or undefined when the GEMM cannot run it (the caller runs the scalar loop). */
export function denseGemm(layer: DenseLayer, input: Tensor): Tensor | undefined {
  const zx = input.quant.zeroPoint;
  if (!fitsInt16(-128 - zx) || !fitsInt16(127 - zx)) return undefined;
  const outF = layer.outFeatures;
  const wq = layer.weightQuant;
  const requantizers = cachedLayerRequantizers(layer, input.quant.scale);
  const out = new Int8Array(outF);
  const ran = runInt16Gemm({
    weights: layer.weights, weightRow0: 0, weightZeroPoints: Array.from({ length: outF }, (_, o) => wq.zeroPoints[wq.scales.length > 1 ? o : 0]),
    firstChannel: 0, channels: outF, taps: input.data.length, pixels: 1, scratchValues: 0,
    prepare() {},
    gather(_p0, _count, mem16, at) {
      for (let i = 0; i < input.data.length; i++) mem16[at + i] = input.data[i] - zx;
    },
    emit(_p0, _count, c0, channels, sums) {
      for (let k = 0; k < channels; k++) out[c0 + k] = requantize((layer.bias[c0 + k] + sums[k]) | 0, requantizers[c0 + k]);
    },
  });
  return ran ? { shape: [outF], data: out, quant: layer.outQuant } : undefined;
}
