// The ADC-aware dense layer on the conv kernel (wasm/adcModule.ts) turned around: a dense layer has
// one input vector, so the lanes hold 16 output channels instead of 16 pixels. A row of the kernel's
// memory is one input row's weight levels, a byte per (weight slice, channel), one region of rows
// per cell bit k holding bit k of each level; the program, shared by every block of channels, lists
// per read and DAC plane the rows whose plane bit is set (once per region), then each slice's
// weight. The kernel then sums, converts and shift-adds each (read, plane, slice) column as the
// scalar adcDense does. For 1-bit DACs without flip encoding (flip's sign would differ per lane);
// other chips take adcDenseFast.ts.
import { layerRequantizers, requantize } from '../quant/requantize.js';
import { readsOf, type AdcModel, type ReadPlan } from './adcAware.js';
import { kernelFor, kernelTerms } from './adcKernel.js';
import { ADC_PIXELS } from './wasm/adcModule.js';
import { ensureBytes } from './wasm/api.js';
import type { DenseLayer, Tensor } from '../ir/types.js';

const LANES = ADC_PIXELS;

/** dense through the chip's conversions on the kernel, or undefined when it cannot run this chip. */
export function adcDenseKernel(layer: DenseLayer, input: Tensor, m: AdcModel, plan: ReadPlan): Tensor | undefined {
  const terms = kernelTerms(m, plan);
  const K = m.cellBits;
  const perWeight = Math.ceil(m.weightBits / K);
  const differential = m.encoding === 'differential';
  const slices = differential ? 2 * perWeight : perWeight;
  // Stored values in 16 bits (8 for a differential polarity: |w - zw| < 256), slices in the kernel's vectors.
  if (terms === undefined || m.flip || m.dacBits !== 1 || m.weightBits < 8 || perWeight * K > 16 || slices > 16) return undefined;
  const kernel = kernelFor(slices, K, terms.wide);
  if (kernel === null) return undefined;
  const { planes, half, shift, top } = terms;
  const inF = input.data.length;
  const outF = layer.outFeatures;
  const reads = readsOf(layer, inF, plan)[0];
  const rowBytes = slices * LANES;
  const regionBytes = inF * rowBytes;
  const outByte = K * regionBytes;
  const programByte = outByte + 4 * LANES;
  const inputOffset = 2 ** (m.inputBits - 1);
  const weightOffset = 2 ** (m.weightBits - 1);
  const sliceWeight = Array.from({ length: slices }, (_, c) => (c >= perWeight ? -1 : 1) * 2 ** ((c % perWeight) * K));

  // The input's u, and the program: per read and plane, its listed rows in each region, then the weights.
  const u = new Int32Array(inF);
  let sumU = 0;
  for (let i = 0; i < inF; i++) sumU += u[i] = input.data[i] + inputOffset;
  // One more word: a list may write one past its end.
  ensureBytes(kernel.memory, programByte + 4 * (planes * (inF * K + reads.length * (K + slices)) + 1));
  const words = new Int32Array(kernel.memory.buffer);
  let at = programByte / 4;
  let segments = 0;
  for (const { start, stride, length } of reads) {
    for (let b = 0; b < planes; b++) {
      const segmentStart = at;
      for (let k = 0; k < K; k++) {
        const countAt = at++;
        for (let i = 0, t = start; i < length; i++, t += stride) {
          words[at] = (k * inF + t) * rowBytes;
          at += (u[t] >> b) & 1;
        }
        words[countAt] = at - countAt - 1;
      }
      // No row driven: every slice's sum is 0 and converts to 0.
      if (at === segmentStart + K) {
        at = segmentStart;
        continue;
      }
      for (let c = 0; c < slices; c++) words[at++] = sliceWeight[c] * 2 ** b;
      segments++;
    }
  }

  const rq = layerRequantizers(layer, input.quant.scale);
  const zps = layer.weightQuant.zeroPoints;
  const B = inputOffset + input.quant.zeroPoint;
  const q32 = new Uint32Array(kernel.memory.buffer, 0, outByte / 4);
  const sums = new Int32Array(kernel.memory.buffer, outByte, LANES);
  // Per (slice, cell bit): the source polarity (0 positive, 1 negative), the bit, and the row word it goes to.
  const bitOf = Int32Array.from({ length: slices * K }, (_, n) => (Math.floor(n / K) % perWeight) * K + (n % K));
  const negativeOf = Uint8Array.from({ length: slices * K }, (_, n) => (Math.floor(n / K) >= perWeight ? 1 : 0));
  const wordOf = Int32Array.from({ length: slices * K }, (_, n) => ((n % K) * regionBytes + Math.floor(n / K) * LANES) / 4);
  const rowWords = rowBytes / 4;
  const weights = layer.weights;
  const zwOf = Int32Array.from({ length: outF }, (_, o) => zps[zps.length > 1 ? o : 0]);
  const out = new Int8Array(outF);
  for (let o0 = 0; o0 < outF; o0 += LANES) {
    const lanes = Math.min(LANES, outF - o0);
    for (let i = 0; i < inF; i++) {
      for (let j0 = 0; j0 < LANES; j0 += 4) {
        // Four channels' stored values side by side, 16 bits each in two words of bytes (low, high).
        let posLow = 0;
        let posHigh = 0;
        let negLow = 0;
        for (let jj = 0; jj < 4; jj++) {
          const o = o0 + j0 + jj;
          // Channels past the layer's end hold 0s: their lanes are never read.
          if (o >= outF) continue;
          const w = weights[o * inF + i];
          const zw = zwOf[o];
          const pos = differential ? Math.max(0, w - zw) : w + weightOffset;
          posLow |= (pos & 0xff) << (8 * jj);
          posHigh |= ((pos >> 8) & 0xff) << (8 * jj);
          if (differential) negLow |= Math.max(0, zw - w) << (8 * jj);
        }
        const row = i * rowWords + j0 / 4;
        for (let n = 0; n < slices * K; n++) {
          const p = bitOf[n];
          const source = negativeOf[n] === 1 ? (p < 8 ? negLow : 0) : p < 8 ? posLow : posHigh;
          // >> not >>>: the mask keeps no bit that the sign fills, and the value stays a small integer.
          q32[wordOf[n] + row] = (source >> (p & 7)) & 0x01010101;
        }
      }
    }
    kernel.adc(programByte, segments, 0, outByte, half, shift, top);
    for (let j = 0; j < lanes; j++) {
      const o = o0 + j;
      const zw = zwOf[o];
      let raw = 0;
      for (let i = 0; i < inF; i++) raw += weights[o * inF + i];
      const weightSum = differential ? raw - inF * zw : raw + inF * weightOffset;
      const A = weightOffset + zw;
      const dot = differential ? sums[j] - B * weightSum : sums[j] - B * weightSum - A * sumU + inF * A * B;
      out[o] = requantize((layer.bias[o] + dot) | 0, rq[o]);
    }
  }
  return { shape: [outF], data: out, quant: layer.outQuant };
}
