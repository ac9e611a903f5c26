// The WebAssembly module of `analog` fidelity's row kernel (analogRows.ts): a read group's column
// sums as an integer GEMM of the input bit-planes (0/1) and the cells' conductance codes, then the
// conversions with their read noise, in one call per pixel. Per group of rows read together:
//   - for each row whose input u is not 0, for each one bit b of u (1-bit DACs):
//     acc[b][columns] += codes[row][columns] (i32x4 adds over the row's codes; exact int32);
//   - per four columns and per plane b, the ADC codes of acc[b] with read noise, four lanes at
//     once: the noise of a conversion is k raw units by inversion of one 32-bit hash
//     (readNoise.ts's readNoiseSteps), and its code is the zero-noise code of the sum plus k, a
//     uniform integer step of the raw sum (analogRows.ts checks it equal to the float arithmetic
//     of adcConversion.ts at every sum the noise reaches). So the noise moves the code one step
//     up where ~hash < tail[distance to the step's top + 1] and one down where hash < tail[distance
//     to its bottom + 1] (a step farther each for a step more): integer compares, no list, no
//     float. The lanes' codes are shift-added into the column's i32 output.
// Background pixels and zero activations (u = 0) cost nothing, only one bits add, and planes or
// columns whose sums are 0 (code 0 whatever the noise: rowShapeFor checks it) convert nothing.
// Each group keeps its sums (acc) until the next call, so a window seen again (sums = 0) skips
// the GEMM and converts the kept sums with fresh draws.
//
// Last, per four columns (one task's slices, padded to four), the lanes' shift-added codes times
// their slices' weights (lsb x sliceScale), summed: the quad's output, an i32.
//
// First, per set of rows, each row's input u = window[row index] + 2^(inputBits-1) and the prefix
// sums of u over the set (the offset encoding's digital correction).
//
// Image (bytes from the image's base): the table (offsets from the base) names everything: the
// set count, per set 5 x i32 [window, rows, count, u, prefix], then per group 8 x i32 [u, rows,
// codes, stride, at, scale, out, acc] (acc: planes x stride bytes, the group's sums by plane).
import { EMPTY_BLOCK, I32, I64, V128, i32Const, i64Const, i32x4Shuffle, localGet, localSet, memarg, oneFunctionModule, op, simd, simdOp } from '../../../../workloads/wasm/encoding.js';
import { wasmApi, type WasmModule } from './runtime.js';
import { NOISE_HASH } from '../readNoise.js';

export const ROW_GROUP_INTS = 8;
export const ROW_SET_INTS = 5;

/** The constants a row module is specialized for: the zero-noise code is
 *  clamp(((R - zeroFirst) >> shift) + 1, 0, topCode) of the raw sum R (conductance codes x
 *  inputs) and 0 wherever the noise takes a zero sum. A quad's output must stay below 2^31
 *  (rowShapeFor checks the bound). */
export interface RowShape {
  planes: number;
  topCode: number;
  zeroFirst: number;
  shift: number;
  /** 2^(inputBits-1): u = x + inOffset. */
  inOffset: number;
  /** The read noise (absent: none), sigma `sigmaRaw` raw units: its tail counts (readNoiseSteps' tail, at the `noiseAt`
   *  argument) have `entries` entries, the last 0; `reach` raw units at most; a draw crosses at
   *  most `crossings` step ends. */
  noise?: { sigmaRaw: number; entries: number; reach: number; crossings: number };
}

// Parameters, then i32 locals, then v128 locals.
const table = 0;
const tableEnd = 1;
const base = 2;
const loBase = 3;
const hiMix = 4;
const noiseAt = 5;
const summing = 6;
const batch = 7;
const PARAMS = 8;
let next = PARAMS;
const uP = next++;
const uEnd = next++;
const cP = next++;
const stride = next++;
const atP = next++;
const outP = next++;
const u = next++;
const dst = next++;
const src = next++;
const srcEnd = next++;
const off = next++;
const a = next++;
const seen = next++;
const scaleP = next++;
const accP = next++;
const complemented = next++;
// The batch loop's (batchLoop).
const tabStart = next++;
const summed = next++;
const inP = next++;
const accB = next++;
const hmP = next++;
const left = next++;
const tP = next++;
const tEnd = next++;
const wP = next++;
const changed = next++;
const I32_LOCALS = next - PARAMS;
const colSum = next++;
const raw = next++;
const code = next++;
const vDist = next++;
const vHash = next++;
const vIdx = next++;
const vx = next++;
const vSide = next++;
const vTail = next++;
const V128_LOCALS = next - PARAMS - I32_LOCALS;
const num64 = next++;
const v64 = next++;
const bound64 = next++;
const I64_LOCALS = next - PARAMS - I32_LOCALS - V128_LOCALS;

