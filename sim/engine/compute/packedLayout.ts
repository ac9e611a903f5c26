// The bit-packed form of a crossbar layout for `adc` and `analog` fidelity: every read's cells as
// bit-planes in 64-bit words, so one conversion's column sum is a handful of AND + popcount steps
// instead of a loop over rows. One memory image serves the WebAssembly kernel and its TypeScript twin:
//
//   [x]     per row group (a read's rows: set, first row), per input bit, `words` u64 of input bits
//   [sums]  per block column, an i64 sum of the shifted ADC outputs (the digital shift-add result)
//   [tasks] per (block column, read): x byte, cell-plane byte, flip flags, sum byte (4 x i32)
//   [cells] per task: per slice, per cell bit, `words` u64; then `words` u64 of the read's row mask
//   [raw]   analog only: every conversion's raw column sum of one pixel, in task order (i32); or,
//           when the module converts (PackedShape.convert), the (conversion, raw sum) pairs of
//           the conversions whose code the read noise may change (2 x i32)
//
// A task's cells are the stored levels (complemented where flip encoding stores L - level), or in
// analog fidelity the cells' conductance codes, so a conversion is
// v = sum over cell bits k and DAC bits d of 2^(k+d) popcount(cells[k] & x[d]).
import type { CellProgrammer } from './device.js';
import type { CrossbarLayout } from '../layout.js';
import type { BitSerialParams } from './bitSerial.js';
import { bitPlanes } from '../../../hw/timing.js';

/** The constants a kernel is specialized for (the same for every task of a layout). */
export interface PackedShape {
  /** u64 words per read: ceil(min(activeRows, the largest set's rows) / 64). */
  words: number;
  /** Slice columns per weight column: ceil(weightBits / cellBits), x2 for differential. */
  slices: number;
  /** Bit-planes per slice column: the cell bits, or in analog fidelity the bits of the stored
   *  conductance codes (fixed point with `fractionBits` below one level). */
  cellBits: number;
  /** Analog fidelity: fraction bits of the conductance codes, and the kernel outputs raw column
   *  sums for the digital side to add noise to and convert; 0 for adc (the kernel converts). */
  fractionBits: number;
  dacBits: number;
  /** DAC planes per pixel: ceil(inputBits / dacBits). */
  planes: number;
  /** log2 of the ADC's LSB in column units (0 = lossless steps). */
  lsbShift: number;
  /** Top ADC code. */
  topCode: number;
  /** Largest cell level, 2^cellBits - 1 (flip encoding complements against it). */
  maxLevel: number;
  /** Per slice, sign x 2^(k cellBits): its weight in the digital shift-add. */
  sliceScale: number[];
  /** Whether any task may have flipped slices. */
  flip: boolean;
  /** Analog, when the module converts (no c2c, no level-0 current): the ADC's constants. */
  convert?: AnalogConvert;
}

/** What the module needs to convert an analog column sum v (level units): the codes at the
 *  extreme read noise, round((v -/+ noiseBound) * gain / lsb + offsetLsb), clipped. */
export interface AnalogConvert {
  /** The farthest the read noise reaches (readNoiseSteps' reach raw units), in level units. */
  noiseBound: number;
  gain: number;
  offsetLsb: number;
}

export const TASK_INTS = 4;
export const TASK_BYTES = TASK_INTS * 4;

export interface PackedLayout {
  shape: PackedShape;
  /** Bytes of the whole image. */
  bytes: number;
  /** u32 index of each set row's x word for input bit 0 (row groups are contiguous per set). */
  rowWord: Int32Array[];
  /** Bit of each set row in its u32 word. */
  rowBit: Uint8Array[];
  /** u32 stride between one input bit's words and the next's. */
  bitStrideU32: number;
  xBytes: number;
  sumByte: number;
  /** Block columns with a sum slot (block index, column), in slot order. */
  columns: { block: number; column: number }[];
  taskByte: number;
  taskCount: number;
  cellByte: number;
  /** Analog: byte of the raw column sums. */
  rawByte: number;
  /** Byte of each row group's x words, by "set:first row". */
  groupByte: Map<string, number>;
}

/** Analog fidelity: conductances are stored to 1/2^8 of a level, up to 4x the top level. */
const ANALOG_FRACTION_BITS = 8;
const ANALOG_HEADROOM_BITS = 2;

