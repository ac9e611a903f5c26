// The ADC-aware reference: what a crossbar layer outputs when every read's column sum passes
// through a lossy ADC. It is the golden model of `adc` fidelity, as the integer reference is of
// `exact`, and shares no code with the engine's crossbar kernels: it takes the chip's conversion
// as a plain description (AdcModel) and the layer's row placement (ReadPlan), rebuilds which patch
// values each read of each output channel sees, and computes every conversion with its own
// arithmetic: the DAC planes of each input packed as fields of a word, summed over the rows whose
// cell bit is set (the engine instead packs rows into bit vectors and counts with popcount).
//
// The hardware it describes, for one output channel and one read (the rows one read drives):
//   u = x + 2^(inputBits-1) enters bit-serially, DAC plane b carrying floor(u / 2^(b dacBits)) mod 2^dacBits;
//   weights are stored unsigned (offset: s = code + 2^(weightBits-1); differential: |w - zw| on a
//   positive or a negative column), sliced into cells of cellBits, slice k worth 2^(k cellBits);
//   each (slice, plane) column sum v goes through the ADC: min(top, floor(v / lsb + 1/2)) x lsb with
//   lsb = 2^max(0, rangeBits - adcBits); with flip encoding a slice whose levels on the read sum to
//   more than half their maximum stores L - level, and the digital side takes L x (input units) - ADC(v);
//   shift-add weights each output by 2^(k cellBits + b dacBits); the digital side removes the offsets.
import { layerRequantizers, requantize } from '../quant/requantize.js';
import { gatherPatch, patchGeometry } from './patch.js';
import type { Conv2dLayer, DenseLayer, Shape, Tensor } from '../ir/types.js';

/** The chip's conversion: precisions, cells, DAC, ADC and weight encoding. */
export interface AdcModel {
  weightBits: number;
  inputBits: number;
  cellBits: number;
  dacBits: number;
  adcBits: number;
  /** Bits that resolve every column sum of a read: the ADC's full scale is 2^rangeBits - 1 column units. */
  rangeBits: number;
  encoding: 'offset' | 'differential';
  flip: boolean;
}

/** Where a layer's weight rows sit: which rows one read drives together. */
export interface ReadPlan {
  /** im2col: a group's rows run over (input channel, ky, kx) in one array set; kernel-split: one
   *  array set per kernel tap, rows over input channels. */
  scheme: 'im2col' | 'kernel-split';
  /** Rows of one crossbar: a set's rows are cut into crossbars of this many. */
  arrayRows: number;
  /** Rows one read drives, counted from each crossbar's first row. */
  activeRows: number;
  /** Conv groups stacked block-diagonally in one set of crossbars. */
  groupsPerPack: number;
}

/** One read of one output channel: patch positions start, start + stride, ... (length of them). */
export interface Read {
  start: number;
  stride: number;
  length: number;
}

/** Per output channel: its reads. A read's rows are consecutive rows of one set, so their patch
 *  positions step by 1 (im2col: ic, ky, kx order) or by the taps (kernel-split: one tap per set). */
export function readsOf(layer: Conv2dLayer | DenseLayer, inChannels: number, plan: ReadPlan): Read[][] {
  const [kh, kw] = layer.kind === 'conv2d' ? layer.kernel : [1, 1];
  const taps = kh * kw;
  const groups = layer.kind === 'conv2d' ? layer.groups : 1;
  const outChannels = layer.kind === 'conv2d' ? layer.outChannels : layer.outFeatures;
  const icPerGroup = inChannels / groups;
  const ocPerGroup = outChannels / groups;
  const split = plan.scheme === 'kernel-split';
  const rowsPerGroup = split ? icPerGroup : icPerGroup * taps;
  const sets = split ? taps : 1;
  const byGroup: Read[][] = [];
  for (let g = 0; g < groups; g++) {
    // Groups packed into one set of crossbars sit one under the other.
    const firstRow = (g % plan.groupsPerPack) * rowsPerGroup;
    const reads: Read[] = [];
    for (let set = 0; set < sets; set++) {
      let r = 0;
      while (r < rowsPerGroup) {
        // The read ends at the next multiple of activeRows within the crossbar, or the crossbar's end.
        const row = firstRow + r;
        const inArray = row % plan.arrayRows;
        const readEnd = Math.min(plan.arrayRows, (Math.floor(inArray / plan.activeRows) + 1) * plan.activeRows);
        const length = Math.min(rowsPerGroup - r, readEnd - inArray);
        reads.push(split ? { start: r * taps + set, stride: taps, length } : { start: r, stride: 1, length });
        r += length;
      }
    }
    byGroup.push(reads);
  }
  return Array.from({ length: outChannels }, (_, oc) => byGroup[Math.floor(oc / ocPerGroup)]);
}

