// `analog` fidelity's fast path: the same conversions as PackedAdcCrossbar's (packedAdc.ts) with
// the module converting, computed row by row instead of bit-plane by bit-plane (wasm/rowModule.ts).
// Each read group's conductance codes are stored row-major, one i32 per (row, column slice), so a
// pixel is one call: every row with a nonzero input adds its codes into the planes of its one
// bits, then every conversion is made at both noise extremes, as integer steps of the raw sum
// checked equal to the float arithmetic at every step (rowShapeFor). A copy draws its conductances
// straight into its rows in the packed path's order from the same streams (analogRowLayer.ts, which
// plans a layer's copies once), and each conversion keeps its index, so its read-noise draws are
// the same: the outputs equal the packed path's bit for bit (test/sim/engine/compute/analogRows.test.ts).
//
// It serves the case the module converts (no c2c, no level-0 current), with 1-bit DACs, no flip
// encoding and no ADC gain error; `rowShapeFor` says when. Memory image of one copy (bytes from its base):
//   [acc]   planes x stride: the pixel's column sums per plane of the widest group
//   [u]     per set row, the input u = x + 2^(inputBits-1) (i32; the module writes it)
//   [prefix] per set, the prefix sums of u over its rows (the module writes them)
//   [index] per set row, its index in the window
//   [window] the pixel's input window (JS copies it in)
//   [table] the set count; per set 5 x i32: window, index, rows, u, prefix; per group 7 x i32:
//           u, rows, codes, stride (bytes per row), at, scale, out
//   [at]    per column, the index of its slice's plane-0 conversion (padding: far below 0)
//   [scale] per column, lsb x its slice's shift-add weight (padding: 0)
//   [out]   per quad of columns (a task's slices, padded to whole quads), its partial sum (i32)
//   [final] the same with the read noise's decided code changes (the module writes it)
//   [codes] per group, rows x stride (a task's columns are its slices, padded to whole quads)
//   [list]  per conversion the read noise may change: its index, raw sum, lane weight and quad
//           (where the module's quads pre-filter, only those the pre-filter leaves open)
//   [settle] the pre-filter's thresholds (rowModule.ts's settleThresholds; none without one)
//   [decided] the list's end, then (conversion, raw sum) per listed conversion whose code the
//           noise's bound leaves open (the module decides the others: rowModule.ts)
import type { CrossbarLayout } from '../layout.js';
import type { BitSerialParams } from './bitSerial.js';
import { planPackedLayout } from './packedLayout.js';
import { ROW_LIST_BYTES, rowModule, type RowShape } from './wasm/rowModule.js';
import { programRowCodes, type RowLayer } from './analogRowLayer.js';
import { AdcConverter } from './adcConversion.js';
import { READ_NOISE_Z_MAX, type ReadNoise } from './readNoise.js';
import type { CellProgrammer, ReadEffects } from './device.js';
import type { PackedArena } from './packedAdc.js';
import type { KeptCodes } from './rowCodeCache.js';

/**
 * The first raw sum whose code is 1 or more under `code` (monotone in R), when every code is one
 * of uniform steps of 2^shift raw units: code(R) = clamp(floor((R - first) / 2^shift) + 1, 0, top)
 * on [0, maxRaw]. Checked on both sides of every step and at the ends: two monotone step
 * functions that agree there agree everywhere between. Undefined when they do not agree.
 */
function uniformSteps(code: (raw: number) => number, shift: number, topCode: number, maxRaw: number): number | undefined {
  if (code(0) !== 0) return undefined;
  let lo = 0;
  let hi = maxRaw + 1;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (code(mid) >= 1) hi = mid;
    else lo = mid;
  }
  const first = hi;
  const step = 2 ** shift;
  const steps = (raw: number) => Math.min(topCode, Math.max(0, Math.floor((raw - first) / step) + 1));
  if (code(maxRaw) !== steps(maxRaw)) return undefined;
  for (let k = 1; k <= topCode; k++) {
    const at = first + (k - 1) * step;
    if (at > maxRaw) break;
    if (code(at - 1) !== steps(at - 1) || code(at) !== steps(at)) return undefined;
  }
  return first;
}