/** Plans the memory image of `layout` under `p` (analog: conductance codes); `fillPackedImage` writes it. */
export function planPackedLayout(layout: CrossbarLayout, p: BitSerialParams, analog = false): PackedLayout {
  const AR = p.activeRows;
  // A read spans at most activeRows rows of one set: a layer with fewer rows (LeNet-5's first conv,
  // 25) needs fewer words per read.
  const words = Math.ceil(Math.min(AR, Math.max(1, ...layout.setRows.map((r) => r.length))) / 64);
  const perWeight = Math.ceil(p.weightBits / p.cellBits);
  const polarities = p.encoding === 'differential' ? [1, -1] : [1];
  const sliceScale = polarities.flatMap((pol) => Array.from({ length: perWeight }, (_, k) => pol * 2 ** (k * p.cellBits)));
  const planes = bitPlanes(p.inputBits, p.dacBits);
  const inputPlanes = planes * p.dacBits;
  const shape: PackedShape = {
    words, slices: sliceScale.length, cellBits: analog ? p.cellBits + ANALOG_HEADROOM_BITS + ANALOG_FRACTION_BITS : p.cellBits,
    fractionBits: analog ? ANALOG_FRACTION_BITS : 0, dacBits: p.dacBits, planes,
    lsbShift: Math.max(0, p.requiredBits - p.adcBits), topCode: 2 ** p.adcBits - 1, maxLevel: 2 ** p.cellBits - 1, sliceScale, flip: p.flip,
  };
  // Row groups: one per (set, block first row, read), laid out per set in row order.
  const groupBytes = inputPlanes * words * 8;
  const rowWord: Int32Array[] = [];
  const rowBit: Uint8Array[] = [];
  const groupByte = new Map<string, number>();
  let groups = 0;
  const blockStarts = layout.setRows.map(() => new Set<number>());
  for (const b of layout.blocks) blockStarts[b.set].add(b.r0);
  layout.setRows.forEach((rows, s) => {
    const starts = [...blockStarts[s]].sort((x, y) => x - y);
    const words32 = new Int32Array(rows.length);
    const bits = new Uint8Array(rows.length);
    starts.forEach((r0, i) => {
      const r1 = i + 1 < starts.length ? starts[i + 1] : rows.length;
      for (let g0 = r0; g0 < r1; g0 += AR) {
        groupByte.set(`${s}:${g0}`, groups * groupBytes);
        for (let r = g0; r < Math.min(r1, g0 + AR); r++) {
          const rel = r - g0;
          words32[r] = (groups * groupBytes) / 4 + (rel >> 5);
          bits[r] = rel & 31;
        }
        groups++;
      }
    });
    rowWord.push(words32);
    rowBit.push(bits);
  });
  const xBytes = groups * groupBytes;
  const columns: { block: number; column: number }[] = [];
  let taskCount = 0;
  layout.blocks.forEach((b, bi) => {
    for (let j = 0; j < b.outChannels.length; j++) {
      if (b.hi[j] <= b.lo[j]) continue;
      columns.push({ block: bi, column: j });
      taskCount += Math.floor((b.hi[j] - 1) / AR) - Math.floor(b.lo[j] / AR) + 1;
    }
  });
  const sumByte = xBytes;
  const taskByte = sumByte + columns.length * 8;
  const cellByte = taskByte + taskCount * TASK_BYTES;
  // Analog: the raw column sums of every conversion of a pixel, in task order, after the cells
  // (or as many (conversion, raw sum) pairs).
  const rawValues = analog ? taskCount * shape.slices * planes : 0;
  const cellsPerTask = (shape.slices * shape.cellBits + 1) * words * 8;
  return {
    shape, bytes: cellByte + taskCount * cellsPerTask + rawValues * 8, rawByte: cellByte + taskCount * cellsPerTask, rowWord, rowBit, bitStrideU32: words * 2,
    xBytes, sumByte, columns, taskByte, taskCount, cellByte, groupByte,
  };
}

/** One read of one block column: a task of the packed image, in task order (slot by slot, each
 *  slot's reads by row). `g0`: the first row of its read group; its rows are [first, first + rows)
 *  (block-relative). */
interface PackedTask {
  slot: number;
  block: number;
  column: number;
  g0: number;
  first: number;
  rows: number;
}

/** The tasks of `plan` in task order: the order the cells are programmed in (fillPackedImage),
 *  which any other layout of the same copies keeps so that they draw the same conductances. */
export function packedTasks(layout: CrossbarLayout, p: BitSerialParams, plan: PackedLayout): PackedTask[] {
  const AR = p.activeRows;
  const tasks: PackedTask[] = [];
  plan.columns.forEach(({ block, column }, slot) => {
    const b = layout.blocks[block];
    for (let g0 = b.lo[column] - (b.lo[column] % AR); g0 < b.hi[column]; g0 += AR) {
      const first = Math.max(b.lo[column], g0);
      tasks.push({ slot, block, column, g0, first, rows: Math.min(b.hi[column], g0 + AR) - first });
    }
  });
  return tasks;
}

/** The values task `t`'s rows store, in [0, t.rows): `positive` the positive (or offset) slice
 *  columns' value, `negative` the negative ones' (differential). Returns their share of the
 *  column's weight sum (fillPackedImage's return). */