const get = localGet;
const set = localSet;
const i32Load = (offset: number): number[] => [op.i32Load, ...memarg(2, offset)];
const i32Store = (offset: number): number[] => [op.i32Store, ...memarg(2, offset)];
const v128Load = (offset = 0): number[] => simdOp(simd.v128Load, ...memarg(4, offset));
const v128Store = (offset = 0): number[] => simdOp(simd.v128Store, ...memarg(4, offset));
const zeroV128 = simdOp(simd.v128Const, ...new Array<number>(16).fill(0));
const addTo = (local: number, amount: number[]): number[] => [...get(local), ...amount, op.i32Add, ...set(local)];

/** A loop that runs `inner` until `cond` is true. */
const loopWhile = (cond: number[], inner: number[]): number[] => [
  op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK, ...cond, op.brIf, 1, ...inner, op.br, 0, op.end, op.end,
];

const V128_BYTES = 16;
/** acc[dst + offset] (op)= codes[src + offset], one vector of four columns (op: i32x4Add or Sub). */
const opVector = (offset: number, vectorOp: number): number[] => [
  ...get(dst), ...get(dst), ...v128Load(offset), ...get(src), ...v128Load(offset), ...simdOp(vectorOp), ...v128Store(offset),
];

/** acc[dst ..] (op)= the stride bytes from `from` on (a row of codes). Four vectors a step while
 *  four remain (the loop's own instructions cost as much as an add), then one at a time. */
const rowOp = (from: number[], vectorOp: number): number[] => [
  ...from, ...set(src),
  ...get(src), ...get(stride), op.i32Add, ...set(srcEnd),
  ...loopWhile([...get(srcEnd), ...get(src), op.i32Sub, ...i32Const(4 * V128_BYTES), op.i32LtU], [
    ...[0, 1, 2, 3].flatMap((k) => opVector(k * V128_BYTES, vectorOp)),
    ...addTo(dst, i32Const(4 * V128_BYTES)), ...addTo(src, i32Const(4 * V128_BYTES)),
  ]),
  ...loopWhile([...get(src), ...get(srcEnd), op.i32GeU], [
    ...opVector(0, vectorOp),
    ...addTo(dst, i32Const(V128_BYTES)), ...addTo(src, i32Const(V128_BYTES)),
  ]),
];

const splat = (value: number): number[] => [...i32Const(value | 0), ...simdOp(simd.i32x4Splat)];

/** fmix32 on four lanes (the vector on the stack), through v128 local `h`: readNoise.ts's hash. */
function fmix32x4(h: number): number[] {
  const xorShift = (k: number): number[] => [...set(h), ...get(h), ...get(h), ...i32Const(k), ...simdOp(simd.i32x4ShrU), ...simdOp(simd.v128Xor)];
  return [
    ...xorShift(16), ...splat(NOISE_HASH.fmixA), ...simdOp(simd.i32x4Mul),
    ...xorShift(13), ...splat(NOISE_HASH.fmixB), ...simdOp(simd.i32x4Mul),
    ...xorShift(16),
  ];
}

/**
 * The read noise on the quad's four conversions of plane b: `code` holds their zero-noise codes
 * before the clamp, and each lane moves by the step ends its draw crosses (readNoise.ts: the draw
 * is +j for the largest j with ~hash < tail[j], else -j for the largest j with hash < tail[j]). The hashes are
 * readNoise.ts's: conversion index at + b, draw index 2 (at + b) + 1 past the call's first, whose
 * hash is fmix32(imul(loBase + 2 (at + b), NOISE_HASH.lo) ^ hiMix) (the caller checks the call's
 * indices share their high word; noiseAt = 0 where they do not: no noise here). Only quads with
 * a lane within reach of a step's end hash.
 */