/**
 * How DAC planes are packed for counting: plane values of a patch position sit in fields of
 * fieldBits bits, fieldsPerWord to a 32-bit word; a field must hold a whole read's sum of plane
 * values, activeRows x (2^dacBits - 1), so adding words never carries between fields.
 */
interface Packing {
  fieldBits: number;
  fieldsPerWord: number;
  words: number;
  planes: number;
  mask: number;
  /** Per plane: the word and the bit its field starts at. */
  wordOf: Int32Array;
  shiftOf: Int32Array;
}

function packingFor(m: AdcModel, plan: ReadPlan): Packing {
  const max = plan.activeRows * (2 ** m.dacBits - 1);
  const fieldBits = Math.ceil(Math.log2(max + 1));
  const fieldsPerWord = Math.max(1, Math.floor(32 / fieldBits));
  const planes = Math.ceil(m.inputBits / m.dacBits);
  return {
    fieldBits, fieldsPerWord, words: Math.ceil(planes / fieldsPerWord), planes, mask: 2 ** fieldBits - 1,
    wordOf: Int32Array.from({ length: planes }, (_, b) => Math.floor(b / fieldsPerWord)),
    shiftOf: Int32Array.from({ length: planes }, (_, b) => (b % fieldsPerWord) * fieldBits),
  };
}

/** The patch's u values and, per packing word, every position's plane values as fields. */
function packPatch(patch: Int32Array, m: AdcModel, p: Packing, u: Float64Array, packed: Float64Array[]): void {
  const planeMask = 2 ** m.dacBits - 1;
  const offset = 2 ** (m.inputBits - 1);
  for (let t = 0; t < patch.length; t++) {
    const value = patch[t] + offset;
    u[t] = value;
    for (let w = 0; w < p.words; w++) packed[w][t] = 0;
    for (let b = 0; b < p.planes; b++) packed[p.wordOf[b]][t] += ((value >> (b * m.dacBits)) & planeMask) * 2 ** p.shiftOf[b];
  }
}

/** Sums of two packed words over a list of patch positions, into out[at] and out[at + 1]. */
function sumAt(p0: Float64Array, p1: Float64Array, list: Int32Array, from: number, to: number, out: Float64Array, at: number): void {
  let a0 = 0;
  let a1 = 0;
  for (let q = from; q < to; q++) {
    const t = list[q];
    a0 += p0[t];
    a1 += p1[t];
  }
  out[at] = a0;
  out[at + 1] = a1;
}

/**
 * The digitized dot product of one output channel, before bias. Per read and weight slice, a
 * column sum per DAC plane is sum over cell bits k of 2^k x (the plane values of the rows whose
 * level has bit k set): the channel keeps those rows as lists, so a conversion is a sum of packed
 * words over a list, then the ADC on each plane's field.
 */
class ChannelConverter {
  private readonly slices: number;
  private readonly sliceWeight: number[];
  /** Patch positions, per read, per slice, per cell bit: the rows whose (stored) level has the bit. */
  private readonly rowsWithBit: Int32Array;
  /** Start of each (read, slice, cell bit) list in rowsWithBit, and the end. */
  private readonly listStart: Int32Array;
  /** Per read, per slice: 1 where flip encoding flipped the slice's column on that read. */
  private readonly flipped: Uint8Array;
  private readonly weightSum: number;
  private readonly rows: number;
  private readonly sums: Float64Array;
  private readonly ones: Float64Array;
  /** Per packing word, its sum over one list (one spare slot for an odd word count). */
  private readonly wordSums: Float64Array;
  /** Shift-add weight of DAC plane b: 2^(b dacBits). */
  private readonly planeWeight: Float64Array;

