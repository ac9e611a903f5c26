// `adc` fidelity on the packed image (packedLayout.ts): per pixel, the window's input bits are
// packed into the read groups' words, every conversion of every block column is computed by
// popcount (the WebAssembly module, or its TypeScript twin), and the digital side adds the encoding's
// corrections. The results equal the row-by-row path of bitSerial.ts bit for bit (tested), so this is
// the same hardware computed faster:
//   offset:       sum (w - zw)(x - zx) = su - B * sum s - A * sum u + n * A * B
//   differential: sum (w - zw)(x - zx) = su - B * sum (w - zw)
// with su the shift-added ADC outputs, u = x + 2^(inputBits-1), A = 2^(weightBits-1) + zw,
// B = 2^(inputBits-1) + zx, n the column's rows. In `analog` fidelity the cells hold conductance
// codes and the kernel returns raw column sums; read noise and the ADC are applied here.
import type { CrossbarLayout } from '../layout.js';
import type { BitSerialParams } from './bitSerial.js';
import { fillPackedImage, planPackedLayout, TASK_INTS, type AnalogConvert, type PackedLayout, type PackedShape } from './packedLayout.js';
import { popModule } from './wasm/popModule.js';
import { wasmApi, type WasmModule } from './wasm/runtime.js';
import type { ExactKernel } from './exact.js';
import { AdcConverter, noisyAdcCode, rawReadNoise } from './adcConversion.js';
import type { ReadNoise, ReadNoiseSteps } from './readNoise.js';
import type { CellProgrammer, ReadEffects } from './device.js';

const PAGE_BYTES = 65536;
const CACHE_LINE_BYTES = 64;
/** Memory per arena chunk: a few copies' images at most, many of a small layer's. */
const ARENA_CHUNK_BYTES = 4 * 1024 * 1024;

/** a[from, to) = 0: a plain loop, since TypedArray fill over a WebAssembly memory costs more than
 *  the few words of a pixel (profiled: the largest share of the packed path's JavaScript time). */
function zero(a: Uint32Array | Int32Array, from: number, to: number): void {
  for (let i = from; i < to; i++) a[i] = 0;
}

