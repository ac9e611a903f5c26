// One pixel of a row-kernel layer over a batch of images in one module call (wasm/rowModule.ts's
// batch loop), for the functional chip, which runs a layer pixel by pixel, each pixel over the
// batch. Per image the module gathers the window from the image's inputs, runs the row kernel and
// adds the partial sums and the digital corrections into the image's accumulator, so no
// JavaScript runs per image and pixel (LeNet-5's first conv: 784 pixels, each on its own copy).
//
// The batch's inputs, the images' read-noise mixes and the layer's tables sit in a scratch area at
// the start of every arena chunk (its copies share it), written once per chunk and batch. Draw
// indices: each image's stream takes 2 x conversions per pixel, so pixel p's call starts at
// p x 2 x conversions in every image's stream, as the one-image path does; the module takes one
// high word per call, so the batch serves layers whose draws stay below 2^32 (fits).
import type { RowLayer } from './analogRowLayer.js';
import { ROW_BATCH, ROW_REQUANT_INTS, ROW_SLOT_INTS } from './wasm/rowModule.js';
import type { Requantizer } from '../../../workloads/quant/index.js';
import { ReadNoise } from './readNoise.js';

/** Most images a call takes; a longer batch runs in parts. */
export const ROW_BATCH_IMAGES = 64;

/** What the functional chip tells a layer's copies about its batches. */
export interface RowBatchSpec {
  /** Inputs of one image (its tensor's length): the taps index them. */
  inputLength: number;
  /** Output pixels per image. */
  pixels: number;
  outChannels: number;
  bias: ArrayLike<number>;
  /** The input's zero point (padding taps hold it). */
  zx: number;
  /** Per output channel: the layer's requantizer, applied in the module where it can be
   *  (inModule); else the accumulators stay int32 for the caller to requantize. */
  requantizers: readonly Requantizer[];
}

/** Whether the module requantizes exactly as workloads/quant's requantize: no table, a right shift
 *  of 1 to 32 (2^(shift-1) - 1 is an i32) and a mantissa below 2^31 (acc x mantissa is exact in
 *  int64). */
function inModule(r: Requantizer): boolean {
  return r.table === undefined && r.rightShift >= 1 && r.rightShift <= 32 && Number.isInteger(r.mantissa) && r.mantissa > 0 && r.mantissa < 2 ** 31;
}

const align = (bytes: number): number => Math.ceil(bytes / 16) * 16;

/** The batch record's byte in a chunk (not 0: the module reads a batch address of 0 as none). */
export const ROW_BATCH_RECORD = 16;

interface Chunk {
  words: Int32Array;
  /** The batch whose inputs it holds. */
  batch: number;
  acc: Int32Array;
}

export class RowBatch {
  /** Bytes of the scratch at the start of every chunk. */
  readonly scratchBytes: number;
  private readonly tapsByte: number;
  private readonly inputsByte: number;
  private readonly inStride: number;
  private readonly hiMixByte: number;
  private readonly accByte: number;
  /** The scratch's first words as every chunk holds them (record, bias, tables). */
  private readonly head: Int32Array;
  private readonly chunks = new Map<ArrayBuffer, Chunk>();
  private readonly hiMix = new Int32Array(ROW_BATCH_IMAGES);
  /** The pixel's taps as byte offsets into an image's inputs (0: padding). */
  private readonly tapBytes: Int32Array;
  private readonly zx: number;
  /** Whether the module requantizes the accumulators (int8 values in int32 words). */
  readonly requantized: boolean;
  private inputs: readonly Int8Array[] = [];
  private count = 0;
  private batch = 0;

  /** Whether a layer's calls keep their draw indices below 2^32 (one high word per call). */
  static fits(layer: RowLayer, spec: RowBatchSpec): boolean {
    return spec.pixels * 2 * layer.conversions + 1 <= 2 ** 32;
  }