  constructor(private readonly m: AdcModel, private readonly reads: Read[], weights: Int8Array, private readonly zeroWeight: number) {
    const perWeight = Math.ceil(m.weightBits / m.cellBits);
    const differential = m.encoding === 'differential';
    const K = m.cellBits;
    this.slices = differential ? 2 * perWeight : perWeight;
    this.sliceWeight = Array.from({ length: this.slices }, (_, c) => (c >= perWeight ? -1 : 1) * 2 ** ((c % perWeight) * K));
    const L = 2 ** K - 1;
    const weightOffset = 2 ** (m.weightBits - 1);
    this.rows = reads.reduce((n, r) => n + r.length, 0);
    this.flipped = new Uint8Array(reads.length * this.slices);
    // At most every row of every read in every (slice, cell bit) list.
    const lists = new Int32Array(this.rows * this.slices * K);
    let listEnd = 0;
    this.listStart = new Int32Array(reads.length * this.slices * K + 1);
    let weightSum = 0;
    const levels = new Int32Array(Math.max(0, ...reads.map((r) => r.length)));
    reads.forEach((read, r) => {
      for (let c = 0; c < this.slices; c++) {
        const shift = (c % perWeight) * K;
        let sum = 0;
        for (let i = 0; i < read.length; i++) {
          const w = weights[read.start + i * read.stride];
          // The unsigned value the slice's column stores: the offset code, or one polarity of w - zw.
          const stored = !differential ? w + weightOffset : c < perWeight ? Math.max(0, w - zeroWeight) : Math.max(0, zeroWeight - w);
          levels[i] = (stored >> shift) & L;
          sum += levels[i];
        }
        const flip = m.flip && 2 * sum > read.length * L;
        if (flip) this.flipped[r * this.slices + c] = 1;
        for (let k = 0; k < K; k++) {
          this.listStart[(r * this.slices + c) * K + k] = listEnd;
          for (let i = 0; i < read.length; i++) {
            const level = flip ? L - levels[i] : levels[i];
            if (((level >> k) & 1) !== 0) lists[listEnd++] = read.start + i * read.stride;
          }
        }
      }
      for (let i = 0; i < read.length; i++) {
        const w = weights[read.start + i * read.stride];
        weightSum += differential ? w - zeroWeight : w + weightOffset;
      }
    });
    this.listStart[this.listStart.length - 1] = listEnd;
    this.rowsWithBit = lists.slice(0, listEnd);
    this.weightSum = weightSum;
    const planes = Math.ceil(m.inputBits / m.dacBits);
    this.sums = new Float64Array(planes);
    this.ones = new Float64Array(planes);
    this.wordSums = new Float64Array(planes + 2);
    this.planeWeight = Float64Array.from({ length: planes }, (_, b) => 2 ** (b * m.dacBits));
  }

  /** One weight slice's column on read r: every DAC plane's column sum converted, shift-added. */
  private sliceSum(r: number, c: number, packed: Float64Array[], packing: Packing, lsb: number, top: number): number {
    const K = this.m.cellBits;
    const sums = this.sums;
    const words = this.wordSums;
    const { wordOf, shiftOf, mask, planes } = packing;
    sums.fill(0);
    for (let k = 0; k < K; k++) {
      const list = (r * this.slices + c) * K + k;
      const from = this.listStart[list];
      const to = this.listStart[list + 1];
      // Two words per pass over the list (a third word, for wide inputs, takes another pass).
      for (let w = 0; w < packing.words; w += 2) sumAt(packed[w], packed[Math.min(w + 1, packing.words - 1)], this.rowsWithBit, from, to, words, w);
      for (let b = 0; b < planes; b++) sums[b] += ((words[wordOf[b]] >>> shiftOf[b]) & mask) << k;
    }
    const flip = this.flipped[r * this.slices + c] === 1;
    const L = 2 ** K - 1;
    const planeWeight = this.planeWeight;
    let su = 0;
    for (let b = 0; b < packing.planes; b++) {
      const converted = Math.min(top, Math.floor(sums[b] / lsb + 0.5)) * lsb;
      su += planeWeight[b] * (flip ? L * this.ones[b] - converted : converted);
    }
    return this.sliceWeight[c] * su;
  }

