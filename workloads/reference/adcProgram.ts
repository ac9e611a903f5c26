// A channel's program for the ADC-aware conv kernel (wasm/adcModule.ts), written straight from its
// int8 weights: per read and weight slice, the stored levels (offset code, or one polarity of
// w - zw), flipped when flip encoding flips the column, listed by cell bit as byte offsets of the
// kernel's plane rows, then each DAC plane's signed weight. Written apart from adcAware.ts's
// ChannelConverter, so that the kernel's tests against the scalar loop check the lists too.
import type { AdcModel, Read } from './adcAware.js';

/** What the conv driver needs of a channel besides its program. */
export interface ChannelProgram {
  /** Word index of the program in the kernel's memory, and its segment count. */
  at: number;
  segments: number;
  /** Sum over the channel's rows of the stored weight's offset value (offset: w + 2^(bits-1); differential: w - zw). */
  weightSum: number;
  /** Per read: L x the weights of the slices flip encoding flipped there (times the read's input units, the flip's term). */
  flipWeight: Float64Array;
}

export class ProgramWriter {
  private readonly K: number;
  private readonly L: number;
  private readonly perWeight: number;
  private readonly slices: number;
  private readonly sliceWeight: number[];
  private readonly planeWeight: number[];
  private readonly levels: Int32Array;
  private readonly positive: Int32Array;
  private readonly negative: Int32Array;
  /** Per read, each row's byte offset in the kernel's plane rows. */
  private readonly rowOffsets: Int32Array[];

  constructor(private readonly m: AdcModel, private readonly reads: readonly Read[], rowBytes: number) {
    this.K = m.cellBits;
    this.L = 2 ** m.cellBits - 1;
    this.perWeight = Math.ceil(m.weightBits / m.cellBits);
    this.slices = m.encoding === 'differential' ? 2 * this.perWeight : this.perWeight;
    this.sliceWeight = Array.from({ length: this.slices }, (_, c) => (c >= this.perWeight ? -1 : 1) * 2 ** ((c % this.perWeight) * this.K));
    const planes = Math.ceil(m.inputBits / m.dacBits);
    this.planeWeight = Array.from({ length: planes }, (_, b) => 2 ** (b * m.dacBits));
    const longest = Math.max(0, ...reads.map((r) => r.length));
    this.levels = new Int32Array(longest);
    this.positive = new Int32Array(longest);
    this.negative = new Int32Array(longest);
    this.rowOffsets = reads.map((r) => Int32Array.from({ length: r.length }, (_, i) => (r.start + i * r.stride) * rowBytes));
  }

  /** Words a channel's program can take at most (one more: the last list may write one past its end). */
  get maxWords(): number {
    const rows = this.reads.reduce((n, r) => n + r.length, 0);
    return this.slices * (rows * this.K + this.reads.length * (this.K + this.planeWeight.length)) + 1;
  }

  /** Writes the program of the channel with `weights` (its row, in patch order) and zero point zw at words[at...]. */
  write(weights: Int8Array, zw: number, words: Int32Array, at: number): ChannelProgram & { end: number } {
    const { K, L, m, levels, positive, negative, rowOffsets } = this;
    const differential = m.encoding === 'differential';
    const weightOffset = 2 ** (m.weightBits - 1);
    const flipWeight = new Float64Array(this.reads.length);
    const start = at;
    let segments = 0;
    let weightSum = 0;
    // A plain loop, not forEach: a closure would keep `at` in a context object, not a register.
    for (let r = 0; r < this.reads.length; r++) {
      const { start: first, stride, length } = this.reads[r];
      // The stored values: the offset code, or the two polarities of w - zw.
      for (let i = 0; i < length; i++) {
        const w = weights[first + i * stride];
        positive[i] = differential ? Math.max(0, w - zw) : w + weightOffset;
        negative[i] = Math.max(0, zw - w);
        weightSum += differential ? w - zw : w + weightOffset;
      }
      const offsets = rowOffsets[r];
      for (let c = 0; c < this.slices; c++) {
        const shift = (c % this.perWeight) * K;
        const stored = c >= this.perWeight ? negative : positive;
        let sum = 0;
        for (let i = 0; i < length; i++) sum += levels[i] = (stored[i] >> shift) & L;
        // Flip encoding stores L - level when the levels sum to more than half their maximum.
        const flip = m.flip && 2 * sum > length * L;
        if (flip) {
          flipWeight[r] += L * this.sliceWeight[c];
          for (let i = 0; i < length; i++) levels[i] = L - levels[i];
        }
        const segmentStart = at;
        for (let k = 0; k < K; k++) {
          const countAt = at++;
          // Every row written, the cursor moved past the listed ones (no branch on random bits).
          for (let i = 0; i < length; i++) {
            words[at] = offsets[i];
            at += (levels[i] >> k) & 1;
          }
          words[countAt] = at - countAt - 1;
        }
        // No rows listed: every plane's sum is 0 and converts to 0; the segment is left out.
        if (at === segmentStart + K) {
          at = segmentStart;
          continue;
        }
        const sign = flip ? -1 : 1;
        for (const weight of this.planeWeight) words[at++] = sign * this.sliceWeight[c] * weight;
        segments++;
      }
    }
    return { at: start, end: at, segments, weightSum, flipWeight };
  }
}
