// Reference conv2d over one int8 NCHW image: int32 accumulation of (x - zx) * (w - zw) over the
// kernel window, plus bias, then requantization per output channel. Padding holds the input zero
// point (real 0), as ONNX QLinearConv pads, so padded taps contribute nothing.
//
// How: gather each output position's input patch (the im2col row, zero-point-subtracted, padding
// as 0) into a typed array, then take its dot product with every filter of the group. Both operands
// are contiguous Int32Arrays and the accumulator is a true int32 (Math.imul, | 0: it wraps as int32
// hardware would, though validateNetwork rules overflow out), so the inner loop is a plain
// multiply-add. Patches are gathered in chunks to bound memory on large layers.
//
// conv2d runs the products as an int16 GEMM in WebAssembly SIMD (conv2dGemm.ts) when it can, and
// this scalar loop otherwise; both give the same int32 sums, so the same outputs (the tests hold
// the scalar loop as the oracle).
import { layerRequantizers, requantize } from '../quant/requantize.js';
import { conv2dGemm } from './conv2dGemm.js';
import { gatherPatch, patchGeometry } from './patch.js';
import type { Conv2dLayer, Shape, Tensor } from '../ir/types.js';

/** Patch values gathered at once (4 MiB of int32): bounds memory on early VGG layers. */
const CHUNK_VALUES = 1 << 20;

export function conv2d(layer: Conv2dLayer, input: Tensor, outShape: Shape): Tensor {
  return conv2dGemm(layer, input, outShape) ?? conv2dScalar(layer, input, outShape);
}

export function conv2dScalar(layer: Conv2dLayer, input: Tensor, outShape: Shape): Tensor {
  const [outC, outH, outW] = outShape;
  const g = patchGeometry(layer, input.shape);
  const ocPerGroup = outC / layer.groups;
  const taps = g.icPerGroup * g.kh * g.kw;
  const plane = outH * outW;
  const wq = layer.weightQuant;
  const perChannel = wq.scales.length > 1;

  // Zero points subtracted once up front: the inner loop is then a single multiply-add.
  const x = new Int32Array(input.data.length);
  const zx = input.quant.zeroPoint;
  for (let i = 0; i < x.length; i++) x[i] = input.data[i] - zx;
  const w = new Int32Array(layer.weights.length);
  for (let oc = 0; oc < outC; oc++) {
    const zw = wq.zeroPoints[perChannel ? oc : 0];
    for (let t = oc * taps; t < (oc + 1) * taps; t++) w[t] = layer.weights[t] - zw;
  }
  const requantizers = layerRequantizers(layer, input.quant.scale);

  const out = new Int8Array(outC * plane);
  const chunk = Math.max(1, Math.min(plane, Math.floor(CHUNK_VALUES / taps)));
  const patches = new Int32Array(chunk * taps);

  for (let group = 0; group < layer.groups; group++) {
    for (let p0 = 0; p0 < plane; p0 += chunk) {
      const count = Math.min(chunk, plane - p0);
      // Gather: patch j holds the window of output position p0 + j (zero-point-free: padding is 0).
      for (let j = 0; j < count; j++) gatherPatch(x, g, group, Math.floor((p0 + j) / outW), (p0 + j) % outW, 0, patches, j * taps);
      // Dot every filter of the group with every gathered patch.
      for (let oc = group * ocPerGroup; oc < (group + 1) * ocPerGroup; oc++) {
        const wBase = oc * taps;
        const r = requantizers[oc];
        const bias = layer.bias[oc];
        for (let j = 0; j < count; j++) {
          const pBase = j * taps;
          let acc = bias;
          for (let t = 0; t < taps; t++) acc = (acc + Math.imul(w[wBase + t], patches[pBase + t])) | 0;
          out[oc * plane + p0 + j] = requantize(acc, r);
        }
      }
    }
  }
  return { shape: outShape, data: out, quant: layer.outQuant };
}