  /** The channel's dot product sum (w - zw)(x - zx) as the chip computes it. */
  dot(u: Float64Array, packed: Float64Array[], packing: Packing, zx: number): number {
    const m = this.m;
    const lsb = 2 ** Math.max(0, m.rangeBits - m.adcBits);
    const top = 2 ** m.adcBits - 1;
    const ones = this.ones;
    let su = 0;
    let sumU = 0;
    for (let r = 0; r < this.reads.length; r++) {
      const { start, stride, length } = this.reads[r];
      for (let i = 0, t = start; i < length; i++, t += stride) sumU += u[t];
      let anyFlip = false;
      for (let c = 0; c < this.slices; c++) anyFlip ||= this.flipped[r * this.slices + c] === 1;
      if (anyFlip) {
        // Input units per plane on the read's rows: flip encoding's correction needs them.
        ones.fill(0);
        for (let w = 0; w < packing.words; w++) {
          let acc = 0;
          for (let i = 0, t = start; i < length; i++, t += stride) acc += packed[w][t];
          this.wordSums[w] = acc;
        }
        for (let b = 0; b < packing.planes; b++) ones[b] = (this.wordSums[packing.wordOf[b]] >>> packing.shiftOf[b]) & packing.mask;
      }
      for (let c = 0; c < this.slices; c++) su += this.sliceSum(r, c, packed, packing, lsb, top);
    }
    const B = 2 ** (m.inputBits - 1) + zx;
    if (m.encoding === 'differential') return su - B * this.weightSum;
    const A = 2 ** (m.weightBits - 1) + this.zeroWeight;
    return su - B * this.weightSum - A * sumU + this.rows * A * B;
  }
}

function converters(layer: Conv2dLayer | DenseLayer, inChannels: number, m: AdcModel, plan: ReadPlan): ChannelConverter[] {
  const reads = readsOf(layer, inChannels, plan);
  const outChannels = reads.length;
  const perOc = layer.weights.length / outChannels;
  const zps = layer.weightQuant.zeroPoints;
  return reads.map((r, oc) => new ChannelConverter(m, r, layer.weights.subarray(oc * perOc, (oc + 1) * perOc), zps[zps.length > 1 ? oc : 0]));
}

/** conv2d through the chip's conversions. Padding enters as the input zero point, as the chip's line buffers hold it. */
export function adcConv2d(layer: Conv2dLayer, input: Tensor, outShape: Shape, m: AdcModel, plan: ReadPlan): Tensor {
  const [outC, outH, outW] = outShape;
  const g = patchGeometry(layer, input.shape);
  const ocPerGroup = outC / layer.groups;
  const taps = g.icPerGroup * g.kh * g.kw;
  const zx = input.quant.zeroPoint;
  const conv = converters(layer, input.shape[0], m, plan);
  const rq = layerRequantizers(layer, input.quant.scale);
  const packing = packingFor(m, plan);
  const patch = new Int32Array(taps);
  const u = new Float64Array(taps);
  const packed = Array.from({ length: packing.words }, () => new Float64Array(taps));
  const out = new Int8Array(outC * outH * outW);
  for (let group = 0; group < layer.groups; group++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        // Padding holds the input zero point, as the chip's line buffers do.
        gatherPatch(input.data, g, group, oy, ox, zx, patch, 0);
        packPatch(patch, m, packing, u, packed);
        for (let oc = group * ocPerGroup; oc < (group + 1) * ocPerGroup; oc++) {
          const acc = (layer.bias[oc] + conv[oc].dot(u, packed, packing, zx)) | 0;
          out[(oc * outH + oy) * outW + ox] = requantize(acc, rq[oc]);
        }
      }
    }
  }
  return { shape: outShape, data: out, quant: layer.outQuant };
}

/** dense through the chip's conversions. */
export function adcDense(layer: DenseLayer, input: Tensor, m: AdcModel, plan: ReadPlan): Tensor {
  const inF = input.data.length;
  const conv = converters(layer, inF, m, plan);
  const rq = layerRequantizers(layer, input.quant.scale);
  const packing = packingFor(m, plan);
  const u = new Float64Array(inF);
  const packed = Array.from({ length: packing.words }, () => new Float64Array(inF));
  packPatch(Int32Array.from(input.data), m, packing, u, packed);
  const out = new Int8Array(layer.outFeatures);
  for (let o = 0; o < layer.outFeatures; o++) out[o] = requantize((layer.bias[o] + conv[o].dot(u, packed, packing, input.quant.zeroPoint)) | 0, rq[o]);
  return { shape: [layer.outFeatures], data: out, quant: layer.outQuant };
}
