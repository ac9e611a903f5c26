// `analog` fidelity's fast path: the same conversions as PackedAdcCrossbar's (packedAdc.ts) with
// the module converting, computed row by row instead of bit-plane by bit-plane (wasm/rowModule.ts).
// Each read group's conductance codes are stored row-major, one i32 per (row, column slice), so a
// pixel is one call: every row with a nonzero input adds its codes into the planes of its one
// bits, then every conversion is made with its read noise, as integer steps of the raw sum plus
// the noise in raw units (readNoise.ts), checked equal to the float arithmetic at every sum the
// noise reaches (rowShapeFor). A copy draws its conductances straight into its rows in the packed
// path's order from the same streams (analogRowLayer.ts, which plans a layer's copies once), and
// each conversion keeps its index, so its read-noise draw is the same: the outputs equal the
// packed path's bit for bit (test/sim/engine/compute/analogRows.test.ts).
//
// It serves the case the module converts (no c2c, no level-0 current), with 1-bit DACs, no flip
// encoding and no ADC gain error; `rowShapeFor` says when. Memory image of one copy (bytes from its base):
//   [acc]   per group, (planes + 1) x its stride: its column sums per plane (kept between calls),
//           then the total of its rows of many one bits (the module's scratch)
//   [u]     per set row, the input u = x + 2^(inputBits-1) (i32; the module writes it)
//   [prefix] per set, the prefix sums of u over its rows (the module writes them)
//   [index] per set row, its index in the window
//   [window] the pixel's input window (JS copies it in)
//   [table] the set count; per set 5 x i32: window, index, rows, u, prefix; per group 8 x i32:
//           u, rows, codes, stride (bytes per row), at, scale, out, acc
//   [at]    per column, the index of its slice's plane-0 conversion (padding: far below 0)
//   [scale] per column, lsb x its slice's shift-add weight (padding: 0)
//   [out]   per quad of columns (a task's slices, padded to whole quads), its partial sum (i32)
//   [codes] per group, rows x stride (a task's columns are its slices, padded to whole quads)
//   [noise] the read noise's tail counts (readNoiseSteps; none without read noise)
import type { CrossbarLayout } from '../layout.js';
import type { BitSerialParams } from './bitSerial.js';
import { planPackedLayout } from './packedLayout.js';
import { ROW_BATCH, ROW_GROUP_INTS, ROW_SET_INTS, rowModule, type RowShape } from './wasm/rowModule.js';
import { programRowCodes, type RowLayer } from './analogRowLayer.js';
import { AdcConverter, rawReadNoise } from './adcConversion.js';
import type { ReadNoise, ReadNoiseSteps } from './readNoise.js';
import type { CellProgrammer, ReadEffects } from './device.js';
import type { PackedArena } from './packedAdc.js';
import type { KeptCodes } from './rowCodeCache.js';
import { ROW_BATCH_RECORD, type RowBatch } from './rowBatch.js';

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

/** Most tail counts a copy's image holds (16 KB): read noise up to about 2.3 levels. Beyond, the
 *  packed path serves. */
const MAX_NOISE_ENTRIES = 4096;

/**
 * The row module's shape for a layer's copies, or undefined where the row kernel does not serve
 * them (then the packed path does): it needs the module to convert (no c2c, no level-0 current),
 * 1-bit DACs, no flip encoding, WebAssembly SIMD, and the zero-noise codes to be uniform integer
 * steps of the raw sum over every sum the read noise reaches, 0 up to the farthest it reaches
 * from a zero sum (the ideal ADC's gain; a gain error spaces the steps by a fraction of a raw unit).
 */
