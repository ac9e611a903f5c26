// Runs the reference's GEMM module (gemmModule.ts) over a layer: zero-point-subtracted int8
// weights and patches as int16 in the module's memory, int32 sums back. One instance per thread,
// its memory grown on demand. The sums wrap modulo 2^32 like the scalar reference's
// `(acc + Math.imul(w, x)) | 0`, so both give the same int32 whatever the order of addition.
import { BLOCK_CHANNELS, LANES, STEP_CHUNKS, gemmModuleBytes } from './gemmModule.js';
import { ensureBytes, instantiate, type Memory } from './api.js';

type GemmFn = (w: number, p: number, out: number, ocBlocks: number, pxPairs: number, rowBytes: number) => void;

const ROW_TAPS = LANES * STEP_CHUNKS;
const INT16_MIN = -32768;
const INT16_MAX = 32767;
/** Patch rows per call, in bytes: they stay in L2 while every channel block reads them. */
const PATCH_BLOCK_BYTES = 256 * 1024;
/** Weights packed at once, in bytes (dense layers of VGG hold 100M+ weights: packed in slices). */
const WEIGHT_SLICE_BYTES = 8 * 1024 * 1024;

let engine: { memory: Memory; gemm: GemmFn } | null | undefined;

/** The thread's instance, or null where WebAssembly SIMD is unavailable or OHMFLOW_REFERENCE=scalar. */
function instance(): { memory: Memory; gemm: GemmFn } | null {
  if (engine !== undefined) return engine;
  const made = instantiate(gemmModuleBytes());
  return (engine = made === null ? null : { memory: made.memory, gemm: made.exports.gemm as GemmFn });
}

export const fitsInt16 = (n: number): boolean => n >= INT16_MIN && n <= INT16_MAX;

const align16 = (n: number): number => Math.ceil(n / 16) * 16;

/** One matrix product of a layer (a conv group, or a dense layer as a conv of one pixel). */
interface GemmJob {
  /** int8 weights, `taps` per output channel, channel c of the job at (weightRow0 + c) * taps. */
  weights: Int8Array;
  weightRow0: number;
  /** Weight zero point of each channel of the job. */
  weightZeroPoints: ArrayLike<number>;
  firstChannel: number;
  channels: number;
  taps: number;
  /** GEMM tap u reads the weight at tapOrder[u] of its channel's row (default: u), so patches may be gathered in any order. */
  tapOrder?: Int32Array;
  pixels: number;
  /** int16 values of scratch the job wants in the module's memory (e.g. its input, laid out for fast gathers). */
  scratchValues: number;
  /** Fills the scratch at mem16[scratchAt...] once, before any gather. */
  prepare(mem16: Int16Array, scratchAt: number): void;
  /** Writes pixels [p0, p0 + count) as int16 rows of `stride` values from mem16[at] (`taps` used, the rest free). */
  gather(p0: number, count: number, mem16: Int16Array, at: number, stride: number, scratchAt: number): void;
  /** Receives the sums: channel oc of pixel p0 + j at sums[j * stride + oc - first] (first: of this call). */
  emit(p0: number, count: number, first: number, channels: number, sums: Int32Array, stride: number): void;
}

/**
 * Runs `job` on the GEMM module. Returns false, having emitted nothing, when the module is
 * unavailable or a weight minus its zero point leaves int16 (the caller runs its scalar path);
 * the caller must check that its patch values fit int16.
 */
