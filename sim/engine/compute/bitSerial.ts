// `adc` fidelity: the bit-serial crossbar path. Per input bit-plane (dacBits wide) and per weight
// slice (cellBits wide), each read of up to activeRows rows yields one column sum, which the ADC
// converts; shift-and-add merges planes and slices. The math (one column, n rows of its group):
//
//   offset encoding:  cells hold s = code + 2^(wb-1) (unsigned), inputs enter as u = code + 2^(ib-1)
//                     (unsigned, so bit-planes are plain bits; padding enters as the zero point),
//                     with A = 2^(wb-1) + zw and B = 2^(ib-1) + zx:
//                     sum (w - zw)(x - zx) = sum s*u - B*sum s - A*sum u + n*A*B,
//                     where sum s*u = sum_{plane b, slice k} 2^(b*dacBits + k*cellBits) * ADC(column sums)
//                     and sum s (a constant of the weights) and sum u (of the window) are digital.
//   differential:     a positive and a negative column hold |w - zw| sliced; sum (w - zw)*u is their
//                     difference and sum (w - zw)(x - zx) = that - B * sum (w - zw).
//   flip encoding:    per column, slice and read, a column whose levels sum over half the maximum
//                     stores the complement L - level (L = 2^cellBits - 1), and the digital side
//                     recovers v = L * (ones in the read's input bits) - v'.
//
// ADC transfer function: a uniform quantizer with LSB = 2^(requiredBits - adcBits) column units,
// round to nearest, saturating at the top code; lossless (identity) when adcBits >= requiredBits.
// In `analog` fidelity (analog.ts) the cells hold varied conductances and each conversion sees read
// noise; the same transfer function then quantizes a real-valued column sum (clipped at 0 too).
import type { Block, CrossbarLayout } from '../layout.js';
import type { Random } from '../../kernel/index.js';
import { gaussian, readNoiseRng, variationRng, VARIATION_CELL_BUDGET, type AnalogParams } from './analog.js';

export interface BitSerialParams {
  weightBits: number;
  inputBits: number;
  cellBits: number;
  dacBits: number;
  activeRows: number;
  adcBits: number;
  /** Bits a lossless conversion needs (hw/arch adcLossless). */
  requiredBits: number;
  encoding: 'offset' | 'differential';
  flip: boolean;
}

interface BlockSlices {
  /** Per physical slice column: levels, column-major like Block.codes. Differential: positive slices first. */
  levels: Uint8Array[];
  /** Signs of the slice columns (+1, or -1 for differential negative columns) and their weights 2^(k*cellBits). */
  sign: number[];
  scale: number[];
  /** Per weight column: sum of s (offset) or of w - zw (differential) over its rows. */
  weightSum: Float64Array;
}

export class BitSerialCrossbar {
  private readonly slices: BlockSlices[];
  private readonly planes: number;
  private readonly planeBits: Uint8Array[][];
  private readonly u: Float64Array[];
  private readonly lsb: number;
  private readonly topCode: number;
  /** Analog only: per variation set (copy), per block, per slice column, the stored conductances
   *  in level units (complemented where flip encoding stores L - level). */
  private readonly programmed = new Map<number, Float32Array[][]>();
  private readonly noise: Random | undefined;
  private readonly variationSets: number;

  constructor(private readonly layout: CrossbarLayout, private readonly p: BitSerialParams, private readonly analog?: AnalogParams & { layer: number }) {
    this.planes = Math.ceil(p.inputBits / p.dacBits);
    this.slices = layout.blocks.map((b) => this.sliceBlock(b));
    this.planeBits = layout.setRows.map((r) => Array.from({ length: this.planes }, () => new Uint8Array(r.length)));
    this.u = layout.setRows.map((r) => new Float64Array(r.length));
    this.lsb = 2 ** Math.max(0, p.requiredBits - p.adcBits);
    this.topCode = 2 ** p.adcBits - 1;
    this.noise = analog === undefined ? undefined : readNoiseRng(analog.seed, analog.layer);
    const cells = this.slices.reduce((n, sl) => n + sl.levels.length * (sl.levels[0]?.length ?? 0), 0);
    this.variationSets = Math.max(1, Math.floor(VARIATION_CELL_BUDGET / Math.max(1, cells)));
  }

  /** The conductances copy `copy` was programmed with (drawn on first use, from its own seed). */
  private programmedFor(copy: number): Float32Array[][] {
    const set = copy % this.variationSets;
    let g = this.programmed.get(set);
    if (g !== undefined) return g;
    const a = this.analog!;
    const rng = variationRng(a.seed, a.layer, set);
    const L = 2 ** this.p.cellBits - 1;
    const rowsPerRead = this.p.activeRows;
    g = this.layout.blocks.map((blk, bi) => this.slices[bi].levels.map((lv) => {
      const out = new Float32Array(lv.length);
      for (let j = 0; j < blk.outChannels.length; j++) {
        const base = j * blk.rows;
        const lo = blk.lo[j];
        const hi = blk.hi[j];
        for (let g0 = lo - (lo % rowsPerRead); g0 < hi; g0 += rowsPerRead) {
          const a0 = Math.max(lo, g0);
          const e = Math.min(hi, g0 + rowsPerRead);
          let levelSum = 0;
          if (this.p.flip) for (let i = a0; i < e; i++) levelSum += lv[base + i];
          const flipped = this.p.flip && 2 * levelSum > (e - a0) * L;
          for (let i = a0; i < e; i++) out[base + i] = (flipped ? L - lv[base + i] : lv[base + i]) * Math.exp(a.conductanceSigma * gaussian(rng));
        }
      }
      return out;
    }));
    this.programmed.set(set, g);
    return g;
  }