/**
 * The row module's shape for a layer's copies, or undefined where the row kernel does not serve
 * them (then the packed path does): it needs the module to convert (no c2c, no level-0 current),
 * 1-bit DACs, no flip encoding, WebAssembly SIMD, and the codes at both noise extremes to be
 * uniform integer steps of the raw sum, 0 at a zero sum (the ideal ADC's gain; a gain error
 * spaces the steps by a fraction of a raw unit).
 */
export function rowShapeFor(layout: CrossbarLayout, p: BitSerialParams, read: ReadEffects): RowShape | undefined {
  if (read.c2cSigma > 0 || read.offLevels !== 0 || p.dacBits !== 1 || p.flip) return undefined;
  const { shape } = planPackedLayout(layout, p, true);
  const lsb = 2 ** shape.lsbShift;
  // The codes by the float arithmetic of adcConversion.ts (which the packed module and the
  // noise corrections use), at the extreme draws.
  const convert = new AdcConverter(read, lsb, shape.topCode);
  const unit = 2 ** -shape.fractionBits;
  const shift = shape.fractionBits + shape.lsbShift;
  const maxRaw = p.activeRows * (2 ** shape.cellBits - 1);
  const lowFirst = uniformSteps((raw) => convert.code(raw * unit, 0, -READ_NOISE_Z_MAX, -READ_NOISE_Z_MAX), shift, shape.topCode, maxRaw);
  const highFirst = uniformSteps((raw) => convert.code(raw * unit, 0, READ_NOISE_Z_MAX, READ_NOISE_Z_MAX), shift, shape.topCode, maxRaw);
  if (lowFirst === undefined || highFirst === undefined) return undefined;
  const rowShape: RowShape = {
    planes: shape.planes, topCode: shape.topCode, lowFirst, highFirst, shift, inOffset: 2 ** (p.inputBits - 1),
    noiseSigma: read.readNoiseSigma, unit, lsb, gain: read.gain, offsetLsb: read.offsetLsb,
  };
  const settle = settleShape(convert, unit, shift, shape.topCode, maxRaw, read.readNoiseSigma, lowFirst - highFirst);
  if (settle !== undefined) rowShape.settle = settle;
  // A quad's output: four slices' lsb x |sliceScale| x topCode x (2^planes - 1), in int32.
  if (4 * lsb * Math.max(...shape.sliceScale.map(Math.abs)) * shape.topCode * (2 ** shape.planes - 1) >= 2 ** 31) return undefined;
  return rowModule(rowShape) === undefined ? undefined : rowShape;
}

/** Most entries of a pre-filter's threshold table (RowShape.settle); farther distances share one. */
const SETTLE_ENTRIES = 256;
/** The pre-filter runs in the quads where at least this share of conversions is listed (their
 *  codes differ at the noise's extremes): at lenet5-mnist's 6 to 8 bits (a share of about 1/6
 *  to 2/3) it measured 3 to 15% faster, at 5 bits (1/17) 4% slower (one thread; docs/accuracy.md). */
const IN_QUADS_SHARE = 1 / 8;

/**
 * The row module's pre-filter (RowShape.settle), where the codes at a zero draw are uniform
 * integer steps too, checked one step past the largest sum: a sum's step then runs whole within
 * the checked range or past its low end, where the code is 0 anyway (it is monotone and never
 * below 0). A code that is monotone in the column sum and equal at both ends of a step is the
 * same for any sum between them, and a draw only moves the sum. The thresholds cover distances up
 * to READ_NOISE_Z_MAX draws (the farthest a draw reaches), SETTLE_ENTRIES entries at most.
 */
function settleShape(convert: AdcConverter, unit: number, shift: number, topCode: number, maxRaw: number, sigma: number, band: number): RowShape['settle'] {
  if (!(sigma > 0)) return undefined;
  const zeroFirst = uniformSteps((raw) => convert.code(raw * unit, 0, 0, 0), shift, topCode, maxRaw + 2 ** shift);
  if (zeroFirst === undefined) return undefined;
  const reach = Math.ceil((READ_NOISE_Z_MAX * sigma) / unit);
  let distShift = 0;
  while ((reach >> distShift) + 1 > SETTLE_ENTRIES) distShift++;
  // band: the raw sums per step whose codes differ at the noise's extremes (they are listed).
  return { zeroFirst, distShift, entries: (reach >> distShift) + 1, inQuads: band >= IN_QUADS_SHARE * 2 ** shift };
}