export function rowShapeFor(layout: CrossbarLayout, p: BitSerialParams, read: ReadEffects): RowShape | undefined {
  if (read.c2cSigma > 0 || read.offLevels !== 0 || p.dacBits !== 1 || p.flip) return undefined;
  const { shape } = planPackedLayout(layout, p, true);
  const lsb = 2 ** shape.lsbShift;
  // The codes by the float arithmetic of adcConversion.ts (which the packed path uses).
  const convert = new AdcConverter(read, lsb, shape.topCode);
  const unit = 2 ** -shape.fractionBits;
  const shift = shape.fractionBits + shape.lsbShift;
  const maxRaw = p.activeRows * (2 ** shape.cellBits - 1);
  const steps = rawReadNoise(read, unit);
  const reach = steps?.reach ?? 0;
  if (steps !== undefined && steps.tail.length > MAX_NOISE_ENTRIES) return undefined;
  const zeroFirst = uniformSteps((raw) => convert.code(raw * unit, 0, 0, 0), shift, shape.topCode, maxRaw + reach);
  if (zeroFirst === undefined || zeroFirst <= reach) return undefined;
  const rowShape: RowShape = { planes: shape.planes, topCode: shape.topCode, zeroFirst, shift, inOffset: 2 ** (p.inputBits - 1) };
  if (steps !== undefined && reach > 0) {
    rowShape.noise = { sigmaRaw: read.readNoiseSigma / unit, entries: steps.tail.length, reach, crossings: Math.ceil(reach / 2 ** shift) };
  }
  // A quad's output: four slices' lsb x |sliceScale| x topCode x (2^planes - 1), in int32.
  if (4 * lsb * Math.max(...shape.sliceScale.map(Math.abs)) * shape.topCode * (2 ** shape.planes - 1) >= 2 ** 31) return undefined;
  return rowModule(rowShape) === undefined ? undefined : rowShape;
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
  /** The module on this image: `summing` false converts the groups' kept sums again; noise draws
   *  from loBase and hiMix (their hashes: wasm/rowModule.ts) unless `noisy` is false. */
  private readonly run: (summing: boolean, loBase: number, hiMix: number, noisy: boolean) => void;
  /** The module's batch call (a record at `record`, absolute; rowBatch.ts). */
  private readonly runBatch: (loBase: number, noisy: boolean, record: number) => void;
  private readonly buffer: ArrayBuffer;
  private readonly windowAt: number;
  private readonly outAt: number;
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
  private readonly conversions: number;
  private readonly slices: number;
  private readonly planes: number;
  private readonly lsb: number;
  private readonly sliceScale: number[];
  /** The read noise in raw units (undefined: none the codes can feel). */
  private readonly steps: ReadNoiseSteps | undefined;
  /** Whether the groups' kept sums are the window's in windowView (a call summed it). */
  private summed = false;

  private readonly layout: CrossbarLayout;
  private readonly p: BitSerialParams;
  private readonly rowShape: RowShape;
  private readonly tableByte: number;
  private readonly tableEndWord: number;

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
    this.conversions = layer.conversions;
    this.steps = layer.noiseSteps;
    this.weightSum = layer.weightSum;
    this.taskSlot = layer.taskSlot;
    this.quadSlot = layer.quadSlot;
    this.slotChannel = layer.slotChannel;
    this.slotLo = layer.slotLo;
    this.slotHi = layer.slotHi;
    this.prefixLo = layer.prefixLo;
    this.prefixHi = layer.prefixHi;
    this.tableByte = layer.tableByte;
    this.tableEndWord = layer.tableEnd / 4;

    const { bytes, colCount, outByte, tableByte, tableEnd } = layer;
    const placed = arena.place(layer.module, bytes);
    const abs = placed.base;
    // A place is fresh memory (zeros): the tables and tail counts go in, then the codes.
    this.words = new Int32Array(placed.buffer, abs, bytes / 4);
    this.words.set(layer.head);
    if (this.steps !== undefined) this.words.set(this.steps.tail, layer.noiseByte / 4);
    programRowCodes(layer, analog.programmer, this.words, analog.kept);
    this.windowView = new Int32Array(placed.buffer, abs + layer.windowByte, this.layout.patchLength);
    this.out = new Int32Array(placed.buffer, abs + outByte, colCount / 4);
    const noiseAt = abs + layer.noiseByte;
    this.run = (summing, loBase, hiMix, noisy) => {
      placed.run(abs + tableByte, abs + tableEnd, abs, loBase, hiMix, noisy ? noiseAt : 0, summing ? 1 : 0, 0);
    };
    this.runBatch = (loBase, noisy, record) => {
      placed.run(abs + tableByte, abs + tableEnd, abs, loBase, 0, noisy ? noiseAt : 0, 0, record);
    };
    this.buffer = placed.buffer;
    this.windowAt = abs + layer.windowByte;
    this.outAt = abs + outByte;

    const slots = this.weightSum.length;
    this.sums = new Float64Array(slots);
    this.inOffset = 2 ** (this.p.inputBits - 1);
    this.slotWeight = new Float64Array(slots);
    this.slotOffsetAB = new Float64Array(slots);
    this.slotA = new Float64Array(slots);
  }

  /** The zero-noise code of raw sum `raw` (rowShapeFor checked it equal to the float one). */
  private zeroCode(raw: number): number {
    const { zeroFirst, shift, topCode } = this.rowShape;
    const steps = Math.floor((raw - zeroFirst) / 2 ** shift) + 1;
    return steps < 0 ? 0 : steps > topCode ? topCode : steps;
  }

  /**
   * Where the call's draw indices do not share their high word (the module's 32-bit index
   * arithmetic would wrap; once in 2^31 conversions of a stream): the module converted without
   * noise, and each conversion's code change by its draw (draw 2 at + 1 past `first`) is added
   * here from the groups' kept sums.
   */
  private noiseHere(first: number): void {
    const w = this.words;
    const steps = this.steps!;
    const planes = this.planes;
    let rec = this.tableByte / 4;
    rec += 1 + w[rec] * ROW_SET_INTS;
    const groups = (this.tableEndWord - rec) / ROW_GROUP_INTS;
    for (let g = 0; g < groups; g++, rec += ROW_GROUP_INTS) {
      const width = w[rec + 3] / 4;
      const atWord = w[rec + 4] / 4;
      const accWord = w[rec + 7] / 4;
      for (let col = 0; col < width; col++) {
        const at0 = w[atWord + col];
        if (at0 < 0) continue;
        for (let b = 0; b < planes; b++) {
          const raw = w[accWord + b * width + col];
          if (raw === 0) continue;
          const at = at0 + b;
          const delta = this.zeroCode(raw + this.analog.noise.raw(first + 2 * at + 1, steps)) - this.zeroCode(raw);
          if (delta === 0) continue;
          const c = ((at - b) / planes) % this.slices;
          const t = (at - b - c * planes) / (planes * this.slices);
          this.sums[this.taskSlot[t]] += this.sliceScale[c] * 2 ** b * delta * this.lsb;
        }
      }
    }
  }

  /**
   * Runs the module on the window in windowView (`same`: the window its kept sums are of, so it
   * converts them again with fresh draws). Returns the quad outputs; code changes made here
   * (noiseHere) are in `sums`.
   */
  private convert(same: boolean): Int32Array {
    const summing = !(same && this.summed);
    if (this.steps === undefined) {
      // Without noise a window seen again has the outputs it had.
      if (summing) this.run(true, 0, 0, false);
      this.summed = true;
      return this.out;
    }
    const { noise } = this.analog;
    const first = noise.take(2 * this.conversions);
    const hi = Math.floor((first + 1) / 2 ** 32);
    const sharesHigh = hi === Math.floor((first + 2 * this.conversions - 1) / 2 ** 32);
    this.run(summing, (first + 1) % 2 ** 32 | 0, sharesHigh ? noise.highMix(hi) : 0, sharesHigh);
    this.summed = true;
    if (!sharesHigh) this.noiseHere(first);
    return this.out;
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

  /**
   * Pixel `pixel` of every image of `batch` (started, its taps set) on this copy, in order: returns
   * the images' accumulators (image b's output channels at b x outChannels), as accumulateTaps
   * would leave them from the bias, each image's draws starting at pixel x 2 x conversions.
   */
  accumulateBatch(batch: RowBatch, pixel: number): Int32Array {
    const chunk = batch.chunk(this.buffer);
    const w = chunk.words;
    w[(ROW_BATCH_RECORD + ROW_BATCH.summed) / 4] = this.summed ? 1 : 0;
    w[(ROW_BATCH_RECORD + ROW_BATCH.window) / 4] = this.windowAt;
    w[(ROW_BATCH_RECORD + ROW_BATCH.out) / 4] = this.outAt;
    const first = pixel * 2 * this.conversions;
    this.runBatch((first + 1) % 2 ** 32 | 0, this.steps !== undefined, ROW_BATCH_RECORD);
    this.summed = true;
    return chunk.acc;
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
    // The groups' sums and the prefix sums stay in this copy's image until its next call and
    // depend only on the window: where a copy sees the window it saw last (a digit's
    // background, the same pixel of the previous image), only the conversions run again.
    const sums = this.sums;
    const out = this.convert(same);
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