function quadNoise(s: RowShape, b: number): number[] {
  const noise = s.noise!;
  const mask = 2 ** s.shift - 1;
  /** The tail counts at the lanes' entries min(vIdx + extra, entries - 1) (a gather: one lane load at a time). */
  const tailAt = (extra: number): number[] => [
    ...get(vIdx), ...splat(extra), ...simdOp(simd.i32x4Add), ...splat(noise.entries - 1), ...simdOp(simd.i32x4MinU),
    ...i32Const(2), ...simdOp(simd.i32x4Shl), ...get(noiseAt), ...simdOp(simd.i32x4Splat), ...simdOp(simd.i32x4Add), ...set(vx),
    ...[0, 1, 2, 3].flatMap((k) => [
      ...get(vx), ...simdOp(simd.i32x4ExtractLane, k), ...get(vTail), ...simdOp(simd.v128Load32Lane, ...memarg(2, 0), k), ...set(vTail),
    ]),
    ...get(vTail),
  ];
  const step = 2 ** s.shift;
  // tail[1] < 2^31, so ~hash < tail[j] needs the hash's top bit set and hash < tail[j] needs it
  // clear: the top bit picks the side (vx: all ones up, 0 down), one gather a crossing.
  // vIdx: the distance to that side's end; vHash becomes the key (~hash up, hash down).
  const crossings: number[] = [
    ...get(vHash), ...i32Const(31), ...simdOp(simd.i32x4ShrS), ...set(vSide),
    ...splat(mask), ...get(vDist), ...simdOp(simd.i32x4Sub), ...get(vDist), ...get(vSide), ...simdOp(simd.v128Bitselect), ...set(vIdx),
    ...get(vHash), ...get(vSide), ...simdOp(simd.v128Xor), ...set(vHash),
  ];
  for (let n = 0; n < noise.crossings; n++) {
    // Past one more end where key < tail[distance + 1 + n steps]: the compare's -1 lanes, negated up.
    crossings.push(
      ...get(code), ...get(vHash), ...tailAt(1 + n * step), ...simdOp(simd.i32x4LtU), ...get(vSide), ...simdOp(simd.v128Xor), ...get(vSide),
      ...simdOp(simd.i32x4Sub), ...simdOp(simd.i32x4Add), ...set(code),
    );
  }
  return [
    // vDist: the sum's distance past the first raw sum of its step; any lane within reach of
    // either end (min(dist, mask - dist) < reach) hashes.
    ...get(raw), ...splat(s.zeroFirst), ...simdOp(simd.i32x4Sub), ...splat(mask), ...simdOp(simd.v128And), ...set(vDist),
    ...get(vDist), ...splat(mask), ...get(vDist), ...simdOp(simd.i32x4Sub), ...simdOp(simd.i32x4MinU), ...splat(noise.reach), ...simdOp(simd.i32x4LtU),
    ...simdOp(simd.v128AnyTrue), ...get(noiseAt), ...i32Const(0), op.i32Ne, op.i32And, op.if, EMPTY_BLOCK,
    ...get(atP), ...get(off), op.i32Add, ...v128Load(), ...splat(b), ...simdOp(simd.i32x4Add), ...i32Const(1), ...simdOp(simd.i32x4Shl),
    ...get(loBase), ...simdOp(simd.i32x4Splat), ...simdOp(simd.i32x4Add), ...splat(NOISE_HASH.lo), ...simdOp(simd.i32x4Mul),
    ...get(hiMix), ...simdOp(simd.i32x4Splat), ...simdOp(simd.v128Xor),
    ...fmix32x4(vHash), ...set(vHash),
    ...crossings,
    op.end,
  ];
}