interface RowAnalog {
  programmer: CellProgrammer;
  /** Where this copy's codes may already be, from a chip built before (rowCodeCache.ts). */
  kept?: KeptCodes;
  read: ReadEffects;
  noise: ReadNoise;
}

/** Copies `window` into `view`; returns whether it was there already. One pass without a branch
 *  per input (whether an input changed is data, so a branch on it mispredicts often). */
function copyWindow(window: Int32Array, view: Int32Array): boolean {
  let changed = 0;
  for (let i = 0; i < window.length; i++) {
    const x = window[i];
    changed |= x ^ view[i];
    view[i] = x;
  }
  return changed === 0;
}

export class RowAnalogCrossbar {
  private readonly words: Int32Array;
  /** The module on this image (byte offsets from it): `sums` false skips the sums and decides the
   *  list at [listByte, listEnd); `decided` 0 decides nothing. Returns the list's or the decided end. */
  private readonly run: (sums: boolean, listEnd: number, decided: number, loBase: number, hiMix: number, whole: boolean) => number;
  /** Per quad of columns, its partial sum with the module's decided code changes. */
  private readonly outFinal: Int32Array;
  private readonly decidedByte: number;
  /** Per slot, the pixel's sum; zero between pixels (the slot loop clears what it reads). */
  private readonly sums: Float64Array;
  /** Per quad of columns, its partial sum. */
  private readonly out: Int32Array;
  /** Per quad of columns: its sum slot. */
  private readonly quadSlot: Int32Array;
  /** Per task: its sum slot. */
  private readonly taskSlot: Int32Array;
  /** The pixel's input window, where the module reads it. */
  private readonly windowView: Int32Array;
  private readonly listByte: number;
  private readonly weightSum: Float64Array;
  private readonly inOffset: number;
  private readonly slotChannel: Int32Array;
  private readonly slotLo: Int32Array;
  private readonly slotHi: Int32Array;
  /** Per slot, the words of its set's prefix sums at lo and at hi. */
  private readonly prefixLo: Int32Array;
  private readonly prefixHi: Int32Array;
  private readonly slotWeight: Float64Array;
  private readonly slotOffsetAB: Float64Array;
  private readonly slotA: Float64Array;
  /** The zero point the slot terms were computed for (NaN: none yet). */
  private termsZx = Number.NaN;
  private readonly convert: AdcConverter;
  private readonly conversions: number;
  private readonly slices: number;
  private readonly planes: number;
  private readonly lsb: number;
  private readonly sliceScale: number[];
  private readonly unit: number;
  private readonly abs: number;
  /** Where the module's last call ended its whole list (-1: no call yet, or the list is not whole). */
  private lastListEnd = -1;
  /** Scratch: an interval that holds a read-noise draw. */
  private readonly drawRange = new Float64Array(2);

  private readonly layout: CrossbarLayout;
  private readonly p: BitSerialParams;
  private readonly rowShape: RowShape;

  /** A copy of `layer` (rowLayer: the plan its copies share) with its own conductances, drawn
   *  straight into its rows, on a place in `arena`. */
  constructor(layer: RowLayer, private readonly analog: RowAnalog, arena: PackedArena) {
    this.layout = layer.layout;
    this.p = layer.p;
    this.rowShape = layer.rowShape;
    this.slices = layer.slices;
    this.planes = layer.planes;
    this.lsb = layer.lsb;
    this.sliceScale = layer.sliceScale;
    this.unit = layer.unit;
    this.conversions = layer.conversions;
    this.convert = new AdcConverter(analog.read, this.lsb, this.rowShape.topCode);
    this.weightSum = layer.weightSum;
    this.taskSlot = layer.taskSlot;
    this.quadSlot = layer.quadSlot;
    this.slotChannel = layer.slotChannel;
    this.slotLo = layer.slotLo;
    this.slotHi = layer.slotHi;
    this.prefixLo = layer.prefixLo;
    this.prefixHi = layer.prefixHi;
    this.listByte = layer.listByte;
    this.decidedByte = layer.decidedByte;

    const { bytes, colCount, outByte, tableByte, tableEnd, listByte } = layer;
    const placed = arena.place(layer.module, bytes);
    const abs = placed.base;
    // A place is fresh memory (zeros): the tables and thresholds go in, then the codes.
    this.words = new Int32Array(placed.buffer, abs, bytes / 4);
    this.words.set(layer.head);
    this.words.set(layer.thresholds, layer.settleByte / 4);
    programRowCodes(layer, analog.programmer, this.words, analog.kept);
    this.windowView = new Int32Array(placed.buffer, abs + layer.windowByte, this.layout.patchLength);
    this.out = new Int32Array(placed.buffer, abs + outByte, colCount / 4);
    this.outFinal = new Int32Array(placed.buffer, abs + outByte + colCount, colCount / 4);
    this.run = (sums, listEnd, decided, loBase, hiMix, whole) => {
      const decidedAt = decided === 0 ? 0 : abs + decided;
      const table = abs + tableByte;
      const out = abs + outByte;
      const tableEndAt = sums ? abs + tableEnd : table;
      return placed.run(table, tableEndAt, abs + listByte, abs, abs + listEnd, decidedAt, loBase, hiMix, out, out + colCount, whole ? 1 : 0) - abs;
    };
    this.abs = abs;

    const slots = this.weightSum.length;
    this.sums = new Float64Array(slots);
    this.inOffset = 2 ** (this.p.inputBits - 1);
    this.slotWeight = new Float64Array(slots);
    this.slotOffsetAB = new Float64Array(slots);
    this.slotA = new Float64Array(slots);
  }

