// The conv kernel (wasm/adcModule.ts) turned around: 16 output channels in the lanes instead of 16
// pixels, for layers with few input vectors (a dense layer's one; a deep conv's few pixels), where
// writing a row-list program per channel would cost more than the conversions it drives. A row of
// the kernel's memory is one input row's stored weight levels, a byte per (weight slice, channel)
// (the kernel's level rows); each input vector's program lists per read and DAC plane the rows
// whose plane bit is set, then each slice's weight, and serves every block of channels. The kernel
// then sums, converts and shift-adds each (read, plane, slice) column as the scalar loops do. For
// 1-bit DACs without flip encoding (flip's sign would differ per lane).
import type { AdcModel, Read, ReadPlan } from './adcAware.js';
import { kernelFor, kernelTerms } from './adcKernel.js';
import { ADC_PIXELS } from './wasm/adcModule.js';
import { ensureBytes } from './wasm/api.js';

const LANES = ADC_PIXELS;
/** Program words held at once (4 bytes each): vectors are programmed in chunks of about this many. */
const LANE_PROGRAM_WORDS = 4 * 1024 * 1024;

/** The weights of a crossbar layer as the lanes see them: one row of `inF` per output channel. */
interface LaneWeights {
  weights: Int8Array;
  outF: number;
  inF: number;
  /** Per output channel: its weight zero point. */
  zwOf: Int32Array;
  /** The reads every channel shares (one group). */
  reads: readonly Read[];
}

/**
 * Per output channel o and input vector p (u = x + 2^(inputBits-1); vector p is us[p inF, (p + 1) inF)): the kernel's
 * shift-added sum of converted column sums, at sums[o * vectors + p] (int32, wrapping as the
 * scalar path's | 0 does); undefined when the kernel cannot run this chip.
 */
export function channelLaneSums(w: LaneWeights, us: Int32Array, m: AdcModel, plan: ReadPlan): Int32Array | undefined {
  const terms = kernelTerms(m, plan);
  const K = m.cellBits;
  const perWeight = Math.ceil(m.weightBits / K);
  const differential = m.encoding === 'differential';
  const slices = differential ? 2 * perWeight : perWeight;
  // Stored values in 16 bits (8 for a differential polarity: |w - zw| < 256), slices in the kernel's vectors.
  if (terms === undefined || m.flip || m.dacBits !== 1 || m.weightBits < 8 || perWeight * K > 16 || slices > 16) return undefined;
  const kernel = kernelFor(slices, K, terms.wide, 'levels');
  const lists = kernel?.lists;
  if (kernel === null || lists === undefined) return undefined;
  const { planes, half, shift, top } = terms;
  const { weights, outF, inF, reads } = w;
  const rowBytes = slices * LANES;
  const outByte = inF * rowBytes;
  const sliceWeight = Array.from({ length: slices }, (_, c) => (c >= perWeight ? -1 : 1) * 2 ** ((c % perWeight) * K));
  const vectors = us.length / inF;

  // Memory after q and the kernel's sums: each plane's slice weights, the reads, the segment
  // counter, a chunk of vectors, then their programs (per read and plane, its listed rows, then
  // the slices' weights). One more word: a list may write one past its end. Vectors go in chunks
  // of programs that fit LANE_PROGRAM_WORDS.
  const programWords = planes * (inF + reads.length * (1 + slices)) + 1;
  const chunk = Math.max(1, Math.min(vectors, Math.floor(LANE_PROGRAM_WORDS / programWords)));
  const weightTable = outByte + 4 * LANES;
  const readTable = weightTable + 4 * planes * slices;
  const counter = readTable + 12 * reads.length;
  const vectorByte = counter + 4;
  const programByte = vectorByte + 4 * inF * chunk;
  ensureBytes(kernel.memory, programByte + 4 * programWords * chunk);
  const words = new Int32Array(kernel.memory.buffer);
  for (let b = 0; b < planes; b++) for (let c = 0; c < slices; c++) words[weightTable / 4 + b * slices + c] = sliceWeight[c] * 2 ** b;
  reads.forEach(({ start, stride, length }, r) => words.set([start, stride, length], readTable / 4 + 3 * r));
  const programAt = new Int32Array(chunk);
  const segmentsOf = new Int32Array(chunk);
  const q32 = new Uint32Array(kernel.memory.buffer, 0, outByte / 4);
  const q8 = new Uint8Array(kernel.memory.buffer, 0, outByte);
  const kernelSums = new Int32Array(kernel.memory.buffer, outByte, LANES);
  // 8-bit offset weights, whole blocks: four channels' stored bytes come from four int8 words at once.
  const byWords = !differential && m.weightBits === 8 && inF % 4 === 0 && weights.byteOffset % 4 === 0
    ? new Int32Array(weights.buffer, weights.byteOffset, weights.length / 4) : undefined;
  const sums = new Int32Array(outF * vectors);
  for (let p0 = 0; p0 < vectors; p0 += chunk) {
    const count = Math.min(chunk, vectors - p0);
    words.set(us.subarray(p0 * inF, (p0 + count) * inF), vectorByte / 4);
    let at = programByte;
    for (let p = 0; p < count; p++) {
      programAt[p] = at;
      at = lists(vectorByte + 4 * inF * p, readTable, reads.length, at, rowBytes, planes, slices, weightTable, counter);
      segmentsOf[p] = words[counter / 4];
    }
    for (let o0 = 0; o0 < outF; o0 += LANES) {
      const lanes = Math.min(LANES, outF - o0);
      if (byWords !== undefined && lanes === LANES) packOffsetBlock(byWords, o0, inF, rowBytes / 4, K, perWeight, q32);
      else packLevels(w, o0, m, slices, q8);
      for (let p = 0; p < count; p++) {
        kernel.adc(programAt[p], segmentsOf[p], 0, outByte, half, shift, top);
        for (let j = 0; j < lanes; j++) sums[(o0 + j) * vectors + p0 + p] = kernelSums[j];
      }
    }
  }
  return sums;
}

