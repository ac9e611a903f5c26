// `adc` fidelity stated row by row: the plain, slow form of what the packed popcount path
// (packedAdc.ts) computes, kept as its specification and tested equal to it. Per input bit-plane
// (dacBits wide) and per weight slice (cellBits wide), each read of up to activeRows rows yields
// one column sum, which the ADC converts; shift-and-add merges planes and slices. The math (one
// column, n rows of its group):
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
import type { Block, CrossbarLayout } from '../layout.js';
import { bitPlanes } from '../../../hw/timing.js';

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

  constructor(private readonly layout: CrossbarLayout, private readonly p: BitSerialParams) {
    this.planes = bitPlanes(p.inputBits, p.dacBits);
    this.slices = layout.blocks.map((b) => this.sliceBlock(b));
    this.planeBits = layout.setRows.map((r) => Array.from({ length: this.planes }, () => new Uint8Array(r.length)));
    this.u = layout.setRows.map((r) => new Float64Array(r.length));
    this.lsb = 2 ** Math.max(0, p.requiredBits - p.adcBits);
    this.topCode = 2 ** p.adcBits - 1;
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

  /** acc[oc] += block partial sums through DAC bit-planes, column reads and ADC conversions. */
  accumulate(window: Int32Array, zx: number, acc: Int32Array): void {
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
      for (let j = 0; j < blk.outChannels.length; j++) {
        const oc = blk.outChannels[j];
        const lo = blk.lo[j];
        const hi = blk.hi[j];
        if (hi <= lo) continue;
        const base = j * blk.rows;
        let su = 0;
        for (let c = 0; c < sl.levels.length; c++) {
          const lv = sl.levels[c];
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
                v += (flipped ? L - lv[base + i] : lv[base + i]) * bit;
                ones += bit;
              }
              const conv = this.adc(v);
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