  /** The sum change of conversion `at` whose code moves by `delta` from the lower code. */
  private addCodeChange(at: number, delta: number): void {
    const planes = this.planes;
    const b = at % planes;
    const c = ((at - b) / planes) % this.slices;
    const t = (at - b - c * planes) / (planes * this.slices);
    this.sums[this.taskSlot[t]] += this.sliceScale[c] * 2 ** b * delta * this.lsb;
  }

  /** The code at the lowest draw of a listed raw sum, as the integer steps rowShapeFor checked
   *  equal to the float one. */
  private lowCode(raw: number): number {
    const { lowFirst, shift, topCode } = this.rowShape;
    const steps = ((raw - lowFirst) >> shift) + 1;
    return steps < 0 ? 0 : steps > topCode ? topCode : steps;
  }

  /** The conversions the module listed draw their read noise (the indices the packed path owns:
   *  draw 2 at + 1 of the call's range, from `first`) and their sums take the difference from the
   *  lower code. Where the module did not decide them (decideOrList). */
  private correctNoisy(listEnd: number, first: number): void {
    const w = this.words;
    const { noise } = this.analog;
    const convert = this.convert;
    const range = this.drawRange;
    for (let i = this.listByte / 4; i < listEnd / 4; i += ROW_LIST_BYTES / 4) {
      const at = w[i];
      if (at < 0) continue;
      const raw = w[i + 1];
      const lowCode = this.lowCode(raw);
      const v = raw * this.unit;
      // The code is monotone in the draw: when it is the same at both ends of an interval that
      // holds the draw, that is the code, without the draw's logarithm and cosine.
      const index = first + 2 * at + 1;
      noise.interval(index, range);
      let code = convert.code(v, 0, 0, range[0]);
      if (code !== convert.code(v, 0, 0, range[1])) code = convert.code(v, 0, 0, noise.draw(index));
      if (code !== lowCode) this.addCodeChange(at, code - lowCode);
    }
  }

  /** The conversions the module left open (their draw's interval straddles a step), drawn
   *  exactly from `first`'s draws. */
  private applyOpen(decidedEnd: number, first: number): void {
    const w = this.words;
    const { noise } = this.analog;
    for (let i = this.decidedByte / 4 + 1; i < decidedEnd / 4; i += 2) {
      const at = w[i];
      if (at < 0) continue;
      const raw = w[i + 1];
      const delta = this.convert.code(raw * this.unit, 0, 0, noise.draw(first + 2 * at + 1)) - this.lowCode(raw);
      if (delta !== 0) this.addCodeChange(at, delta);
    }
  }