function body(s: RowShape): number[] {
  /** The zero-noise code of four lanes of R (in `raw`) before the clamp, into `code`. */
  const stepCode = [
    ...get(raw), ...splat(s.zeroFirst), ...simdOp(simd.i32x4Sub), ...i32Const(s.shift), ...simdOp(simd.i32x4ShrS),
    ...splat(1), ...simdOp(simd.i32x4Add), ...set(code),
  ];
  const clamp = [...get(code), ...splat(0), ...simdOp(simd.i32x4MaxS), ...splat(s.topCode), ...simdOp(simd.i32x4MinS)];
  const convertQuad = (b: number): number[] => [
    ...stepCode,
    ...(s.noise === undefined ? [] : quadNoise(s, b)),
    ...get(colSum), ...clamp, ...i32Const(b), ...simdOp(simd.i32x4Shl), ...simdOp(simd.i32x4Add), ...set(colSum),
  ];
  // a = acc + off + b * stride: the four columns' sums of plane b. A plane no row has a one in,
  // and four zero sums, convert to 0 whatever the noise: skipped.
  const quadPlane = (b: number): number[] => [
    ...get(seen), ...i32Const(1 << b), op.i32And, op.if, EMPTY_BLOCK,
    ...get(a), ...v128Load(), ...set(raw), ...get(raw), ...simdOp(simd.v128AnyTrue), op.if, EMPTY_BLOCK, ...convertQuad(b), op.end,
    op.end,
    ...addTo(a, get(stride)),
  ];
  /** For each one bit b of u: acc[b] (op)= codes[row]. */
  const bitRows = (vectorOp: number): number[] => loopWhile([...get(u), op.i32Eqz], [
    ...get(accP), ...get(u), op.i32Ctz, ...get(stride), op.i32Mul, op.i32Add, ...set(dst),
    ...get(u), ...get(u), ...i32Const(1), op.i32Sub, op.i32And, ...set(u),
    ...rowOp(get(cP), vectorOp),
  ]);
  const gemm = [
    // acc = 0 over (planes + 1) x stride bytes (the planes and T).
    ...get(accP), ...set(dst),
    ...get(accP), ...get(stride), ...i32Const(s.planes + 1), op.i32Mul, op.i32Add, ...set(srcEnd),
    ...loopWhile([...get(dst), ...get(srcEnd), op.i32GeU], [...get(dst), ...zeroV128, ...v128Store(), ...addTo(dst, i32Const(16))]),
    // Rows: acc[b] += codes[row] for each one bit b of u; seen: the planes any row has a one in.
    // A row with more one bits than zero bits (plus one) adds its codes into the group's total T
    // (the plane after the last) and subtracts them from the planes of its zero bits; T is added
    // to every plane at the end. The sums are the same integers (int32, exact), in fewer adds
    // where inputs are large (a coarse ADC's saturated ReLU outputs have seven or eight one bits).
    ...i32Const(0), ...set(seen),
    ...i32Const(0), ...set(complemented),
    ...loopWhile([...get(uP), ...get(uEnd), op.i32GeU], [
      ...get(uP), ...i32Load(0), ...set(u),
      ...get(seen), ...get(u), op.i32Or, ...set(seen),
      ...get(u), op.i32Popcnt, ...i32Const(1), op.i32Shl, ...i32Const(s.planes + 1), op.i32GtU, op.if, EMPTY_BLOCK,
      ...i32Const(1), ...set(complemented),
      ...get(accP), ...get(stride), ...i32Const(s.planes), op.i32Mul, op.i32Add, ...set(dst),
      ...rowOp(get(cP), simd.i32x4Add),
      ...get(u), ...i32Const(-1), op.i32Xor, ...i32Const(2 ** s.planes - 1), op.i32And, ...set(u),
      ...bitRows(simd.i32x4Sub),
      op.else,
      ...bitRows(simd.i32x4Add),
      op.end,
      ...addTo(uP, i32Const(4)), ...addTo(cP, get(stride)),
    ]),
    // acc[b] += T for every plane b (a: the plane's sums, off: the end of the planes).
    ...get(complemented), op.if, EMPTY_BLOCK,
    ...get(accP), ...set(a),
    ...get(accP), ...get(stride), ...i32Const(s.planes), op.i32Mul, op.i32Add, ...set(off),
    ...loopWhile([...get(a), ...get(off), op.i32GeU], [
      ...get(a), ...set(dst),
      ...rowOp(get(off), simd.i32x4Add),
      ...addTo(a, get(stride)),
    ]),
    op.end,
  ];
  const group = [
    ...get(table), ...i32Load(0), ...get(base), op.i32Add, ...set(uP),
    ...get(uP), ...get(table), ...i32Load(4), ...i32Const(4), op.i32Mul, op.i32Add, ...set(uEnd),
    ...get(table), ...i32Load(8), ...get(base), op.i32Add, ...set(cP),
    ...get(table), ...i32Load(12), ...set(stride),
    ...get(table), ...i32Load(16), ...get(base), op.i32Add, ...set(atP),
    ...get(table), ...i32Load(20), ...get(base), op.i32Add, ...set(scaleP),
    ...get(table), ...i32Load(24), ...get(base), op.i32Add, ...set(outP),
    ...get(table), ...i32Load(28), ...get(base), op.i32Add, ...set(accP),
    // A window seen again keeps its sums: every plane may hold some.
    ...i32Const(-1), ...set(seen),
    ...get(summing), op.if, EMPTY_BLOCK, ...gemm, op.end,
    // Conversions, four columns at a time: off walks a plane's row of sums.
    ...i32Const(0), ...set(off),
    ...loopWhile([...get(off), ...get(stride), op.i32GeU], [
      ...zeroV128, ...set(colSum),
      ...get(accP), ...get(off), op.i32Add, ...set(a),
      ...Array.from({ length: s.planes }, (_, b) => quadPlane(b)).flat(),
      // out[quad] = sum of the lanes of colSum x scale.
      ...get(outP), ...get(off), ...i32Const(2), op.i32ShrU, op.i32Add,
      ...get(colSum), ...get(scaleP), ...get(off), op.i32Add, ...v128Load(), ...simdOp(simd.i32x4Mul), ...set(colSum),
      ...get(colSum), ...get(colSum), ...get(colSum), ...i32x4Shuffle([2, 3, 0, 1]), ...simdOp(simd.i32x4Add), ...set(colSum),
      ...get(colSum), ...get(colSum), ...get(colSum), ...i32x4Shuffle([1, 0, 3, 2]), ...simdOp(simd.i32x4Add), ...simdOp(simd.i32x4ExtractLane, 0),
      ...i32Store(0),
      ...addTo(off, i32Const(16)),
    ]),
    ...addTo(table, i32Const(ROW_GROUP_INTS * 4)),
  ];
  // Sets: seen counts them down; dst: the window, src: the row indices to srcEnd, outP: the prefix
  // sums, a: the running sum.
  const sets = [
    ...get(table), ...i32Load(0), ...set(seen), ...addTo(table, i32Const(4)),
    ...loopWhile([...get(seen), op.i32Eqz], [
      ...get(table), ...i32Load(0), ...get(base), op.i32Add, ...set(dst),
      ...get(table), ...i32Load(4), ...get(base), op.i32Add, ...set(src),
      ...get(src), ...get(table), ...i32Load(8), ...i32Const(4), op.i32Mul, op.i32Add, ...set(srcEnd),
      ...get(table), ...i32Load(12), ...get(base), op.i32Add, ...set(uP),
      ...get(table), ...i32Load(16), ...get(base), op.i32Add, ...set(outP),
      ...i32Const(0), ...set(a),
      ...get(outP), ...i32Const(0), ...i32Store(0),
      ...loopWhile([...get(src), ...get(srcEnd), op.i32GeU], [
        ...get(dst), ...get(src), ...i32Load(0), ...i32Const(4), op.i32Mul, op.i32Add, ...i32Load(0), ...i32Const(s.inOffset), op.i32Add, ...set(u),
        ...get(uP), ...get(u), ...i32Store(0),
        ...addTo(a, get(u)),
        ...addTo(outP, i32Const(4)),
        ...get(outP), ...get(a), ...i32Store(0),
        ...addTo(src, i32Const(4)), ...addTo(uP, i32Const(4)),
      ]),
      ...addTo(table, i32Const(ROW_SET_INTS * 4)),
      ...get(seen), ...i32Const(1), op.i32Sub, ...set(seen),
    ]),
  ];
  const single = [
    ...get(summing), op.if, EMPTY_BLOCK,
    ...sets,
    op.else,
    ...get(table), ...get(table), ...i32Load(0), ...i32Const(ROW_SET_INTS * 4), op.i32Mul, op.i32Add, ...i32Const(4), op.i32Add, ...set(table),
    op.end,
    ...loopWhile([...get(table), ...get(tableEnd), op.i32GeU], group),
  ];
  return [...get(batch), op.if, EMPTY_BLOCK, ...batchLoop(single), op.else, ...single, op.end];
}

