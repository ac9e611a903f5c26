// The reference conv2d as an int16 GEMM (wasm/int16Gemm.ts): per group, the filters times the
// im2col patches, plus bias, requantized per output channel with the same requantize() as the
// scalar loop in conv2d.ts. The group's input goes into the module's memory once, zero-point-free
// and channel-last, so a patch is a few block copies (a kernel row of an inner window is one run
// of kw * channels values); the GEMM's taps are in that (ky, kx, channel) order and the weights
// are packed to match. Padding is 0 (the input zero point, real 0), as in the scalar loop.
import { requantize } from '../quant/requantize.js';
import { cachedLayerRequantizers } from './layerRequantizersCached.js';
import { patchGeometry } from './patch.js';
import { BLOCK_CHANNELS } from './wasm/gemmModule.js';
import { fitsInt16, runInt16Gemm } from './wasm/int16Gemm.js';
import type { Conv2dLayer, Shape, Tensor } from '../ir/types.js';

/** Output pixels requantized at a time: sums are pixel-major, outputs channel-major. */
const EMIT_PIXELS = 16;

/** Per layer, its GEMM tap order: one array per layer, so the GEMM may keep the weights packed
 *  in that order (int16Gemm.ts caches a tap order by identity). */
const tapOrders = new WeakMap<Conv2dLayer, Int32Array>();

/** GEMM tap (ky, kx, c) reads weight tap (c, ky, kx). */
function gemmTapOrder(layer: Conv2dLayer, kh: number, kw: number, icg: number): Int32Array {
  const kept = tapOrders.get(layer);
  if (kept !== undefined && kept.length === kh * kw * icg) return kept;
  const tapOrder = new Int32Array(kh * kw * icg);
  for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) for (let c = 0; c < icg; c++) tapOrder[(ky * kw + kx) * icg + c] = (c * kh + ky) * kw + kx;
  tapOrders.set(layer, tapOrder);
  return tapOrder;
}

/** The layer's output, or undefined when the GEMM cannot run it (the caller runs the scalar loop). */
export function conv2dGemm(layer: Conv2dLayer, input: Tensor, outShape: Shape): Tensor | undefined {
  const [outC, outH, outW] = outShape;
  const ocPerGroup = outC / layer.groups;
  // Under a block of channels per group (depthwise) most of the GEMM's work would be padding.
  if (ocPerGroup < BLOCK_CHANNELS) return undefined;
  const zx = input.quant.zeroPoint;
  if (!fitsInt16(-128 - zx) || !fitsInt16(127 - zx)) return undefined;
  const g = patchGeometry(layer, input.shape);
  const { inH, inW, kh, kw, sh, sw, dh, dw, padTop, padLeft, icPerGroup: icg } = g;
  const taps = icg * kh * kw;
  const plane = outH * outW;
  const inPlane = inH * inW;
  const rowRun = kw * icg;
  const tapOrder = gemmTapOrder(layer, kh, kw, icg);
  const wq = layer.weightQuant;
  const zeroPoints = Array.from({ length: outC }, (_, oc) => wq.zeroPoints[wq.scales.length > 1 ? oc : 0]);
  const requantizers = cachedLayerRequantizers(layer, input.quant.scale);
  const out = new Int8Array(outC * plane);

  for (let group = 0; group < layer.groups; group++) {
    const first = group * ocPerGroup;
    const ran = runInt16Gemm({
      weights: layer.weights, weightRow0: first, weightZeroPoints: zeroPoints.slice(first, first + ocPerGroup),
      firstChannel: first, channels: ocPerGroup, taps, tapOrder, pixels: plane, scratchValues: inPlane * icg,
      prepare(mem16, at) {
        // Channel-last: pixel (iy, ix) holds the group's channels at at + (iy * inW + ix) * icg.
        for (let c = 0; c < icg; c++) {
          const src = (group * icg + c) * inPlane;
          for (let i = 0; i < inPlane; i++) mem16[at + i * icg + c] = input.data[src + i] - zx;
        }
      },
      gather(p0, count, mem16, at, stride, scratchAt) {
        for (let j = 0; j < count; j++) {
          const oy = Math.floor((p0 + j) / outW);
          const ox = p0 + j - oy * outW;
          const x0 = ox * sw - padLeft;
          // A kernel row is one run of kw * icg values when undilated and inside the input.
          const rowInside = dw === 1 && x0 >= 0 && x0 + kw <= inW;
          let t = at + j * stride;
          for (let ky = 0; ky < kh; ky++, t += rowRun) {
            const iy = oy * sh + ky * dh - padTop;
            if (iy < 0 || iy >= inH) {
              mem16.fill(0, t, t + rowRun);
            } else if (rowInside) {
              const src = scratchAt + (iy * inW + x0) * icg;
              mem16.copyWithin(t, src, src + rowRun);
            } else {
              for (let kx = 0; kx < kw; kx++) {
                const ix = x0 + kx * dw;
                const src = scratchAt + (iy * inW + ix) * icg;
                if (ix < 0 || ix >= inW) mem16.fill(0, t + kx * icg, t + (kx + 1) * icg);
                else mem16.copyWithin(t + kx * icg, src, src + icg);
              }
            }
          }
        }
      },
      emit(p0, count, c0, channels, sums, stride) {
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
