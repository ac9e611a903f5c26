// The reference conv2d as an int16 GEMM (wasm/int16Gemm.ts): per group, the filters times the
// im2col patches (gathered zero-point-free, padding as 0), plus bias, requantized per output
// channel with the same requantize() as the scalar loop in conv2d.ts.
import { layerRequantizers, requantize } from '../quant/requantize.js';
import { gatherPatch, patchGeometry } from './patch.js';
import { BLOCK_CHANNELS } from './wasm/gemmModule.js';
import { fitsInt16, runInt16Gemm } from './wasm/int16Gemm.js';
import type { Conv2dLayer, Shape, Tensor } from '../ir/types.js';

const EMIT_PIXELS = 16;

/** The layer's output, or undefined when the GEMM cannot run it (the caller runs the scalar loop). */
export function conv2dGemm(layer: Conv2dLayer, input: Tensor, outShape: Shape): Tensor | undefined {
  const [outC, outH, outW] = outShape;
  const ocPerGroup = outC / layer.groups;
  // Under a block of channels per group (depthwise) most of the GEMM's work would be padding.
  if (ocPerGroup < BLOCK_CHANNELS) return undefined;
  const zx = input.quant.zeroPoint;
  if (!fitsInt16(-128 - zx) || !fitsInt16(127 - zx)) return undefined;
  const g = patchGeometry(layer, input.shape);
  const taps = g.icPerGroup * g.kh * g.kw;
  const plane = outH * outW;
  const x = new Int32Array(input.data.length);
  for (let i = 0; i < x.length; i++) x[i] = input.data[i] - zx;
  const wq = layer.weightQuant;
  const zeroPoints = Array.from({ length: outC }, (_, oc) => wq.zeroPoints[wq.scales.length > 1 ? oc : 0]);
  const requantizers = layerRequantizers(layer, input.quant.scale);
  const out = new Int8Array(outC * plane);

  for (let group = 0; group < layer.groups; group++) {
    const first = group * ocPerGroup;
    const ran = runInt16Gemm({
      weights: layer.weights, weightRow0: first, weightZeroPoints: zeroPoints.slice(first, first + ocPerGroup),
      firstChannel: first, channels: ocPerGroup, taps, pixels: plane,
      gather(p0, count, rows, stride) {
        for (let j = 0; j < count; j++) gatherPatch(x, g, group, Math.floor((p0 + j) / outW), (p0 + j) % outW, 0, rows, j * stride);
      },
      emit(p0, count, c0, channels, sums, stride) {
        // Sums are pixel-major, outputs channel-major: a few pixels at a time keep both in cache.
        for (let j0 = 0; j0 < count; j0 += EMIT_PIXELS) {
          const j1 = Math.min(count, j0 + EMIT_PIXELS);
          for (let k = 0; k < channels; k++) {
            const oc = c0 + k;
            const r = requantizers[oc];
            const bias = layer.bias[oc];
            const at = oc * plane + p0;
            for (let j = j0; j < j1; j++) out[at + j] = requantize((bias + sums[j * stride + k]) | 0, r);
          }
        }
      },
    });
    // A group refused (a zero point off int16): the scalar loop redoes the whole layer.
    if (!ran) return undefined;
  }
  return { shape: outShape, data: out, quant: layer.outQuant };
}