/** A batch record's fields (i32, byte offsets from the record; addresses absolute): the images,
 *  the pixel's taps (byte offsets into an image's inputs, 0: padding, which holds zx), the images'
 *  inputs (i32 each, image b at inputs + b x inStride), their hiMix values, their accumulators
 *  (outC i32 each, image b at acc + b x accStride), the bias (accStride bytes), the per-quad
 *  table (the byte in an accumulator its partial sum adds to), the per-slot table (ROW_SLOT_INTS
 *  i32 each), whether the copy's kept sums are of the window in its memory, the window, the out,
 *  and the requantizers (ROW_REQUANT_INTS i32 per channel; 0: the accumulators stay int32). */
export const ROW_BATCH = {
  count: 0, taps: 4, tapsEnd: 8, inputs: 12, inStride: 16, hiMix: 20, acc: 24, accStride: 28, bias: 32,
  quads: 36, quadsEnd: 40, slots: 44, slotsEnd: 48, summed: 52, window: 56, out: 60, requant: 64, bytes: 80,
} as const;
/** Per output channel, its requantizer (workloads/quant's requantize without a table, a right
 *  shift of 1 to 32 and a mantissa below 2^31): mantissa, shift, zero point, min, max,
 *  2^(shift - 1) - 1. */
export const ROW_REQUANT_INTS = 6;
/** Per slot: the byte its output channel adds to in an accumulator, its constant K, its A and the
 *  bytes (from the copy's base) of its set's prefix sums at hi and at lo: it adds
 *  K - A x (prefix[hi] - prefix[lo]) (the digital corrections, mod 2^32). */