export function storedValues(layout: CrossbarLayout, p: BitSerialParams, t: PackedTask, positive: Int32Array, negative: Int32Array): number {
  const b = layout.blocks[t.block];
  const offset = p.encoding === 'offset';
  const weightOffset = 2 ** (p.weightBits - 1);
  const base = t.column * b.rows + t.first;
  let sum = 0;
  for (let r = 0; r < t.rows; r++) {
    const w = b.weights[base + r];
    positive[r] = offset ? b.codes[base + r] + weightOffset : w > 0 ? w : 0;
    negative[r] = !offset && w < 0 ? -w : 0;
    sum += offset ? positive[r] : w;
  }
  return sum;
}

/**
 * Writes the task table and cell planes of `plan` into `image` (a zeroed view of at least
 * plan.bytes). Returns, per sum slot, the digital side's constant of the column: the sum of the
 * stored offset values s (offset encoding) or of w - zw (differential) over its rows.
 */
export function fillPackedImage(layout: CrossbarLayout, p: BitSerialParams, plan: PackedLayout, image: Uint32Array, programmer?: CellProgrammer): Float64Array {
  const { shape } = plan;
  const AR = p.activeRows;
  const W2 = shape.words * 2;
  const L = shape.maxLevel;
  const K = p.cellBits;
  const codeBits = plan.shape.cellBits;
  const perWeight = Math.ceil(p.weightBits / K);
  const maskPlane = shape.slices * codeBits;
  const cellsPerTaskU32 = (maskPlane + 1) * W2;
  const weightSum = new Float64Array(plan.columns.length);
  // Per row of the read: the value the positive (or offset) columns store, and the negative ones.
  const positive = new Int32Array(AR);
  const negative = new Int32Array(AR);
  let cell = plan.cellByte / 4;
  packedTasks(layout, p, plan).forEach((t, task) => {
    const { slot, column: j, g0, first: a, rows: n } = t;
    const b = layout.blocks[t.block];
    weightSum[slot] += storedValues(layout, p, t, positive, negative);
    const maskWords = cell + maskPlane * W2;
    for (let r = 0; r < n; r++) {
      const rel = a + r - g0;
      image[maskWords + (rel >> 5)] |= 1 << (rel & 31);
    }
    let flags = 0;
    for (let c = 0; p.flip && c < shape.slices; c++) {
      const stored = c < perWeight ? positive : negative;
      const shift = (c % perWeight) * K;
      // Flip encoding: a slice column whose levels in this read sum over half the maximum stores
      // their complements L - level (ISAAC), so its column sums stay in the lower half of the
      // ADC's range.
      let levelSum = 0;
      for (let r = 0; r < n; r++) levelSum += (stored[r] >> shift) & L;
      if (2 * levelSum > n * L) flags |= 1 << c;
    }
    if (programmer === undefined) {
      // Cell plane c * K + k holds bit k of slice c's level, which is bit c * K + k of the stored
      // value: set the planes from the stored values' one bits; a flipped slice's L - level flips
      // each of its K bits on the read's rows.
      for (let r = 0; r < n; r++) {
        const rel = a + r - g0;
        const word = rel >> 5;
        const bit = 1 << (rel & 31);
        for (let v = positive[r]; v !== 0; v &= v - 1) image[cell + (31 - Math.clz32(v & -v)) * W2 + word] |= bit;
        for (let v = negative[r]; v !== 0; v &= v - 1) image[cell + (perWeight * K + 31 - Math.clz32(v & -v)) * W2 + word] |= bit;
      }
      for (let c = 0; c < shape.slices; c++) {
        if (((flags >> c) & 1) === 0) continue;
        for (let k = 0; k < K; k++) for (let i = 0; i < W2; i++) image[cell + (c * K + k) * W2 + i] ^= image[maskWords + i];
      }
    } else {
      // Analog: each cell holds its conductance (device.ts: its level with the device's
      // non-idealities) as a fixed-point code; an ideal level-0 cell stays 0 and draws nothing.
      const topCode = 2 ** codeBits - 1;
      const one = 2 ** shape.fractionBits;
      for (let c = 0; c < shape.slices; c++) {
        const stored = c < perWeight ? positive : negative;
        const shift = (c % perWeight) * K;
        const flipped = ((flags >> c) & 1) !== 0;
        const col = j * shape.slices + c;
        for (let r = 0; r < n; r++) {
          const level = (stored[r] >> shift) & L;
          const held = flipped ? L - level : level;
          if (held === 0 && programmer.skipsZero) continue;
          const rel = a + r - g0;
          const word = cell + c * codeBits * W2 + (rel >> 5);
          const bit = 1 << (rel & 31);
          for (let code = Math.min(topCode, Math.round(programmer.conductance(held, a + r, col) * one)); code !== 0; code &= code - 1) {
            image[word + (31 - Math.clz32(code & -code)) * W2] |= bit;
          }
        }
      }
    }
    const rec = plan.taskByte / 4 + task * TASK_INTS;
    image[rec] = plan.groupByte.get(`${b.set}:${b.r0 + g0}`)!;
    image[rec + 1] = cell * 4;
    image[rec + 2] = flags;
    image[rec + 3] = plan.sumByte + slot * 8;
    cell += cellsPerTaskU32;
  });
  return weightSum;
}