  /** The ADC on a real-valued column sum: round to the nearest code, clip to [0, top code]. */
  private adcAnalog(v: number): number {
    const code = Math.floor(v / this.lsb + 0.5);
    return (code < 0 ? 0 : code > this.topCode ? this.topCode : code) * this.lsb;
  }

  private sliceBlock(b: Block): BlockSlices {
    const { weightBits, cellBits, encoding } = this.p;
    const perWeight = Math.ceil(weightBits / cellBits);
    const mask = 2 ** cellBits - 1;
    const n = b.outChannels.length;
    const levels: Uint8Array[] = [];
    const sign: number[] = [];
    const scale: number[] = [];
    const weightSum = new Float64Array(n);
    const polarities = encoding === 'differential' ? [1, -1] : [1];
    for (const pol of polarities) {
      for (let k = 0; k < perWeight; k++) {
        const lv = new Uint8Array(b.codes.length);
        for (let j = 0; j < n; j++) {
          for (let i = b.lo[j]; i < b.hi[j]; i++) {
            const idx = j * b.rows + i;
            const stored = encoding === 'offset' ? b.codes[idx] + 2 ** (weightBits - 1) : Math.max(0, pol * b.weights[idx]);
            lv[idx] = Math.floor(stored / 2 ** (k * cellBits)) & mask;
          }
        }
        levels.push(lv);
        sign.push(pol);
        scale.push(2 ** (k * cellBits));
      }
    }
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = b.lo[j]; i < b.hi[j]; i++) {
        const idx = j * b.rows + i;
        s += encoding === 'offset' ? b.codes[idx] + 2 ** (weightBits - 1) : b.weights[idx];
      }
      weightSum[j] = s;
    }
    return { levels, sign, scale, weightSum };
  }

  private adc(v: number): number {
    if (this.lsb === 1) return v > this.topCode ? this.topCode : v;
    const code = Math.min(this.topCode, Math.floor(v / this.lsb + 0.5));
    return code * this.lsb;
  }

  /** acc[oc] += block partial sums through DAC bit-planes, column reads and ADC conversions, on
   *  copy `copy`'s cells (which matters only in analog fidelity, where each copy varies). */
  accumulate(window: Int32Array, zx: number, acc: Int32Array, copy = 0): void {
    const programmed = this.analog === undefined ? undefined : this.programmedFor(copy);
    const noise = this.noise;
    const readSigma = this.analog?.readNoiseSigma ?? 0;
    const { inputBits, weightBits, dacBits, cellBits, activeRows, encoding, flip } = this.p;
    const inOffset = 2 ** (inputBits - 1);
    const planeMask = 2 ** dacBits - 1;
    const L = 2 ** cellBits - 1;
    for (let s = 0; s < this.layout.setRows.length; s++) {
      const rows = this.layout.setRows[s];
      const u = this.u[s];
      for (let j = 0; j < rows.length; j++) {
        const uj = window[rows[j]] + inOffset;
        u[j] = uj;
        for (let b = 0; b < this.planes; b++) this.planeBits[s][b][j] = Math.floor(uj / 2 ** (b * dacBits)) & planeMask;
      }
    }
    const B = inOffset + zx;
    this.layout.blocks.forEach((blk, bi) => {
      const sl = this.slices[bi];
      const u = this.u[blk.set];
      const bits = this.planeBits[blk.set];
      const stored = programmed?.[bi];
      for (let j = 0; j < blk.outChannels.length; j++) {
        const oc = blk.outChannels[j];
        const lo = blk.lo[j];
        const hi = blk.hi[j];
        if (hi <= lo) continue;
        const base = j * blk.rows;
        let su = 0;
        for (let c = 0; c < sl.levels.length; c++) {
          const lv = sl.levels[c];
          const gc = stored?.[c];
          let column = 0;
          for (let g0 = lo - (lo % activeRows); g0 < hi; g0 += activeRows) {
            const a = Math.max(lo, g0);
            const e = Math.min(hi, g0 + activeRows);
            // Flip decision of this column slice in this read: stored levels over half the maximum.
            let levelSum = 0;
            if (flip) for (let i = a; i < e; i++) levelSum += lv[base + i];
            const flipped = flip && 2 * levelSum > (e - a) * L;
            for (let b = 0; b < this.planes; b++) {
              const pb = bits[b];
              let v = 0;
              let ones = 0;
              for (let i = a; i < e; i++) {
                const bit = pb[blk.r0 + i];
                v += (gc !== undefined ? gc[base + i] : flipped ? L - lv[base + i] : lv[base + i]) * bit;
                ones += bit;
              }
              const conv = noise === undefined ? this.adc(v) : this.adcAnalog(v + readSigma * gaussian(noise));
              column += (flipped ? L * ones - conv : conv) * 2 ** (b * dacBits);
            }
          }
          su += sl.sign[c] * sl.scale[c] * column;
        }
        let sumU = 0;
        for (let i = lo; i < hi; i++) sumU += u[blk.r0 + i];
        const n = hi - lo;
        let partial: number;
        if (encoding === 'offset') {
          const A = 2 ** (weightBits - 1) + this.layout.weightZero[oc];
          partial = su - B * sl.weightSum[j] - A * sumU + n * A * B;
        } else {
          partial = su - B * sl.weightSum[j];
        }
        acc[oc] = (acc[oc] + partial) | 0;
      }
    });
  }
}