/** Slice c's cell level of each byte of a word of four stored 8-bit values (bits past 8 are 0). */
const levelMask = (cellBits: number, c: number): number => (2 ** Math.max(0, Math.min(cellBits, 8 - cellBits * c)) - 1) * 0x01010101;

/** The rows of the 16 channels from o0, one channel and slice at a time: any chip the kernel holds. */
function packLevels(w: LaneWeights, o0: number, m: AdcModel, slices: number, q8: Uint8Array): void {
  const { weights, outF, inF, zwOf } = w;
  const K = m.cellBits;
  const perWeight = Math.ceil(m.weightBits / K);
  const differential = m.encoding === 'differential';
  const weightOffset = 2 ** (m.weightBits - 1);
  const levelMax = 2 ** K - 1;
  const rowBytes = slices * LANES;
  for (let j = 0; j < LANES; j++) {
    const o = o0 + j;
    // Channels past the layer's end hold 0s: their lanes are never read.
    for (let i = 0; i < inF; i++) {
      let pos = 0;
      let neg = 0;
      if (o < outF) {
        const wt = weights[o * inF + i];
        const zw = zwOf[o];
        pos = differential ? Math.max(0, wt - zw) : wt + weightOffset;
        neg = differential ? Math.max(0, zw - wt) : 0;
      }
      const row = i * rowBytes + j;
      for (let c = 0; c < slices; c++) {
        const stored = c < perWeight ? pos : neg;
        q8[row + c * LANES] = (stored >> ((c % perWeight) * K)) & levelMax;
      }
    }
  }
}

/**
 * The rows of 16 channels (from o0) with 8-bit offset weights, four inputs at a time: each channel's
 * word of four int8 weights, transposed in registers into words of four channels' weights per
 * input; XOR 0x80 turns int8 w into the stored byte w + 128, and each slice's level of each byte is
 * one shift and mask. Gives packLevels' words.
 */
function packOffsetBlock(w32: Int32Array, o0: number, inF: number, rowWords: number, cellBits: number, slices: number, q32: Uint32Array): void {
  const quads = inF / 4;
  // 2-bit cells (the default chip's) unrolled: four slices, levels at bits 0, 2, 4, 6.
  const twoBitCells = cellBits === 2;
  for (let j0 = 0; j0 < LANES; j0 += 4) {
    const base = ((o0 + j0) * inF) / 4;
    for (let i4 = 0; i4 < quads; i4++) {
      const a = w32[base + i4];
      const b = w32[base + quads + i4];
      const c = w32[base + 2 * quads + i4];
      const d = w32[base + 3 * quads + i4];
      // Bytes (a0 b0 a2 b2), (a1 b1 a3 b3), (c0 d0 c2 d2), (c1 d1 c3 d3), then per input (a b c d).
      const ab02 = (a & 0x00ff00ff) | ((b & 0x00ff00ff) << 8);
      const ab13 = ((a >>> 8) & 0x00ff00ff) | (b & 0xff00ff00);
      const cd02 = (c & 0x00ff00ff) | ((d & 0x00ff00ff) << 8);
      const cd13 = ((c >>> 8) & 0x00ff00ff) | (d & 0xff00ff00);
      // Inputs 4 i4 + 0, 1, 2, 3.
      const row = 4 * i4 * rowWords + j0 / 4;
      const s0 = ((ab02 & 0xffff) | (cd02 << 16)) ^ 0x80808080;
      const s1 = ((ab13 & 0xffff) | (cd13 << 16)) ^ 0x80808080;
      const s2 = ((ab02 >>> 16) | (cd02 & 0xffff0000)) ^ 0x80808080;
      const s3 = ((ab13 >>> 16) | (cd13 & 0xffff0000)) ^ 0x80808080;
      if (twoBitCells) {
        putTwoBitLevels(s0, row, q32);
        putTwoBitLevels(s1, row + rowWords, q32);
        putTwoBitLevels(s2, row + 2 * rowWords, q32);
        putTwoBitLevels(s3, row + 3 * rowWords, q32);
      } else {
        putLevels(s0, row, cellBits, slices, q32);
        putLevels(s1, row + rowWords, cellBits, slices, q32);
        putLevels(s2, row + 2 * rowWords, cellBits, slices, q32);
        putLevels(s3, row + 3 * rowWords, cellBits, slices, q32);
      }
    }
  }
}

/** putLevels unrolled for 2-bit cells: slice c's level is bits 2c, 2c + 1, at word 4c of the row. */
function putTwoBitLevels(stored: number, at: number, q32: Uint32Array): void {
  const level = 0x03030303;
  q32[at] = stored & level;
  q32[at + 4] = (stored >>> 2) & level;
  q32[at + 8] = (stored >>> 4) & level;
  q32[at + 12] = (stored >>> 6) & level;
}

/** Each slice's level of four stored bytes, as the bytes of the slice's word in the row at `at`. */
function putLevels(stored: number, at: number, cellBits: number, slices: number, q32: Uint32Array): void {
  // >>> then a mask per byte: no bit of a neighbouring byte is kept.
  for (let c = 0; c < slices; c++) q32[at + 4 * c] = (stored >>> (cellBits * c)) & levelMask(cellBits, c);
}