  /**
   * Runs the module on the window (or reuses its sums where `reuse`) and decides the read noise:
   * the module does where the call's draw indices share their high word (its 32-bit index
   * arithmetic is exact there), else this side does. Returns the quad outputs to read; the code
   * changes this side decided are in `sums`.
   */
  private decideOrList(same: boolean, reuse: boolean): Int32Array {
    const { noise } = this.analog;
    const first = noise.take(2 * this.conversions);
    const hi = Math.floor((first + 1) / 2 ** 32);
    const decides = this.conversions > 0 && hi === Math.floor((first + 2 * this.conversions - 1) / 2 ** 32);
    let listEnd = this.lastListEnd;
    if (!decides || (reuse && listEnd === this.listByte)) {
      // This side decides, or a reused window listed nothing (its outputs are final).
      if (!reuse) listEnd = this.run(true, 0, 0, 0, 0, true);
      this.correctNoisy(listEnd, first);
      this.lastListEnd = listEnd;
      return this.out;
    }
    const decidedEnd = this.run(!reuse, listEnd, this.decidedByte, (first + 1) % 2 ** 32 | 0, noise.highMix(hi), same);
    this.applyOpen(decidedEnd, first);
    // Where the module's pre-filter ran in the quads, the list is not whole and the outputs hold
    // this call's draws: the header is 0 and the next call recomputes (a reuse needs every
    // conversion the noise may change).
    const header = this.words[this.decidedByte / 4];
    this.lastListEnd = header === 0 ? -1 : header - this.abs;
    return this.outFinal;
  }

  /** Per slot, the terms of its digital correction that depend only on the input's zero point,
   *  computed once per zero point: B x weightSum, (hi - lo) x A x B, A (offset encoding). */
  private slotTerms(zx: number): void {
    const slots = this.sums.length;
    const B = this.inOffset + zx;
    const weightOffset = 2 ** (this.p.weightBits - 1);
    for (let slot = 0; slot < slots; slot++) {
      const A = weightOffset + this.layout.weightZero[this.slotChannel[slot]];
      this.slotWeight[slot] = B * this.weightSum[slot];
      this.slotOffsetAB[slot] = (this.slotHi[slot] - this.slotLo[slot]) * A * B;
      this.slotA[slot] = A;
    }
    this.termsZx = zx;
  }

  /** acc[oc] += every block's partial sums for the input window (int8 codes, zero point zx). */
  accumulate(window: Int32Array, zx: number, acc: Int32Array): void {
    this.accumulateWindow(copyWindow(window, this.windowView), zx, acc);
  }

  /** accumulate() for the window whose taps are `taps` (window.ts's pixelTaps: indices into
   *  `input`, -1 for padding, which holds zx), gathered straight into this copy's memory. */
  accumulateTaps(input: Int8Array, taps: Int32Array, zx: number, acc: Int32Array): void {
    const view = this.windowView;
    let changed = 0;
    for (let t = 0; t < taps.length; t++) {
      const i = taps[t];
      const x = i < 0 ? zx : input[i];
      changed |= x ^ view[t];
      view[t] = x;
    }
    this.accumulateWindow(changed === 0, zx, acc);
  }

  /** The sums of the window in this copy's memory; `same`: it is the window of the last call. */
  private accumulateWindow(same: boolean, zx: number, acc: Int32Array): void {
    // The module's outputs (quad sums, listed conversions, prefix sums) stay in this copy's image
    // until its next call, and depend only on the window: where a copy sees the window it saw
    // last (a digit's background, the same pixel of the previous image), they are reused.
    const reuse = same && this.lastListEnd >= 0;
    const sums = this.sums;
    const out = this.decideOrList(same, reuse);
    const quadSlot = this.quadSlot;
    for (let q = 0; q < out.length; q++) sums[quadSlot[q]] += out[q];
    if (zx !== this.termsZx) this.slotTerms(zx);
    const w = this.words;
    const slotChannel = this.slotChannel;
    const slotWeight = this.slotWeight;
    if (this.p.encoding === 'offset') {
      const slotOffsetAB = this.slotOffsetAB;
      const slotA = this.slotA;
      const prefixLo = this.prefixLo;
      const prefixHi = this.prefixHi;
      for (let slot = 0; slot < sums.length; slot++) {
        let partial = sums[slot] - slotWeight[slot];
        sums[slot] = 0;
        partial += slotOffsetAB[slot] - slotA[slot] * (w[prefixHi[slot]] - w[prefixLo[slot]]);
        const oc = slotChannel[slot];
        acc[oc] = (acc[oc] + partial) | 0;
      }
    } else {
      for (let slot = 0; slot < sums.length; slot++) {
        const oc = slotChannel[slot];
        acc[oc] = (acc[oc] + (sums[slot] - slotWeight[slot])) | 0;
        sums[slot] = 0;
      }
    }
  }
}