  constructor(readonly layer: RowLayer, spec: RowBatchSpec) {
    const taps = layer.layout.patchLength;
    const quads = layer.quadSlot.length;
    const slots = layer.weightSum.length;
    const accStride = spec.outChannels * 4;
    this.tapsByte = ROW_BATCH_RECORD + ROW_BATCH.bytes;
    const biasByte = align(this.tapsByte + taps * 4);
    const quadsByte = align(biasByte + accStride);
    const slotsByte = align(quadsByte + quads * 4);
    const requantByte = align(slotsByte + slots * ROW_SLOT_INTS * 4);
    this.requantized = spec.requantizers.every(inModule);
    this.hiMixByte = align(requantByte + spec.outChannels * ROW_REQUANT_INTS * 4);
    this.accByte = align(this.hiMixByte + ROW_BATCH_IMAGES * 4);
    // An image's inputs: word 0 holds zx (the padding taps point there), then its inputs.
    this.inStride = align((spec.inputLength + 1) * 4);
    this.inputsByte = align(this.accByte + ROW_BATCH_IMAGES * accStride);
    this.scratchBytes = this.inputsByte + ROW_BATCH_IMAGES * this.inStride;
    this.tapBytes = new Int32Array(taps);

    const w = new Int32Array(this.hiMixByte / 4);
    const r = (name: keyof typeof ROW_BATCH, value: number) => {
      w[(ROW_BATCH_RECORD + ROW_BATCH[name]) / 4] = value;
    };
    r('taps', this.tapsByte);
    r('tapsEnd', this.tapsByte + taps * 4);
    r('inputs', this.inputsByte);
    r('inStride', this.inStride);
    r('hiMix', this.hiMixByte);
    r('acc', this.accByte);
    r('accStride', accStride);
    r('bias', biasByte);
    r('quads', quadsByte);
    r('quadsEnd', quadsByte + quads * 4);
    r('slots', slotsByte);
    r('slotsEnd', slotsByte + slots * ROW_SLOT_INTS * 4);
    for (let oc = 0; oc < spec.outChannels; oc++) w[biasByte / 4 + oc] = spec.bias[oc];
    if (this.requantized) {
      r('requant', requantByte);
      spec.requantizers.forEach((q, oc) => {
        w.set([q.mantissa, q.rightShift, q.zeroPoint, q.min, q.max, 2 ** (q.rightShift - 1) - 1], requantByte / 4 + oc * ROW_REQUANT_INTS);
      });
    }
    for (let q = 0; q < quads; q++) w[quadsByte / 4 + q] = layer.slotChannel[layer.quadSlot[q]] * 4;
    // The digital corrections (analogRows.ts's slotTerms), constant per zero point: the same
    // integers, mod 2^32.
    const { p } = layer;
    const B = 2 ** (p.inputBits - 1) + spec.zx;
    const weightOffset = 2 ** (p.weightBits - 1);
    const offset = p.encoding === 'offset';
    for (let slot = 0; slot < slots; slot++) {
      const rec = slotsByte / 4 + slot * ROW_SLOT_INTS;
      const A = offset ? weightOffset + layer.layout.weightZero[layer.slotChannel[slot]] : 0;
      const K = (offset ? (layer.slotHi[slot] - layer.slotLo[slot]) * A * B : 0) - B * layer.weightSum[slot];
      w[rec] = layer.slotChannel[slot] * 4;
      w[rec + 1] = K | 0;
      w[rec + 2] = A;
      w[rec + 3] = layer.prefixHi[slot] * 4;
      w[rec + 4] = layer.prefixLo[slot] * 4;
    }
    this.head = w;
    this.zx = spec.zx;
  }

  /** Starts a batch of at most ROW_BATCH_IMAGES images: their inputs and read-noise keys. */
  start(inputs: readonly Int8Array[], keys: readonly number[]): void {
    this.inputs = inputs;
    this.count = inputs.length;
    this.batch++;
    const noise = new ReadNoise(0);
    keys.forEach((key, b) => {
      noise.reseed(key);
      this.hiMix[b] = noise.highMix(0);
    });
  }

  /** The pixel's taps (window.ts's pixelTaps: indices into an image's inputs, -1 for padding). */
  setTaps(taps: Int32Array): void {
    for (let t = 0; t < taps.length; t++) this.tapBytes[t] = (taps[t] + 1) * 4;
  }

  /** The chunk of `buffer` with this batch's inputs and the pixel's taps in its scratch: its
   *  words and its accumulators (image b's at b x outChannels). */
  chunk(buffer: ArrayBuffer): Chunk {
    let c = this.chunks.get(buffer);
    if (c === undefined) {
      const words = new Int32Array(buffer, 0, this.scratchBytes / 4);
      words.set(this.head);
      for (let b = 0; b < ROW_BATCH_IMAGES; b++) words[(this.inputsByte + b * this.inStride) / 4] = this.zx;
      c = { words, batch: 0, acc: new Int32Array(buffer, this.accByte, (this.inputsByte - this.accByte) / 4) };
      this.chunks.set(buffer, c);
    }
    const w = c.words;
    if (c.batch !== this.batch) {
      c.batch = this.batch;
      w[(ROW_BATCH_RECORD + ROW_BATCH.count) / 4] = this.count;
      w.set(this.hiMix, this.hiMixByte / 4);
      for (let b = 0; b < this.count; b++) w.set(this.inputs[b], (this.inputsByte + b * this.inStride) / 4 + 1);
    }
    w.set(this.tapBytes, this.tapsByte / 4);
    return c;
  }
}
