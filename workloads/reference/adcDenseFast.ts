// The ADC-aware dense layer without per-channel row lists: a dense layer has one input vector, so
// its DAC planes' rows are listed once (per read and plane, the rows whose plane value is not 0),
// and each channel's weights are looked up in a table that packs every weight slice's stored level
// into fields of one number. Summing those numbers over a plane's rows gives every slice's column
// sum at once, each in its own field (a field holds a read's largest sum, so fields never carry).
// The conversions and offsets are adcAware.ts's, so the outputs equal adcDense's bit for bit.
import { layerRequantizers, requantize } from '../quant/requantize.js';
import { readsOf, type AdcModel, type ReadPlan } from './adcAware.js';
import type { DenseLayer, Tensor } from '../ir/types.js';

/** Bits of a number's mantissa used for fields: sums stay exact integers. */
const EXACT_BITS = 52;

/** dense through the chip's conversions, or undefined when a field cannot fit (the caller runs adcDense). */
export function adcDenseFast(layer: DenseLayer, input: Tensor, m: AdcModel, plan: ReadPlan): Tensor | undefined {
  const K = m.cellBits;
  const L = 2 ** K - 1;
  const planeMask = 2 ** m.dacBits - 1;
  const fieldBits = Math.ceil(Math.log2(plan.activeRows * planeMask * L + 1));
  const perWord = Math.floor(EXACT_BITS / fieldBits);
  if (perWord < 1 || process.env.OHMFLOW_REFERENCE === 'scalar') return undefined;
  const differential = m.encoding === 'differential';
  const perWeight = Math.ceil(m.weightBits / K);
  const slices = differential ? 2 * perWeight : perWeight;
  const sliceWeight = Array.from({ length: slices }, (_, c) => (c >= perWeight ? -1 : 1) * 2 ** ((c % perWeight) * K));
  const words = Math.ceil(slices / perWord);
  const fieldScale = Array.from({ length: slices }, (_, c) => 2 ** (fieldBits * (c % perWord)));
  const field = 2 ** fieldBits;
  const planes = Math.ceil(m.inputBits / m.dacBits);
  const planeWeight = Array.from({ length: planes }, (_, b) => 2 ** (b * m.dacBits));
  const lsb = 2 ** Math.max(0, m.rangeBits - m.adcBits);
  const top = 2 ** m.adcBits - 1;
  const weightOffset = 2 ** (m.weightBits - 1);
  const inputOffset = 2 ** (m.inputBits - 1);
  const zx = input.quant.zeroPoint;
  const B = inputOffset + zx;
  const inF = input.data.length;
  const reads = readsOf(layer, inF, plan)[0];

  // The input: u, and per read and plane the rows with a non-zero plane value (and the value).
  let sumU = 0;
  const u = new Int32Array(inF);
  for (let i = 0; i < inF; i++) sumU += u[i] = input.data[i] + inputOffset;
  const listRows: number[] = [];
  const listValues: number[] = [];
  const listStart: number[] = [];
  const ones = new Float64Array(reads.length * planes);
  reads.forEach((read, r) => {
    for (let b = 0; b < planes; b++) {
      listStart.push(listRows.length);
      for (let i = 0, t = read.start; i < read.length; i++, t += read.stride) {
        const value = (u[t] >> (b * m.dacBits)) & planeMask;
        ones[r * planes + b] += value;
        if (value !== 0) {
          listRows.push(t);
          listValues.push(value);
        }
      }
    }
  });
  listStart.push(listRows.length);
  const rowsOf = Int32Array.from(listRows);
  const valuesOf = Float64Array.from(listValues);

  // Per weight zero point: each int8 weight's slice levels as fields, `words` numbers per weight.
  const tables = new Map<number, Float64Array>();
  const tableFor = (zw: number): Float64Array => {
    let table = tables.get(zw);
    if (table === undefined) {
      table = new Float64Array(256 * words);
      for (let w = -128; w < 128; w++) {
        for (let c = 0; c < slices; c++) {
          const stored = !differential ? w + weightOffset : c < perWeight ? Math.max(0, w - zw) : Math.max(0, zw - w);
          table[(w + 128) * words + Math.floor(c / perWord)] += ((stored >> ((c % perWeight) * K)) & L) * fieldScale[c];
        }
      }
      tables.set(zw, table);
    }
    return table;
  };

  const rq = layerRequantizers(layer, input.quant.scale);
  const zps = layer.weightQuant.zeroPoints;
  const out = new Int8Array(layer.outFeatures);
  const packed = new Float64Array(inF * words);
  const sums = new Float64Array(words);
  const flipped = new Uint8Array(slices);
  for (let o = 0; o < layer.outFeatures; o++) {
    const zw = zps[zps.length > 1 ? o : 0];
    const table = tableFor(zw);
    let weightSum = 0;
    for (let i = 0; i < inF; i++) {
      const w = layer.weights[o * inF + i];
      weightSum += differential ? w - zw : w + weightOffset;
      for (let k = 0; k < words; k++) packed[i * words + k] = table[(w + 128) * words + k];
    }
    let su = 0;
    for (let r = 0; r < reads.length; r++) {
      const { start, stride, length } = reads[r];
      flipped.fill(0);
      if (m.flip) {
        // A slice flips when its levels on the read sum to more than half their maximum.
        sums.fill(0);
        for (let i = 0, t = start; i < length; i++, t += stride) for (let k = 0; k < words; k++) sums[k] += packed[t * words + k];
        for (let c = 0; c < slices; c++) flipped[c] = 2 * (Math.floor(sums[Math.floor(c / perWord)] / fieldScale[c]) % field) > length * L ? 1 : 0;
      }
      for (let b = 0; b < planes; b++) {
        const list = r * planes + b;
        if (words === 1) {
          // The common case (every slice in one number), without the inner loop.
          let s = 0;
          for (let q = listStart[list]; q < listStart[list + 1]; q++) s += valuesOf[q] * packed[rowsOf[q]];
          sums[0] = s;
        } else {
          sums.fill(0);
          for (let q = listStart[list]; q < listStart[list + 1]; q++) {
            const t = rowsOf[q];
            for (let k = 0; k < words; k++) sums[k] += valuesOf[q] * packed[t * words + k];
          }
        }
        const unitsL = L * ones[list];
        for (let c = 0; c < slices; c++) {
          const v = Math.floor(sums[Math.floor(c / perWord)] / fieldScale[c]) % field;
          // A flipped column stores L - level: its sum is L x (input units) - v.
          const seen = flipped[c] === 1 ? unitsL - v : v;
          const converted = Math.min(top, Math.floor(seen / lsb + 0.5)) * lsb;
          su += sliceWeight[c] * planeWeight[b] * (flipped[c] === 1 ? unitsL - converted : converted);
        }
      }
    }
    const A = weightOffset + zw;
    const dot = differential ? su - B * weightSum : su - B * weightSum - A * sumU + inF * A * B;
    out[o] = requantize((layer.bias[o] + dot) | 0, rq[o]);
  }
  return { shape: [layer.outFeatures], data: out, quant: layer.outQuant };
}