export function runInt16Gemm(job: GemmJob): boolean {
  const e = instance();
  if (e === null) return false;
  for (let i = 0; i < job.weightZeroPoints.length; i++) {
    const zw = job.weightZeroPoints[i];
    if (!fitsInt16(127 - zw) || !fitsInt16(-128 - zw)) return false;
  }
  const rowTaps = Math.ceil(job.taps / ROW_TAPS) * ROW_TAPS;
  const rowBytes = rowTaps * 2;
  const blockBytes = BLOCK_CHANNELS * rowBytes;
  const sliceBlocks = Math.max(1, Math.floor(WEIGHT_SLICE_BYTES / blockBytes));
  const pixelBlock = Math.min(2 * Math.ceil(job.pixels / 2), Math.max(2, 2 * Math.floor(PATCH_BLOCK_BYTES / rowBytes / 2)));

  // Memory: the job's scratch, then per slice of channels their weights, the patches, the sums.
  const weightByte = align16(2 * job.scratchValues);
  ensureBytes(e.memory, weightByte);
  job.prepare(new Int16Array(e.memory.buffer), 0);
  for (let c0 = 0; c0 < job.channels; c0 += sliceBlocks * BLOCK_CHANNELS) {
    const sliceChannels = Math.min(sliceBlocks * BLOCK_CHANNELS, job.channels - c0);
    const ocBlocks = Math.ceil(sliceChannels / BLOCK_CHANNELS);
    const patchByte = weightByte + ocBlocks * blockBytes;
    const sumByte = align16(patchByte + pixelBlock * rowBytes);
    ensureBytes(e.memory, sumByte + pixelBlock * ocBlocks * BLOCK_CHANNELS * 4);
    const mem16 = new Int16Array(e.memory.buffer);
    placeWeights(job, c0, sliceChannels, rowTaps, mem16, weightByte / 2);
    const sums = new Int32Array(e.memory.buffer, sumByte, pixelBlock * ocBlocks * BLOCK_CHANNELS);
    for (let p0 = 0; p0 < job.pixels; p0 += pixelBlock) {
      const count = Math.min(pixelBlock, job.pixels - p0);
      // Padded taps and a block's last odd row keep stale values: they meet zero weights, or give
      // sums that are never emitted.
      job.gather(p0, count, mem16, patchByte / 2, rowTaps, 0);
      e.gemm(weightByte, patchByte, sumByte, ocBlocks, Math.ceil(count / 2), rowBytes);
      job.emit(p0, count, job.firstChannel + c0, sliceChannels, sums, ocBlocks * BLOCK_CHANNELS);
    }
  }
  return true;
}

// A dense layer is a GEMM of one pixel, so packing its weights cost more than the product itself
// (the MLP ran 4 ms per image packing). Such jobs keep their packed slices per weights array, up to
// a budget per thread; jobs of many pixels amortize the packing and do not cache.
const PACKED_CACHE_BYTES = 64 << 20;
const FEW_PIXELS = 2;
const packedSlices = new WeakMap<Int8Array, Map<string, Int16Array>>();
let packedBytes = 0;
/** A tap order by identity: callers that keep theirs (conv2dGemm: one per layer) hit the cache;
 *  an array made per call gets a new id, so its packings are cached under keys never asked again. */
const tapOrderIds = new WeakMap<Int32Array, number>();
let nextTapOrderId = 1;

function tapOrderId(order: Int32Array | undefined): number {
  if (order === undefined) return 0;
  let id = tapOrderIds.get(order);
  if (id === undefined) {
    id = nextTapOrderId++;
    tapOrderIds.set(order, id);
  }
  return id;
}

/** packWeights, from the cache for jobs of few pixels. */
function placeWeights(job: GemmJob, c0: number, n: number, rowTaps: number, mem16: Int16Array, at: number): void {
  if (job.pixels > FEW_PIXELS) {
    packWeights(job, c0, n, rowTaps, mem16, at);
    return;
  }
  const key = `${job.weightRow0}:${job.firstChannel}:${c0}:${n}:${rowTaps}:${job.taps}:${tapOrderId(job.tapOrder)}`;
  let slices = packedSlices.get(job.weights);
  const hit = slices?.get(key);
  if (hit !== undefined) {
    mem16.set(hit, at);
    return;
  }
  packWeights(job, c0, n, rowTaps, mem16, at);
  const length = Math.ceil(n / BLOCK_CHANNELS) * BLOCK_CHANNELS * rowTaps;
  if (packedBytes + 2 * length > PACKED_CACHE_BYTES) return;
  packedBytes += 2 * length;
  if (slices === undefined) packedSlices.set(job.weights, (slices = new Map()));
  slices.set(key, mem16.slice(at, at + length));
}

/** Channels [c0, c0 + n) of the job as int16 (w - zw) from mem16[at], in the module's interleaved block order. */
function packWeights(job: GemmJob, c0: number, n: number, rowTaps: number, mem16: Int16Array, at: number): void {
  const blocks = Math.ceil(n / BLOCK_CHANNELS);
  mem16.fill(0, at, at + blocks * BLOCK_CHANNELS * rowTaps);
  for (let k = 0; k < n; k++) {
    const c = c0 + k;
    const zw = job.weightZeroPoints[c];
    const src = (job.weightRow0 + c) * job.taps;
    const order = job.tapOrder;
    // Channel k of its block: tap t sits in chunk t / LANES, after the block's other channels' chunks.
    const base = at + Math.floor(k / BLOCK_CHANNELS) * BLOCK_CHANNELS * rowTaps + (k % BLOCK_CHANNELS) * LANES;
    for (let t = 0; t < job.taps; t++) {
      const lane = t % LANES;
      mem16[base + (t - lane) * BLOCK_CHANNELS + lane] = job.weights[src + (order === undefined ? t : order[t])] - zw;
    }
  }
}
