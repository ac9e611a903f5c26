// The ADC-aware conv2d with output channels in the kernel's lanes (adcChannelLanes.ts): each
// pixel's patch is an input vector, listed once for every block of 16 channels. Against pixels in
// the lanes (adcConvFast.ts) it does about twice the kernel's additions, but writes no row-list
// program per channel (for VGG-8's last convs, at 8x8 and 4x4 pixels, a program serves one block
// or a few) and no plane rows, and its single code path warms up sooner: on VGG-8 it is as fast
// per layer once warm and faster on a fresh thread, where the check runs. It takes convs whose
// channels fill the lanes, or with few pixels (where pixels would not fill them).
// The offsets are added as in adcConvFast.ts.
import { layerRequantizers, requantize } from '../quant/requantize.js';
import { gatherPatch, patchGeometry } from './patch.js';
import { readsOf, type AdcModel, type ReadPlan } from './adcAware.js';
import { channelLaneSums } from './adcChannelLanes.js';
import { ADC_PIXELS } from './wasm/adcModule.js';
import type { Conv2dLayer, Shape, Tensor } from '../ir/types.js';

/** Output pixels up to which a conv with fewer than 16 channels still takes the channel lanes. */
export const LANE_PIXELS_MAX = 64;

/** conv2d through the chip's conversions with channels in the lanes, or undefined where it does not apply (groups, few channels and many pixels, the chip). */
export function adcConv2dChannelLanes(layer: Conv2dLayer, input: Tensor, outShape: Shape, m: AdcModel, plan: ReadPlan): Tensor | undefined {
  const [outC, outH, outW] = outShape;
  const pixels = outH * outW;
  if (layer.groups !== 1 || (pixels > LANE_PIXELS_MAX && outC < ADC_PIXELS)) return undefined;
  const g = patchGeometry(layer, input.shape);
  const taps = g.icPerGroup * g.kh * g.kw;
  const zx = input.quant.zeroPoint;
  const inputOffset = 2 ** (m.inputBits - 1);
  // Every pixel's patch, one after another.
  const us = new Int32Array(pixels * taps);
  const sumU = new Float64Array(pixels);
  for (let p = 0; p < pixels; p++) {
    const oy = Math.floor(p / outW);
    // Padding holds the input zero point, as the chip's line buffers do.
    gatherPatch(input.data, g, 0, oy, p - oy * outW, zx, us, p * taps);
    let sum = 0;
    for (let t = p * taps; t < (p + 1) * taps; t++) {
      const value = us[t] + inputOffset;
      us[t] = value;
      sum += value;
    }
    sumU[p] = sum;
  }
  const zps = layer.weightQuant.zeroPoints;
  const zwOf = Int32Array.from({ length: outC }, (_, o) => zps[zps.length > 1 ? o : 0]);
  const weights = layer.weights;
  const sums = channelLaneSums({ weights, outF: outC, inF: taps, zwOf, reads: readsOf(layer, input.shape[0], plan)[0] }, us, m, plan);
  if (sums === undefined) return undefined;
  const rq = layerRequantizers(layer, input.quant.scale);
  const weightOffset = 2 ** (m.weightBits - 1);
  const differential = m.encoding === 'differential';
  const B = inputOffset + zx;
  const out = new Int8Array(outC * pixels);
  for (let oc = 0; oc < outC; oc++) {
    const zw = zwOf[oc];
    let raw = 0;
    for (let t = 0; t < taps; t++) raw += weights[oc * taps + t];
    const weightSum = differential ? raw - taps * zw : raw + taps * weightOffset;
    const A = weightOffset + zw;
    for (let p = 0; p < pixels; p++) {
      const su = sums[oc * pixels + p];
      const dot = differential ? su - B * weightSum : su - B * weightSum - A * sumU[p] + taps * A * B;
      out[oc * pixels + p] = requantize((layer.bias[oc] + dot) | 0, rq[oc]);
    }
  }
  return { shape: outShape, data: out, quant: layer.outQuant };
}