/** Population count of a 32-bit word (SWAR). */
function pop32(n: number): number {
  n -= (n >>> 1) & 0x55555555;
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return Math.imul((n + (n >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** The TypeScript twin of the module: the same tasks, same arithmetic, into `sums` per slot (adc),
 *  or every conversion's raw column sum into `raw` in task order (analog). */
function runPackedTwin(shape: PackedShape, image: Uint32Array, plan: PackedLayout, sums: Float64Array, raw?: Int32Array): void {
  const W2 = shape.words * 2;
  const { cellBits: K, dacBits: D, planes, slices, lsbShift, topCode, maxLevel, sliceScale } = shape;
  const half = lsbShift === 0 ? 0 : 2 ** (lsbShift - 1);
  const maskPlane = slices * K * W2;
  let at = 0;
  for (let t = 0; t < plan.taskCount; t++) {
    const rec = plan.taskByte / 4 + t * TASK_INTS;
    const x = image[rec] / 4;
    const w = image[rec + 1] / 4;
    const flags = image[rec + 2];
    const slot = (image[rec + 3] - plan.sumByte) / 8;
    let su = 0;
    for (let c = 0; c < slices; c++) {
      for (let b = 0; b < planes; b++) {
        let v = 0;
        for (let d = 0; d < D; d++) {
          const xb = x + (b * D + d) * W2;
          for (let k = 0; k < K; k++) {
            const wk = w + (c * K + k) * W2;
            let n = 0;
            for (let i = 0; i < W2; i++) n += pop32(image[wk + i] & image[xb + i]);
            v += n << (k + d);
          }
        }
        if (raw !== undefined) {
          raw[at++] = v;
          continue;
        }
        let conv = lsbShift === 0 ? Math.min(v, topCode) : Math.min((v + half) >>> lsbShift, topCode) << lsbShift;
        if ((flags >>> c) & 1) conv = maxLevel * planeOnes(image, shape, x, w + maskPlane, b) - conv;
        su += conv * sliceScale[c] * 2 ** (b * D);
      }
    }
    sums[slot] += su;
  }
}

/** Input units of plane b on a task's rows: sum over DAC bits d of 2^d popcount(x[b, d] & mask). */
function planeOnes(image: Uint32Array, shape: PackedShape, x: number, mask: number, b: number): number {
  const W2 = shape.words * 2;
  let ones = 0;
  for (let d = 0; d < shape.dacBits; d++) {
    const xb = x + (b * shape.dacBits + d) * W2;
    let n = 0;
    for (let i = 0; i < W2; i++) n += pop32(image[mask + i] & image[xb + i]);
    ones += n << d;
  }
  return ones;
}

/** The ADC constants for the module to convert analog sums itself, when a conversion depends on
 *  nothing but its column sum and the read noise (no c2c, no level-0 current). */
function moduleConvert(read: ReadEffects, noiseBound: number): AnalogConvert | undefined {
  if (read.c2cSigma > 0 || read.offLevels !== 0) return undefined;
  return { noiseBound, gain: read.gain, offsetLsb: read.offsetLsb };
}

/** `analog` fidelity: the cells' conductances (set when the copy is programmed), what every read
 *  does to a column sum (device.ts), and the stream its noise is drawn from. */
interface PackedAnalog {
  programmer: CellProgrammer;
  read: ReadEffects;
  noise: ReadNoise;
}

/** A module's exported run: the packed module takes (first, end, out, base), the row module more
 *  (wasm/rowModule.ts); every argument is an i32. */
type ModuleRun = (...args: number[]) => number;

/**
 * WebAssembly memories holding the images of several packed crossbars of one shape, one after
 * another, each chunk run by one instance of the module: analog fidelity's copies of a layer
 * (LeNet-5's first conv has hundreds, each with its own conductances). One memory per copy would
 * cost each a 64 KB page and spread a pixel's work over as many memories.
 */
export class PackedArena {
  private chunk: { buffer: ArrayBuffer; run: ModuleRun; module: WasmModule; free: number; end: number } | undefined;

  /** `chunkBytes`: the memory of each chunk, at least one image's (0: exactly one image).
   *  `reserveBytes`: left free at the start of every chunk, for its copies' shared scratch (the row
   *  kernel's batches: rowBatch.ts). */
  constructor(private readonly chunkBytes = ARENA_CHUNK_BYTES, private readonly reserveBytes = 0) {}

  /** A place for an image of `bytes` bytes run by `module`: the buffer, its run and the byte offset. */
  place(module: WasmModule, bytes: number): { buffer: ArrayBuffer; run: ModuleRun; base: number } {
    const stride = Math.ceil(bytes / CACHE_LINE_BYTES) * CACHE_LINE_BYTES;
    let c = this.chunk;
    if (c === undefined || c.module !== module || c.free + stride > c.end) {
      const reserve = Math.ceil(this.reserveBytes / CACHE_LINE_BYTES) * CACHE_LINE_BYTES;
      const pages = Math.max(1, Math.ceil(Math.max(reserve + stride, this.chunkBytes) / PAGE_BYTES));
      const memory = new wasmApi!.Memory({ initial: pages, maximum: pages });
      const instance = new wasmApi!.Instance(module, { env: { memory } });
      c = { buffer: memory.buffer, run: instance.exports.run as ModuleRun, module, free: reserve, end: pages * PAGE_BYTES };
      this.chunk = c;
    }
    const base = c.free;
    c.free += stride;
    return { buffer: c.buffer, run: c.run, base };
  }
}

/** One layer's packed crossbars with its kernel: construct once, then `accumulate` per pixel. */
export class PackedAdcCrossbar {
  readonly plan: PackedLayout;
  readonly kernel: ExactKernel;
  private readonly image: Uint32Array;
  private readonly sums: Float64Array;
  private readonly sumView: Int32Array;
  /** The module's run on this image's addresses (relative to the image). */
  private readonly run: ((first: number, end: number, out?: number) => number) | undefined;
  /** Per set, prefix sums of u over its rows (offset encoding's digital correction). */
  private readonly prefix: Float64Array[];
  /** Per slot: sum of s (offset) or of w - zw (differential) over the column's rows. */
  private readonly weightSum: Float64Array;
  private readonly inOffset: number;
  /** Per slot: its output channel, set and rows [lo, hi) in the set. */
  private readonly slotChannel: Int32Array;
  private readonly slotSet: Int32Array;
  private readonly slotLo: Int32Array;
  private readonly slotHi: Int32Array;

  private readonly raw: Int32Array | undefined;
  /** Shift-add weight of DAC plane b: 2^(b dacBits). */
  private readonly planeWeight: Float64Array;
  /** Analog: a conversion's ADC code. */
  private readonly convert: AdcConverter | undefined;
  /** Analog: whether the module converts (adcConversion's steps at the extreme read noise). */
  private readonly moduleConverts: boolean;
  /** Analog: the read noise in raw units (undefined: none). */
  private readonly steps: ReadNoiseSteps | undefined;
  /** Analog: the farthest the read noise moves a sum, in levels. */
  private readonly noiseBound: number;

  /** `arena`: where the image lives when it shares a memory with the layer's other copies. */
  constructor(
    private readonly layout: CrossbarLayout, private readonly p: BitSerialParams, kernel: ExactKernel = 'wasm', private readonly analog?: PackedAnalog,
    arena?: PackedArena,
  ) {
    this.plan = planPackedLayout(layout, p, analog !== undefined);
    const unit = 2 ** -this.plan.shape.fractionBits;
    this.steps = analog === undefined ? undefined : rawReadNoise(analog.read, unit);
    this.noiseBound = (this.steps?.reach ?? 0) * unit;
    const convert = analog === undefined ? undefined : moduleConvert(analog.read, this.noiseBound);
    const module = kernel === 'wasm' ? popModule(convert === undefined ? this.plan.shape : { ...this.plan.shape, convert }) : undefined;
    if (module !== undefined && wasmApi !== undefined) {
      const { buffer, run, base } = (arena ?? new PackedArena(0)).place(module, this.plan.bytes);
      this.run = (first, end, out = 0) => run(first + base, end + base, out + base, base) - base;
      this.image = new Uint32Array(buffer, base, this.plan.bytes / 4);
      this.kernel = 'wasm';
    } else {
      this.image = new Uint32Array(Math.ceil(this.plan.bytes / 4));
      this.kernel = 'ts';
    }
    this.weightSum = fillPackedImage(layout, p, this.plan, this.image, analog?.programmer);
    const rawValues = this.plan.taskCount * this.plan.shape.slices * this.plan.shape.planes;
    this.moduleConverts = convert !== undefined && this.kernel === 'wasm';
    this.planeWeight = Float64Array.from({ length: this.plan.shape.planes }, (_, b) => 2 ** (b * p.dacBits));
    this.convert = analog === undefined ? undefined : new AdcConverter(analog.read, 2 ** this.plan.shape.lsbShift, this.plan.shape.topCode);
    this.raw = analog === undefined ? undefined : this.kernel === 'wasm' ? new Int32Array(this.image.buffer, this.image.byteOffset + this.plan.rawByte, rawValues) : new Int32Array(rawValues);
    const slots = this.plan.columns.length;
    this.sums = new Float64Array(slots);
    this.sumView = new Int32Array(this.image.buffer, this.image.byteOffset + this.plan.sumByte, slots * 2);
    this.prefix = layout.setRows.map((r) => new Float64Array(r.length + 1));
    this.inOffset = 2 ** (p.inputBits - 1);
    this.slotChannel = new Int32Array(slots);
    this.slotSet = new Int32Array(slots);
    this.slotLo = new Int32Array(slots);
    this.slotHi = new Int32Array(slots);
    this.plan.columns.forEach(({ block, column }, slot) => {
      const b = layout.blocks[block];
      this.slotChannel[slot] = b.outChannels[column];
      this.slotSet[slot] = b.set;
      this.slotLo[slot] = b.r0 + b.lo[column];
      this.slotHi[slot] = b.r0 + b.hi[column];
    });
  }

  /**
   * Analog: each raw column sum, in conductance codes, becomes a column current in level units,
   * plus cycle-to-cycle and read noise; the ADC converts it with its gain and offset errors (round
   * to the nearest step, clip to [0, top code]); the digital side removes the nominal level-0
   * current, undoes flip encoding and shift-adds, into the column's sum (device.ts).
   *
   * Conversion q of the call owns draws 2q (c2c) and 2q + 1 (read noise) of the range it reserves;
   * they are drawn only when they can change its code (adcConversion.ts).
   */
  private convertRaw(a: PackedAnalog): void {
    const { shape, taskByte, taskCount, sumByte } = this.plan;
    const img = this.image;
    const raw = this.raw!;
    const unit = 2 ** -shape.fractionBits;
    const lsb = 2 ** shape.lsbShift;
    const maskPlane = shape.slices * shape.cellBits * shape.words * 2;
    const { slices, planes, maxLevel, sliceScale } = shape;
    const planeWeight = this.planeWeight;
    const { offLevels, needsOnes } = a.read;
    const noise = a.noise;
    const first = noise.take(2 * taskCount * slices * planes);
    const convert = this.convert!;
    // Without c2c the c2c draw is never used, so only the read-noise draw is made.
    const c2c = a.read.c2cSigma > 0;
    let at = 0;
    for (let t = 0; t < taskCount; t++) {
      const rec = taskByte / 4 + t * TASK_INTS;
      const flags = img[rec + 2];
      let su = 0;
      for (let c = 0; c < slices; c++) {
        let column = 0;
        const flipped = ((flags >>> c) & 1) !== 0;
        const onesNeeded = needsOnes || flipped;
        for (let b = 0; b < planes; b++) {
          const ones = onesNeeded ? planeOnes(img, shape, img[rec] / 4, img[rec + 1] / 4 + maskPlane, b) : 0;
          const code = noisyAdcCode(convert, raw[at], unit, ones, noise, first + 2 * at, c2c, this.steps);
          at++;
          let value = code * lsb - offLevels * ones;
          if (flipped) value = maxLevel * ones - value;
          column += planeWeight[b] * value;
        }
        su += sliceScale[c] * column;
      }
      this.sums[(img[rec + 3] - sumByte) / 8] += su;
    }
  }

  /**
   * After the module converted (moduleConverts): it added each conversion's code at the lowest
   * read noise and listed the `listed` conversions where the highest noise gives another code.
   * Those draw their noise here (the draws convertRaw would make) and their sums take the
   * difference. The sums hold integers below 2^53 (no level-0 current), so the order in which
   * the terms are added changes nothing: the sums equal convertRaw's.
   */
  private correctNoisy(a: PackedAnalog, listed: number): void {
    const { shape, taskByte, taskCount, sumByte, rawByte } = this.plan;
    const { slices, planes, sliceScale } = shape;
    const img = this.image;
    const unit = 2 ** -shape.fractionBits;
    const lsb = 2 ** shape.lsbShift;
    const convert = this.convert!;
    const first = a.noise.take(2 * taskCount * slices * planes);
    const steps = this.steps!;
    for (let k = 0; k < listed; k++) {
      const at = img[rawByte / 4 + 2 * k];
      const raw = img[rawByte / 4 + 2 * k + 1];
      // The module's lower code: v - noiseBound, as it computes it.
      const low = convert.code(raw * unit - this.noiseBound, 0, 0, 0);
      const code = convert.code(raw * unit, 0, 0, a.noise.raw(first + 2 * at + 1, steps) * unit);
      if (code === low) continue;
      const b = at % planes;
      const c = ((at - b) / planes) % slices;
      const t = (at - b - c * planes) / (planes * slices);
      const rec = taskByte / 4 + t * TASK_INTS;
      const sign = ((img[rec + 2] >>> c) & 1) !== 0 ? -1 : 1;
      this.sums[(img[rec + 3] - sumByte) / 8] += sign * sliceScale[c] * this.planeWeight[b] * (code - low) * lsb;
    }
  }

  /** acc[oc] += every block's partial sums for the input window (int8 codes, zero point zx). */
  accumulate(window: Int32Array, zx: number, acc: Int32Array): void {
    const img = this.image;
    const plan = this.plan;
    zero(img, 0, plan.xBytes / 4);
    const stride = plan.bitStrideU32;
    for (let s = 0; s < this.layout.setRows.length; s++) {
      const rows = this.layout.setRows[s];
      const words = plan.rowWord[s];
      const bits = plan.rowBit[s];
      const prefix = this.prefix[s];
      for (let j = 0; j < rows.length; j++) {
        let u = window[rows[j]] + this.inOffset;
        prefix[j + 1] = prefix[j] + u;
        const bit = 1 << bits[j];
        // One step per one bit of u, not per bit (an MNIST background pixel is one bit).
        for (; u !== 0; u &= u - 1) img[words[j] + (31 - Math.clz32(u & -u)) * stride] |= bit;
      }
    }
    const sums = this.sums;
    if (this.analog !== undefined && this.moduleConverts) {
      zero(this.sumView, 0, this.sumView.length);
      const end = this.run!(plan.taskByte, plan.taskByte + plan.taskCount * TASK_INTS * 4, plan.rawByte);
      const view = this.sumView;
      for (let i = 0; i < sums.length; i++) sums[i] = view[2 * i + 1] * 4294967296 + (view[2 * i] >>> 0);
      this.correctNoisy(this.analog, (end - plan.rawByte) / 8);
    } else if (this.analog !== undefined) {
      sums.fill(0);
      if (this.run !== undefined) this.run(plan.taskByte, plan.taskByte + plan.taskCount * TASK_INTS * 4, plan.rawByte);
      else runPackedTwin(plan.shape, img, plan, sums, this.raw);
      this.convertRaw(this.analog);
    } else if (this.run !== undefined) {
      zero(this.sumView, 0, this.sumView.length);
      this.run(plan.taskByte, plan.taskByte + plan.taskCount * TASK_INTS * 4);
      const view = this.sumView;
      for (let i = 0; i < sums.length; i++) sums[i] = view[2 * i + 1] * 4294967296 + (view[2 * i] >>> 0);
    } else {
      sums.fill(0);
      runPackedTwin(plan.shape, img, plan, sums);
    }
    const offset = this.p.encoding === 'offset';
    const weightOffset = 2 ** (this.p.weightBits - 1);
    const B = this.inOffset + zx;
    for (let slot = 0; slot < sums.length; slot++) {
      const oc = this.slotChannel[slot];
      let partial = sums[slot] - B * this.weightSum[slot];
      if (offset) {
        const lo = this.slotLo[slot];
        const hi = this.slotHi[slot];
        const prefix = this.prefix[this.slotSet[slot]];
        const A = weightOffset + this.layout.weightZero[oc];
        partial += (hi - lo) * A * B - A * (prefix[hi] - prefix[lo]);
      }
      acc[oc] = (acc[oc] + partial) | 0;
    }
  }
}
