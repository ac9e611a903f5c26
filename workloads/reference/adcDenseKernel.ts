// The ADC-aware dense layer on the conv kernel with output channels in the lanes
// (adcChannelLanes.ts): a dense layer has one input vector. The offsets are added here, as the
// scalar adcDense does. For 1-bit DACs without flip encoding; other chips take adcDenseFast.ts.
import { layerRequantizers, requantize } from '../quant/requantize.js';
import { readsOf, type AdcModel, type ReadPlan } from './adcAware.js';
import { channelLaneSums } from './adcChannelLanes.js';
import type { DenseLayer, Tensor } from '../ir/types.js';

/** dense through the chip's conversions on the kernel, or undefined when it cannot run this chip. */
export function adcDenseKernel(layer: DenseLayer, input: Tensor, m: AdcModel, plan: ReadPlan): Tensor | undefined {
  const inF = input.data.length;
  const outF = layer.outFeatures;
  const zps = layer.weightQuant.zeroPoints;
  const zwOf = Int32Array.from({ length: outF }, (_, o) => zps[zps.length > 1 ? o : 0]);
  const inputOffset = 2 ** (m.inputBits - 1);
  const u = new Int32Array(inF);
  let sumU = 0;
  for (let i = 0; i < inF; i++) sumU += u[i] = input.data[i] + inputOffset;
  const weights = layer.weights;
  const sums = channelLaneSums({ weights, outF, inF, zwOf, reads: readsOf(layer, inF, plan)[0] }, u, m, plan);
  if (sums === undefined) return undefined;
  const rq = layerRequantizers(layer, input.quant.scale);
  const weightOffset = 2 ** (m.weightBits - 1);
  const differential = m.encoding === 'differential';
  const B = inputOffset + input.quant.zeroPoint;
  const out = new Int8Array(outF);
  for (let o = 0; o < outF; o++) {
    const zw = zwOf[o];
    let raw = 0;
    for (let i = 0; i < inF; i++) raw += weights[o * inF + i];
    const weightSum = differential ? raw - inF * zw : raw + inF * weightOffset;
    const A = weightOffset + zw;
    const dot = differential ? sums[o] - B * weightSum : sums[o] - B * weightSum - A * sumU + inF * A * B;
    out[o] = requantize((layer.bias[o] + dot) | 0, rq[o]);
  }
  return { shape: [outF], data: out, quant: layer.outQuant };
}