export const ROW_SLOT_INTS = 5;

/**
 * The batch call: one pixel of a copy over a batch of images, in order. Per image: its window
 * gathered from its inputs through the taps into the copy's window (noting whether it changed),
 * the row kernel (`single`: summing where it changed or nothing is summed yet; skipped where
 * nothing would change: no noise and the same window), then its accumulator: the bias, every
 * quad's partial sum, every slot's digital correction. i32 arithmetic wraps as the JavaScript
 * path's `| 0` does, so the accumulators are the same integers.
 */
function batchLoop(single: number[]): number[] {
  const field = (name: keyof typeof ROW_BATCH): number[] => [...get(batch), ...i32Load(ROW_BATCH[name])];
  return [
    ...get(table), ...set(tabStart),
    ...field('summed'), ...set(summed),
    ...field('inputs'), ...set(inP),
    ...field('acc'), ...set(accB),
    ...field('hiMix'), ...set(hmP),
    ...field('count'), ...set(left),
    ...field('tapsEnd'), ...set(tEnd),
    ...loopWhile([...get(left), op.i32Eqz], [
      // The window: x = inputs[tap]; changed |= x ^ window.
      ...field('taps'), ...set(tP),
      ...field('window'), ...set(wP),
      ...i32Const(0), ...set(changed),
      ...loopWhile([...get(tP), ...get(tEnd), op.i32GeU], [
        ...get(inP), ...get(tP), ...i32Load(0), op.i32Add, ...i32Load(0), ...set(u),
        ...get(changed), ...get(u), ...get(wP), ...i32Load(0), op.i32Xor, op.i32Or, ...set(changed),
        ...get(wP), ...get(u), ...i32Store(0),
        ...addTo(tP, i32Const(4)), ...addTo(wP, i32Const(4)),
      ]),
      ...get(changed), ...i32Const(0), op.i32Ne, ...get(summed), op.i32Eqz, op.i32Or, ...set(summing),
      ...get(hmP), ...i32Load(0), ...set(hiMix),
      ...get(tabStart), ...set(table),
      ...get(summing), ...get(noiseAt), ...i32Const(0), op.i32Ne, op.i32Or, op.if, EMPTY_BLOCK, ...single, op.end,
      ...i32Const(1), ...set(summed),
      // acc = bias (src walks the bias, a the accumulator).
      ...field('bias'), ...set(src),
      ...get(src), ...field('accStride'), op.i32Add, ...set(srcEnd),
      ...get(accB), ...set(a),
      ...loopWhile([...get(src), ...get(srcEnd), op.i32GeU], [
        ...get(a), ...get(src), ...i32Load(0), ...i32Store(0),
        ...addTo(src, i32Const(4)), ...addTo(a, i32Const(4)),
      ]),
      // Quads: acc[channel] += out[q] (src walks the table, dst the outputs).
      ...field('quads'), ...set(src),
      ...field('quadsEnd'), ...set(srcEnd),
      ...field('out'), ...set(dst),
      ...loopWhile([...get(src), ...get(srcEnd), op.i32GeU], [
        ...get(accB), ...get(src), ...i32Load(0), op.i32Add, ...set(a),
        ...get(a), ...get(a), ...i32Load(0), ...get(dst), ...i32Load(0), op.i32Add, ...i32Store(0),
        ...addTo(src, i32Const(4)), ...addTo(dst, i32Const(4)),
      ]),
      // Slots: acc[channel] += K - A x (prefix[hi] - prefix[lo]).
      ...field('slots'), ...set(src),
      ...field('slotsEnd'), ...set(srcEnd),
      ...loopWhile([...get(src), ...get(srcEnd), op.i32GeU], [
        ...get(accB), ...get(src), ...i32Load(0), op.i32Add, ...set(a),
        ...get(a), ...get(a), ...i32Load(0), ...get(src), ...i32Load(4), op.i32Add,
        ...get(src), ...i32Load(8),
        ...get(base), ...get(src), ...i32Load(12), op.i32Add, ...i32Load(0),
        ...get(base), ...get(src), ...i32Load(16), op.i32Add, ...i32Load(0),
        op.i32Sub, op.i32Mul, op.i32Sub, ...i32Store(0),
        ...addTo(src, i32Const(ROW_SLOT_INTS * 4)),
      ]),
      // Requantized in place: q = (num + 2^(s-1) - 1 + ((num >> s) & 1)) >> s is num / 2^s rounded
      // half to even (num = acc x mantissa, exact in i64), then + zero point, clamped.
      ...field('requant'), op.if, EMPTY_BLOCK,
      ...field('requant'), ...set(src),
      ...get(accB), ...set(a),
      ...get(accB), ...field('accStride'), op.i32Add, ...set(srcEnd),
      ...loopWhile([...get(a), ...get(srcEnd), op.i32GeU], [
        ...get(a), ...i32Load(0), op.i64ExtendI32S, ...get(src), ...i32Load(0), op.i64ExtendI32S, op.i64Mul, ...set(num64),
        ...get(num64), ...get(src), ...i32Load(20), op.i64ExtendI32S, op.i64Add,
        ...get(num64), ...get(src), ...i32Load(4), op.i64ExtendI32U, op.i64ShrS, ...i64Const(1), op.i64And, op.i64Add,
        ...get(src), ...i32Load(4), op.i64ExtendI32U, op.i64ShrS,
        ...get(src), ...i32Load(8), op.i64ExtendI32S, op.i64Add, ...set(v64),
        ...get(src), ...i32Load(12), op.i64ExtendI32S, ...set(bound64),
        ...get(bound64), ...get(v64), ...get(v64), ...get(bound64), op.i64LtS, op.select, ...set(v64),
        ...get(src), ...i32Load(16), op.i64ExtendI32S, ...set(bound64),
        ...get(bound64), ...get(v64), ...get(v64), ...get(bound64), op.i64GtS, op.select, ...set(v64),
        ...get(a), ...get(v64), op.i32WrapI64, ...i32Store(0),
        ...addTo(src, i32Const(ROW_REQUANT_INTS * 4)), ...addTo(a, i32Const(4)),
      ]),
      op.end,
      ...addTo(inP, [...field('inStride')]), ...addTo(accB, [...field('accStride')]), ...addTo(hmP, i32Const(4)),
      ...get(left), ...i32Const(1), op.i32Sub, ...set(left),
    ]),
  ];
}

const compiled = new Map<string, WasmModule | null>();

/** The compiled module for `shape`, undefined where WebAssembly SIMD is unavailable:
 *  run(tableByte, tableEndByte, imageByte, loBase, hiMix, noiseAt, summing, batch), addresses absolute.
 *  summing = 0: the groups' kept sums are converted again (the window is the last call's).
 *  batch: 0, or a batch record's address (ROW_BATCH; then hiMix and summing come from it). */
export function rowModule(shape: RowShape): WasmModule | undefined {
  if (wasmApi === undefined) return undefined;
  const key = JSON.stringify(shape);
  let m = compiled.get(key);
  if (m === undefined) {
    const bytes = oneFunctionModule({ name: 'run', params: PARAMS, returnsI32: false, locals: [[I32_LOCALS, I32], [V128_LOCALS, V128], [I64_LOCALS, I64]], code: body(shape) });
    m = wasmApi.validate(bytes) ? new wasmApi.Module(bytes) : null;
    compiled.set(key, m);
  }
  return m ?? undefined;
}
