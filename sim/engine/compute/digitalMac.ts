// Digital MAC PEs (hybrid tiles, AERO): a conv2d / dense output pixel as integer dot products over
// the im2col window, (w - zw)(x - zx) accumulated in int32 from the bias, as a digital MAC array
// computes it: no crossbar, no ADC, so the result is exact by construction.
import type { Conv2dLayer, DenseLayer } from '../../../workloads/ir/types.js';

/** Per output channel, acc[oc] = bias + sum over its group's taps of (w - zw)(x - zx). `window`
 *  holds the int8 codes of every input channel's taps in (ic, ky, kx) order. */
export function macPixel(layer: Conv2dLayer | DenseLayer, inChannels: number, window: Int32Array, zx: number, acc: Int32Array): void {
  const outChannels = layer.kind === 'conv2d' ? layer.outChannels : layer.outFeatures;
  const groups = layer.kind === 'conv2d' ? layer.groups : 1;
  const taps = layer.kind === 'conv2d' ? layer.kernel[0] * layer.kernel[1] : 1;
  const tapsPerGroup = (inChannels / groups) * taps;
  const outPerGroup = outChannels / groups;
  const zw = layer.weightQuant.zeroPoints;
  for (let oc = 0; oc < outChannels; oc++) {
    const w0 = zw[zw.length > 1 ? oc : 0];
    const x0 = Math.floor(oc / outPerGroup) * tapsPerGroup;
    const wBase = oc * tapsPerGroup;
    let sum = layer.bias[oc];
    for (let t = 0; t < tapsPerGroup; t++) sum = (sum + Math.imul(layer.weights[wBase + t] - w0, window[x0 + t] - zx)) | 0;
    acc[oc] = sum;
  }
}
