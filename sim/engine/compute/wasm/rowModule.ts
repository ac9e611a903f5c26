// The WebAssembly module of `analog` fidelity's row kernel (analogRows.ts): a read group's column
// sums as an integer GEMM of the input bit-planes (0/1) and the cells' conductance codes, then the
// conversions, in one call per pixel. Per group of rows read together:
//   - for each row whose input u is not 0, for each one bit b of u (1-bit DACs):
//     acc[b][columns] += codes[row][columns] (i32x4 adds over the row's codes; exact int32);
//   - per four columns and per plane b, the ADC codes of acc[b] at the two extremes of the read
//     noise, as uniform integer steps of the raw sum (analogRows.ts checks them equal to the float
//     arithmetic of adcConversion.ts at every step), the lower one shift-added into the column's
//     i32 output; where the two codes differ the (conversion index, raw sum) pair is listed.
// Then the listed conversions' read noise is decided (`decide`): the draw's hashes settle most codes
// against integer thresholds (the pre-filter), a bound on the draw most of the rest, added into a
// copy of the quad outputs; only the few the bound leaves open go to the digital side for an exact
// draw. At fine ADC steps (RowShape.settle.inQuads) the pre-filter first runs in the quad loop, four
// conversions at once, and lists only those it leaves open; such a call's list is not whole. A copy
// that sees its last window again lists it whole (`whole`), and on a third sight skips the sums and
// decides that list anew (fresh draws).
// Background pixels and zero activations (u = 0) cost nothing, only one bits add, and planes or
// columns whose sums are 0 (code 0 at both extremes) convert nothing.
//
// Last, per four columns (one task's slices, padded to four), the lanes' shift-added codes times
// their slices' weights (lsb x sliceScale), summed: the quad's output, an i32.
//
// First, per set of rows, each row's input u = window[row index] + 2^(inputBits-1) and the prefix
// sums of u over the set (the offset encoding's digital correction).
//
// Image (bytes from the image's base): [acc: planes x stride] then anything; the table (offsets
// from the base) names the rest: the set count, per set 5 x i32 [window, rows, count, u, prefix],
// then per group 7 x i32 [u, rows, codes, stride, at, scale, out].
import { EMPTY_BLOCK, F64, I32, V128, f64Const, i32Const, i32x4Shuffle, localGet, localSet, memarg, oneFunctionModule, op, simd, simdOp } from '../../../../workloads/wasm/encoding.js';
import { wasmApi, type WasmModule } from './runtime.js';
import { COS_SLACK, HIGH_MARGIN, LOW_MARGIN, NOISE_HASH, QUARTER_TURN, RAD_PER_COUNT, SIGN_MARGIN, radiusHashAbove, radiusHashBelow } from '../readNoise.js';

export const ROW_GROUP_INTS = 7;
export const ROW_SET_INTS = 5;

/** The constants a row module is specialized for: the codes at the lower and upper noise
 *  extremes are clamp(((R - lowFirst or highFirst) >> shift) + 1, 0, topCode) of the raw sum R
 *  (conductance codes x inputs), and are 0 at R = 0. A quad's output must stay below 2^31
 *  (rowShapeFor checks the bound). */
export interface RowShape {
  planes: number;
  topCode: number;
  lowFirst: number;
  highFirst: number;
  shift: number;
  /** 2^(inputBits-1): u = x + inOffset. */
  inOffset: number;
  /** The float arithmetic of a conversion (adcConversion.ts, no c2c) that the listed conversions'
   *  noise is decided with: read noise sigma (levels), one raw unit and the lsb (levels), the
   *  ADC's gain and offset (lsb). */
  noiseSigma: number;
  unit: number;
  lsb: number;
  gain: number;
  offsetLsb: number;
  /** The pre-filter of the listed conversions (absent: none; decide() has the rule). The code at
   *  a zero draw is clamp(((R - zeroFirst) >> shift) + 1, 0, topCode) (rowShapeFor checks it as it
   *  checks the extremes', up to one step past the largest sum); `entries` thresholds on the radius
   *  hash by distance, one per 2^distShift raw units (settleThresholds). `inQuads`: the module
   *  also runs it in the quad loop, four conversions at once (prefilterQuad), where it decides;
   *  it pays where many of a quad's conversions are listed (fine ADC steps). */
  settle?: { zeroFirst: number; distShift: number; entries: number; inQuads: boolean };
}

/** A listed conversion: its index, raw sum, its lane's weight (lsb x slice scale x 2^plane) and
 *  its quad's output address. */
export const ROW_LIST_BYTES = 16;

/** The angle's distance from a quarter turn (counts, up to QUARTER_TURN) in buckets of 2^22
 *  counts (pi / 512 rad) for the pre-filter's ties. */
const TIE_BUCKET_SHIFT = 22;
const TIE_BUCKETS = (QUARTER_TURN >> TIE_BUCKET_SHIFT) + 1;

/**
 * The pre-filter's thresholds (RowShape.settle), which a copy's image holds just before its
 * decided entries. First `entries` by distance: entry i bounds the radius hashes whose draw stays
 * below i << distShift raw units in size (radiusHashBelow). Then TIE_BUCKETS by angle: bucket b
 * bounds the radius hashes above which a draw whose angle is at least b buckets from a quarter
 * turn exceeds one raw unit in size (radiusHashAbove; sin(b pi / 512) is the cosine's least size
 * there, less margins for its rounding and the draw's). Empty without a pre-filter.
 */
export function settleThresholds(shape: RowShape): Int32Array {
  const settle = shape.settle;
  if (settle === undefined) return new Int32Array(0);
  const zPerUnit = shape.unit / shape.noiseSigma;
  const below = Array.from({ length: settle.entries }, (_, i) => radiusHashBelow((i << settle.distShift) * zPerUnit));
  const above = Array.from({ length: TIE_BUCKETS }, (_, b) => {
    const cosLow = Math.sin((b << TIE_BUCKET_SHIFT) * RAD_PER_COUNT) * LOW_MARGIN - COS_SLACK;
    return cosLow > 0 ? radiusHashAbove((zPerUnit * HIGH_MARGIN) / cosLow) : 2 ** 32 - 1;
  });
  return Int32Array.from([...below, ...above], (t) => t | 0);
}

// Parameters, then i32 locals, then f64 locals, then v128 locals.
const table = 0;
const tableEnd = 1;
const list = 2;
const base = 3;
const listEnd = 4;
const decided = 5;
const loBase = 6;
const hiMix = 7;
const outStart = 8;
const outEnd = 9;
const whole = 10;
const PARAMS = 11;
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
const listStart = next++;
const at = next++;
const rawSum = next++;
const lowCode = next++;
const x = next++;
const turn = next++;
const code0 = next++;
const finalShift = next++;
const dist = next++;
const idx = next++;
const hash1 = next++;
const open = next++;
const settleAt = next++;
const positive = next++;
const negative = next++;
const lowTie = next++;
const sens = next++;
const quadFilter = next++;
const I32_LOCALS = next - PARAMS;
const r = next++;
const rLow = next++;
const zLo = next++;
const zHi = next++;
const v = next++;
const uu = next++;
const head = next++;
const ang = next++;
const sinHigh = next++;
const F64_LOCALS = next - PARAMS - I32_LOCALS;
const colSum = next++;
const raw = next++;
const low = next++;
const high = next++;
const vx = next++;
const vHash = next++;
const vTurn = next++;
const vDist = next++;
const vSide = next++;
const vNeg = next++;
const vCode = next++;
const V128_LOCALS = next - PARAMS - I32_LOCALS - F64_LOCALS;

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
/** acc[dst + offset] += codes[src + offset], one vector of four columns. */
const addVector = (offset: number): number[] => [
  ...get(dst), ...get(dst), ...v128Load(offset), ...get(src), ...v128Load(offset), ...simdOp(simd.i32x4Add), ...v128Store(offset),
];

function body(s: RowShape): number[] {
  /** The code whose first step is at `first`, four lanes of R (in `raw`). */
  const stepCode = (first: number): number[] => [
    ...get(raw), ...i32Const(first), ...simdOp(simd.i32x4Splat), ...simdOp(simd.i32x4Sub), ...i32Const(s.shift), ...simdOp(simd.i32x4ShrS),
    ...i32Const(1), ...simdOp(simd.i32x4Splat), ...simdOp(simd.i32x4Add),
    ...i32Const(0), ...simdOp(simd.i32x4Splat), ...simdOp(simd.i32x4MaxS), ...i32Const(s.topCode), ...simdOp(simd.i32x4Splat), ...simdOp(simd.i32x4MinS),
  ];
  /** Lists the lane's conversion where `listed` (an i32 on the stack) is not 0. */
  const listQuadLane = (lane: number, b: number, listed: number[]): number[] => [
    ...listed, op.if, EMPTY_BLOCK,
    ...get(list), ...get(atP), ...get(off), op.i32Add, ...i32Load(4 * lane), ...i32Const(b), op.i32Add, ...i32Store(0),
    ...get(list), ...get(a), ...i32Load(4 * lane), ...i32Store(4),
    ...get(list), ...get(scaleP), ...get(off), op.i32Add, ...i32Load(4 * lane), ...i32Const(b), op.i32Shl, ...i32Store(8),
    ...get(list), ...get(outP), ...get(off), ...i32Const(2), op.i32ShrU, op.i32Add, ...i32Store(12),
    ...addTo(list, i32Const(ROW_LIST_BYTES)),
    op.end,
  ];
  const listDiffering = (b: number): number[] => [0, 1, 2, 3].flatMap((lane) =>
    listQuadLane(lane, b, [...get(low), ...simdOp(simd.i32x4ExtractLane, lane), ...get(high), ...simdOp(simd.i32x4ExtractLane, lane), op.i32Ne]));
  const convertQuad = (b: number): number[] => [
    ...stepCode(s.lowFirst), ...set(low), ...stepCode(s.highFirst), ...set(high),
    ...get(low), ...get(high), ...simdOp(simd.i32x4Ne), ...simdOp(simd.v128AnyTrue), op.if, EMPTY_BLOCK,
    ...(s.settle?.inQuads !== true ? listDiffering(b) : [
      ...get(quadFilter), op.if, EMPTY_BLOCK,
      ...prefilterQuad(s, b), ...[0, 1, 2, 3].flatMap((lane) => listQuadLane(lane, b, [...get(vSide), ...simdOp(simd.i32x4ExtractLane, lane)])),
      op.else, ...listDiffering(b), op.end,
    ]),
    op.end,
    ...get(colSum), ...get(low), ...i32Const(b), ...simdOp(simd.i32x4Shl), ...simdOp(simd.i32x4Add), ...set(colSum),
  ];
  // a = base + off + b * stride: the four columns' sums of plane b. A plane no row has a one in,
  // and four zero sums, convert to 0 at both extremes: skipped.
  const quadPlane = (b: number): number[] => [
    ...get(seen), ...i32Const(1 << b), op.i32And, op.if, EMPTY_BLOCK,
    ...get(a), ...v128Load(), ...set(raw), ...get(raw), ...simdOp(simd.v128AnyTrue), op.if, EMPTY_BLOCK, ...convertQuad(b), op.end,
    op.end,
    ...addTo(a, get(stride)),
  ];
  const group = [
    ...get(table), ...i32Load(0), ...get(base), op.i32Add, ...set(uP),
    ...get(uP), ...get(table), ...i32Load(4), ...i32Const(4), op.i32Mul, op.i32Add, ...set(uEnd),
    ...get(table), ...i32Load(8), ...get(base), op.i32Add, ...set(cP),
    ...get(table), ...i32Load(12), ...set(stride),
    ...get(table), ...i32Load(16), ...get(base), op.i32Add, ...set(atP),
    ...get(table), ...i32Load(20), ...get(base), op.i32Add, ...set(scaleP),
    ...get(table), ...i32Load(24), ...get(base), op.i32Add, ...set(outP),
    // acc = 0 over planes x stride bytes.
    ...get(base), ...set(dst),
    ...get(base), ...get(stride), ...i32Const(s.planes), op.i32Mul, op.i32Add, ...set(srcEnd),
    ...loopWhile([...get(dst), ...get(srcEnd), op.i32GeU], [...get(dst), ...zeroV128, ...v128Store(), ...addTo(dst, i32Const(16))]),
    // Rows: acc[b] += codes[row] for each one bit b of u; seen: the planes any row has a one in.
    ...i32Const(0), ...set(seen),
    ...loopWhile([...get(uP), ...get(uEnd), op.i32GeU], [
      ...get(uP), ...i32Load(0), ...set(u),
      ...get(seen), ...get(u), op.i32Or, ...set(seen),
      ...loopWhile([...get(u), op.i32Eqz], [
        ...get(base), ...get(u), op.i32Ctz, ...get(stride), op.i32Mul, op.i32Add, ...set(dst),
        ...get(u), ...get(u), ...i32Const(1), op.i32Sub, op.i32And, ...set(u),
        ...get(cP), ...set(src),
        ...get(cP), ...get(stride), op.i32Add, ...set(srcEnd),
        // Four vectors a step while four remain (the loop's own instructions cost as much as an
        // add), then one at a time.
        ...loopWhile([...get(srcEnd), ...get(src), op.i32Sub, ...i32Const(4 * V128_BYTES), op.i32LtU], [
          ...[0, 1, 2, 3].flatMap((k) => addVector(k * V128_BYTES)),
          ...addTo(dst, i32Const(4 * V128_BYTES)), ...addTo(src, i32Const(4 * V128_BYTES)),
        ]),
        ...loopWhile([...get(src), ...get(srcEnd), op.i32GeU], [
          ...addVector(0),
          ...addTo(dst, i32Const(V128_BYTES)), ...addTo(src, i32Const(V128_BYTES)),
        ]),
      ]),
      ...addTo(uP, i32Const(4)), ...addTo(cP, get(stride)),
    ]),
    // Conversions, four columns at a time: off walks a plane's row of sums.
    ...i32Const(0), ...set(off),
    ...loopWhile([...get(off), ...get(stride), op.i32GeU], [
      ...zeroV128, ...set(colSum),
      ...get(base), ...get(off), op.i32Add, ...set(a),
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
  const E = s.settle?.entries ?? 0;
  return [
    ...get(decided), ...i32Const(4 * (s.settle === undefined ? 0 : E + TIE_BUCKETS)), op.i32Sub, ...set(settleAt),
    ...get(decided), ...i32Const(0), op.i32Ne, ...get(whole), op.i32Eqz, op.i32And, ...set(quadFilter),
    ...get(list), ...set(listStart),
    ...get(table), ...get(tableEnd), op.i32Ne, op.if, EMPTY_BLOCK,
    ...sets, ...loopWhile([...get(table), ...get(tableEnd), op.i32GeU], group),
    op.else, ...get(listEnd), ...set(list), op.end,
    ...get(decided), op.i32Eqz, op.if, EMPTY_BLOCK, ...get(list), op.return, op.end,
    ...decide(s),
  ];
}

const splat = (value: number): number[] => [...i32Const(value | 0), ...simdOp(simd.i32x4Splat)];

/** fmix32 on four lanes (the vector on the stack), through v128 local `h`. */
function fmix32x4(h: number): number[] {
  const xorShift = (k: number): number[] => [...set(h), ...get(h), ...get(h), ...i32Const(k), ...simdOp(simd.i32x4ShrU), ...simdOp(simd.v128Xor)];
  return [
    ...xorShift(16), ...splat(NOISE_HASH.fmixA), ...simdOp(simd.i32x4Mul),
    ...xorShift(13), ...splat(NOISE_HASH.fmixB), ...simdOp(simd.i32x4Mul),
    ...xorShift(16),
  ];
}

/**
 * The pre-filter (decide()'s, ties too) on the quad's four conversions of plane b at once,
 * where the module decides (decided != 0): the lanes it settles take the zero draw's code in
 * `low` and are never listed; `vSide` ends as the lanes to list (their codes differ at the noise's
 * extremes and the pre-filter left them open). The hashes are decide()'s: conversion index
 * at + b, draw index 2 (at + b) + 1 past the call's first. Sets `sens`: the call met a
 * conversion the noise may change, so its outputs hold this call's draws (no reuse).
 */
function prefilterQuad(s: RowShape, b: number): number[] {
  const settle = s.settle!;
  const q = QUARTER_TURN;
  const m = SIGN_MARGIN;
  const mask = 2 ** s.shift - 1;
  /** Lane k replaced by the i32 at its own address (a gather, one lane at a time). */
  const laneOf = (v: number, k: number): number[] => [...get(v), ...simdOp(simd.i32x4ExtractLane, k), ...i32Load(0), ...simdOp(simd.i32x4ReplaceLane, k)];
  const lane = (k: number): number[] => laneOf(vx, k);
  /** clamp(((R - first) >> shift) + 1, 0, topCode) on four lanes of R (in raw). */
  const stepCodeOf = (first: number): number[] => [
    ...get(raw), ...splat(first), ...simdOp(simd.i32x4Sub), ...i32Const(s.shift), ...simdOp(simd.i32x4ShrS),
    ...splat(1), ...simdOp(simd.i32x4Add), ...splat(0), ...simdOp(simd.i32x4MaxS), ...splat(s.topCode), ...simdOp(simd.i32x4MinS),
  ];
  const belowMask = settleThresholds(s)[Math.min(mask >> settle.distShift, settle.entries - 1)];
  return [
    ...i32Const(1), ...set(sens),
    ...get(atP), ...get(off), op.i32Add, ...v128Load(), ...splat(b), ...simdOp(simd.i32x4Add), ...i32Const(1), ...simdOp(simd.i32x4Shl),
    ...get(loBase), ...simdOp(simd.i32x4Splat), ...simdOp(simd.i32x4Add), ...splat(NOISE_HASH.lo), ...simdOp(simd.i32x4Mul),
    ...get(hiMix), ...simdOp(simd.i32x4Splat), ...simdOp(simd.v128Xor), ...set(vx),
    ...get(vx), ...fmix32x4(vHash), ...set(vHash),
    ...get(vx), ...splat(NOISE_HASH.turnAdd), ...simdOp(simd.i32x4Add), ...splat(NOISE_HASH.turnXor), ...simdOp(simd.v128Xor),
    ...fmix32x4(vTurn), ...set(vTurn),
    // dist: the sum's distance past the first raw sum of its zero-draw step.
    ...get(raw), ...splat(settle.zeroFirst), ...simdOp(simd.i32x4Sub), ...splat(mask), ...simdOp(simd.v128And), ...set(vDist),
    // vSide: the angle gives a positive draw; vx (reused): the distance to the step's end on the
    // draw's side, then its threshold's address.
    ...get(vTurn), ...splat(q - m), ...simdOp(simd.i32x4LtU),
    ...get(vTurn), ...splat(3 * q + m), ...simdOp(simd.i32x4GtU), ...simdOp(simd.v128Or), ...set(vSide),
    ...splat(mask), ...get(vDist), ...simdOp(simd.i32x4Sub), ...get(vDist), ...get(vSide), ...simdOp(simd.v128Bitselect),
    ...i32Const(settle.distShift), ...simdOp(simd.i32x4ShrU), ...splat(settle.entries - 1), ...simdOp(simd.i32x4MinU),
    ...i32Const(2), ...simdOp(simd.i32x4Shl), ...get(settleAt), ...simdOp(simd.i32x4Splat), ...simdOp(simd.i32x4Add), ...set(vx),
    // vSide: the angle gives the draw's sign (vNeg: a negative one).
    ...get(vTurn), ...splat(q + m), ...simdOp(simd.i32x4GtU), ...get(vTurn), ...splat(3 * q - m), ...simdOp(simd.i32x4LtU), ...simdOp(simd.v128And),
    ...set(vNeg), ...get(vNeg), ...get(vSide), ...simdOp(simd.v128Or), ...set(vSide),
    // vx: settled short of the step's end = radius hash below its threshold and a sign; vCode: the
    // zero draw's code.
    ...get(vHash), ...get(vx), ...lane(0), ...lane(1), ...lane(2), ...lane(3), ...simdOp(simd.i32x4LtU),
    ...get(vSide), ...simdOp(simd.v128And), ...set(vx),
    ...stepCodeOf(settle.zeroFirst), ...set(vCode),
    // Ties (dist 0; every sum at d2dSigma 0 is one): a negative draw of more than one raw unit and
    // less than a step (its radius hash above its angle bucket's threshold, below the step's) takes
    // the step below's code, as decide() rules. vSide (reused): the tie lanes, then those settled so.
    ...get(vDist), ...zeroV128, ...simdOp(simd.i32x4Eq), ...get(vNeg), ...simdOp(simd.v128And), ...set(vSide),
    ...get(vSide), ...simdOp(simd.v128AnyTrue), op.if, EMPTY_BLOCK,
    // vNeg (reused): the tie bucket's threshold address, from the angle's distance to the nearest
    // quarter turn.
    ...get(vTurn), ...splat(3 * q), ...splat(q), ...get(vTurn), ...zeroV128, ...simdOp(simd.i32x4LtS), ...simdOp(simd.v128Bitselect), ...simdOp(simd.i32x4Sub),
    ...simdOp(simd.i32x4Abs), ...i32Const(TIE_BUCKET_SHIFT), ...simdOp(simd.i32x4ShrU), ...i32Const(2), ...simdOp(simd.i32x4Shl),
    ...get(settleAt), ...i32Const(4 * settle.entries), op.i32Add, ...simdOp(simd.i32x4Splat), ...simdOp(simd.i32x4Add), ...set(vNeg),
    ...get(vHash), ...get(vNeg), ...laneOf(vNeg, 0), ...laneOf(vNeg, 1), ...laneOf(vNeg, 2), ...laneOf(vNeg, 3), ...simdOp(simd.i32x4GtU),
    ...get(vHash), ...splat(belowMask), ...simdOp(simd.i32x4LtU), ...simdOp(simd.v128And), ...get(vSide), ...simdOp(simd.v128And), ...set(vSide),
    ...get(vx), ...get(vSide), ...simdOp(simd.v128Or), ...set(vx),
    ...stepCodeOf(settle.zeroFirst + 2 ** s.shift), ...get(vCode), ...get(vSide), ...simdOp(simd.v128Bitselect), ...set(vCode),
    op.end,
    // vx: settled and listed (codes differing at the extremes); vSide: listed and left open.
    ...get(low), ...get(high), ...simdOp(simd.i32x4Ne), ...get(vx), ...simdOp(simd.v128And), ...set(vx),
    ...get(low), ...get(high), ...simdOp(simd.i32x4Ne), ...get(vx), ...simdOp(simd.v128AndNot), ...set(vSide),
    ...get(vCode),
    ...get(low), ...get(vx), ...simdOp(simd.v128Bitselect), ...set(low),
  ];
}

/** murmur3's finalizer of the i32 on the stack (readNoise.ts's fmix32), through local `h`. */
function fmix32(h: number): number[] {
  const xorShift = (k: number): number[] => [...set(h), ...get(h), ...get(h), ...i32Const(k), op.i32ShrU, op.i32Xor];
  return [
    ...xorShift(16), ...i32Const(NOISE_HASH.fmixA | 0), op.i32Mul,
    ...xorShift(13), ...i32Const(NOISE_HASH.fmixB | 0), op.i32Mul,
    ...xorShift(16),
  ];
}

/**
 * The listed conversions' read noise decided as analogRows.ts's correctNoisy decides it, on the
 * same float arithmetic (WebAssembly's f64 add, multiply, divide, square root and floor round
 * as JavaScript's do): each entry's draw index is 2 at + 1 past the call's first, whose hash is
 * imul(loBase + 2 at, NOISE_HASH.lo) ^ hiMix (the caller checks the call's indices share their high
 * word). First the pre-filter (RowShape.settle, where the shape has one) settles most entries on
 * the two hashes and the thresholds just before `decided` (settleThresholds); else the draw lies
 * in readNoiseInterval's interval, and where the codes at its two ends agree, that is the code.
 * Either way the code equals the exact draw's. The quad outputs [outStart, outEnd) are copied
 * after themselves (the copy starts at outEnd) and each decided code's change from the lower code
 * is added into the copy, so the outputs stay for a reused window. Written from `decided`: the list's end, then (at, raw
 * sum) per entry the interval leaves open (the caller draws those exactly: a logarithm and a
 * cosine). Returns the end of what it wrote.
 */
function decide(s: RowShape): number[] {
  const ideal = s.gain === 1 && s.offsetLsb === 0;
  const codeAt = (z: number): number[] => [
    ...get(v), ...(s.noiseSigma > 0 ? [...f64Const(s.noiseSigma), ...get(z), op.f64Mul, op.f64Add] : []),
    ...(ideal ? [...f64Const(s.lsb), op.f64Div] : [...f64Const(s.gain), op.f64Mul, ...f64Const(s.lsb), op.f64Div, ...f64Const(s.offsetLsb), op.f64Add]),
    ...f64Const(0.5), op.f64Add, op.f64Floor,
    ...f64Const(0), op.f64Max, ...f64Const(s.topCode), op.f64Min, op.i32TruncF64S,
  ];
  const q = QUARTER_TURN;
  const m = SIGN_MARGIN;
  /** The code at clamp(((R - first) >> shift) + 1, 0, topCode), R in rawSum, into `local`. */
  const stepCodeOf = (first: number, local: number): number[] => [
    ...get(rawSum), ...i32Const(first), op.i32Sub, ...i32Const(s.shift), op.i32ShrS, ...i32Const(1), op.i32Add, ...set(local),
    ...get(local), ...i32Const(0), ...get(local), ...i32Const(0), op.i32GtS, op.select, ...set(local),
    ...i32Const(s.topCode), ...get(local), ...get(local), ...i32Const(s.topCode), op.i32GtS, op.select, ...set(local),
  ];
  // The full interval (readNoiseInterval) on the draw whose radius hash is in hash1 and angle hash
  // in turn: code0 the code at its lower end, open whether the upper end's differs.
  const interval = [
    // u (in v, then s = u / (2 - u)) the radius's uniform; rLow and r: bounds on the radius from
    // the series of -ln(1 - u) = 2 atanh(s), as readNoiseInterval computes them.
    ...get(hash1), op.f64ConvertI32U, ...f64Const(2 ** 32), op.f64Div, ...set(v),
    ...get(v), ...f64Const(2), ...get(v), op.f64Sub, op.f64Div, ...set(v),
    ...get(v), ...get(v), op.f64Mul, ...set(uu),
    ...get(v), ...get(v), ...get(uu), op.f64Mul, ...f64Const(3), op.f64Div, op.f64Add,
    ...get(v), ...get(uu), op.f64Mul, ...get(uu), op.f64Mul, ...f64Const(5), op.f64Div, op.f64Add,
    ...get(v), ...get(uu), op.f64Mul, ...get(uu), op.f64Mul, ...get(uu), op.f64Mul, ...f64Const(7), op.f64Div, op.f64Add, ...set(head),
    ...f64Const(4), ...get(head), op.f64Mul, op.f64Sqrt, ...set(rLow),
    ...f64Const(4), ...get(head),
    ...get(v), ...get(uu), op.f64Mul, ...get(uu), op.f64Mul, ...get(uu), op.f64Mul, ...get(uu), op.f64Mul,
    ...f64Const(9), ...f64Const(1), ...get(uu), op.f64Sub, op.f64Mul, op.f64Div, op.f64Add, op.f64Mul, op.f64Sqrt, ...set(r),
    // The angle's distance from the nearest quarter turn (dist counts, ang radians) and the bounds
    // on its sine, the cosine's size.
    ...get(turn), ...i32Const((3 * q) | 0), ...i32Const(q), ...get(turn), ...i32Const(0), op.i32LtS, op.select, op.i32Sub, ...set(dist),
    ...i32Const(0), ...get(dist), op.i32Sub, ...get(dist), ...get(dist), ...i32Const(0), op.i32LtS, op.select,
    op.f64ConvertI32S, ...f64Const(RAD_PER_COUNT), op.f64Mul, ...set(ang),
    ...get(ang), ...get(ang), op.f64Mul, ...set(uu),
    ...get(ang), ...get(ang), ...get(uu), op.f64Mul, ...f64Const(6), op.f64Div, op.f64Sub,
    ...get(ang), ...get(uu), op.f64Mul, ...get(uu), op.f64Mul, ...f64Const(120), op.f64Div, op.f64Add, ...set(sinHigh),
    // lo (in rLow) = radius low x sine low x LOW_MARGIN; hi (in r) = radius high x (min(1, sine
    // high) x HIGH_MARGIN + COS_SLACK).
    ...get(rLow),
    ...get(sinHigh), ...get(ang), ...get(uu), op.f64Mul, ...get(uu), op.f64Mul, ...get(uu), op.f64Mul, ...f64Const(5040), op.f64Div, op.f64Sub,
    op.f64Mul, ...f64Const(LOW_MARGIN), op.f64Mul, ...set(rLow),
    ...get(r), ...f64Const(1), ...get(sinHigh), op.f64Min, ...f64Const(HIGH_MARGIN), op.f64Mul, ...f64Const(COS_SLACK), op.f64Add, op.f64Mul, ...set(r),
    // The draw's interval (readNoiseInterval): [lo, hi] or [-hi, -lo] where the angle gives the
    // cosine's sign, else [-hi, hi].
    ...get(r), op.f64Neg, ...set(zLo), ...get(r), ...set(zHi),
    ...get(turn), ...i32Const((q - m) | 0), op.i32LtU, ...get(turn), ...i32Const((3 * q + m) | 0), op.i32GtU, op.i32Or,
    op.if, EMPTY_BLOCK,
    ...get(rLow), ...set(zLo),
    op.else,
    ...get(turn), ...i32Const((q + m) | 0), op.i32GtU, ...get(turn), ...i32Const((3 * q - m) | 0), op.i32LtU, op.i32And,
    op.if, EMPTY_BLOCK,
    ...get(rLow), op.f64Neg, ...set(zHi),
    op.end,
    op.end,
    ...get(rawSum), op.f64ConvertI32S, ...f64Const(s.unit), op.f64Mul, ...set(v),
    ...codeAt(zLo), ...set(code0),
    ...get(code0), ...codeAt(zHi), op.i32Ne, ...set(open),
  ];
  const settle = s.settle;
  const mask = 2 ** s.shift - 1;
  const E = settle?.entries ?? 0;
  /** The threshold of distance d (on the stack): min(d >> distShift, E - 1)'s. */
  const belowThreshold = (d: number[]): number[] => [
    ...d, ...i32Const(settle?.distShift ?? 0), op.i32ShrU, ...set(idx),
    ...i32Const(E - 1), ...get(idx), ...get(idx), ...i32Const(E - 1), op.i32GtU, op.select,
    ...i32Const(2), op.i32Shl, ...get(settleAt), op.i32Add, ...i32Load(0),
  ];
  // The pre-filter, on the two hashes and integer compares, without branches on the draw's sign
  // (a coin toss to a branch predictor): the sum lies m = dist raw units past the first raw sum of
  // its zero-draw step and mask - m before its last, and the code is the same at both ends, so a
  // draw that keeps the sum within them keeps the zero draw's code. Where the angle gives the
  // draw's sign, only the end on that side counts; its radius's hash below that distance's
  // threshold keeps the draw short of it. A sum at the first of its step (m = 0, every tie) that a
  // negative draw moves by more than one raw unit (its radius's hash above the threshold of its
  // angle's bucket) and less than a step takes the code of the step below. Everything else (and
  // the 0.1% of angles without a sign) takes the full interval.
  const belowMask = settle === undefined ? 0 : settleThresholds(s)[Math.min(mask >> settle.distShift, E - 1)];
  const decideOne = settle === undefined ? interval : [
    ...get(rawSum), ...i32Const(settle.zeroFirst), op.i32Sub, ...i32Const(mask), op.i32And, ...set(dist),
    ...get(turn), ...i32Const((q - m) | 0), op.i32LtU, ...get(turn), ...i32Const((3 * q + m) | 0), op.i32GtU, op.i32Or, ...set(positive),
    ...get(turn), ...i32Const((q + m) | 0), op.i32GtU, ...get(turn), ...i32Const((3 * q - m) | 0), op.i32LtU, op.i32And, ...set(negative),
    ...get(hash1), ...belowThreshold([...i32Const(mask), ...get(dist), op.i32Sub, ...get(dist), ...get(positive), op.select]), op.i32GeU,
    ...get(positive), ...get(negative), op.i32Or, op.i32Eqz, op.i32Or, ...set(open),
    ...stepCodeOf(settle.zeroFirst, code0),
    ...get(dist), op.i32Eqz,
    op.if, EMPTY_BLOCK,
    // A tie (m = 0): the angle's distance from the nearest quarter turn picks the bucket.
    ...get(negative),
    ...get(hash1), ...get(turn), ...i32Const((3 * q) | 0), ...i32Const(q), ...get(turn), ...i32Const(0), op.i32LtS, op.select, op.i32Sub, ...set(idx),
    ...i32Const(0), ...get(idx), op.i32Sub, ...get(idx), ...get(idx), ...i32Const(0), op.i32LtS, op.select,
    ...i32Const(TIE_BUCKET_SHIFT), op.i32ShrU, ...i32Const(2), op.i32Shl, ...get(settleAt), op.i32Add, ...i32Load(4 * E), op.i32GtU, op.i32And,
    ...get(hash1), ...i32Const(belowMask), op.i32LtU, op.i32And, ...set(idx),
    ...stepCodeOf(settle.zeroFirst + 2 ** s.shift, lowTie), ...get(lowTie), ...get(code0), ...get(idx), op.select, ...set(code0),
    ...get(open), ...get(idx), op.i32Eqz, op.i32And, ...set(open),
    op.end,
    ...get(open), op.if, EMPTY_BLOCK, ...interval, op.end,
  ];
  const entry = [
    ...get(listStart), ...i32Load(0), ...set(at),
    ...get(listStart), ...i32Load(4), ...set(rawSum),
    // The lower code, as the module converted it.
    ...stepCodeOf(s.lowFirst, lowCode),
    // x: the draw's hash; hash1 its radius's, turn its angle's.
    ...get(loBase), ...get(at), ...i32Const(1), op.i32Shl, op.i32Add, ...i32Const(NOISE_HASH.lo | 0), op.i32Mul, ...get(hiMix), op.i32Xor, ...set(x),
    ...get(x), ...fmix32(turn), ...set(hash1),
    ...get(x), ...i32Const(NOISE_HASH.turnAdd | 0), op.i32Add, ...i32Const(NOISE_HASH.turnXor | 0), op.i32Xor, ...fmix32(turn), ...set(turn),
    ...decideOne,
    ...get(open),
    op.if, EMPTY_BLOCK,
    ...get(decided), ...get(at), ...i32Store(0),
    ...get(decided), ...get(rawSum), ...i32Store(4),
    ...addTo(decided, i32Const(8)),
    op.else,
    // The quad's copy += (code - lower code) x the lane's weight (exact in int32: analogRows.ts
    // bounds every quad's output at any codes).
    ...get(listStart), ...i32Load(12), ...get(finalShift), op.i32Add, ...set(dst),
    ...get(dst), ...get(dst), ...i32Load(0), ...get(code0), ...get(lowCode), op.i32Sub, ...get(listStart), ...i32Load(8), op.i32Mul, op.i32Add, ...i32Store(0),
    op.end,
    ...addTo(listStart, i32Const(ROW_LIST_BYTES)),
  ];
  return [
    // The header: the list's end, or 0 where the pre-filter ran in the quads (the list is not whole).
    ...get(decided), ...get(list), ...i32Const(0), ...get(sens), op.i32Eqz, op.select, ...i32Store(0), ...addTo(decided, i32Const(4)),
    ...get(outEnd), ...get(outStart), op.i32Sub, ...set(finalShift),
    ...get(outStart), ...set(dst),
    ...loopWhile([...get(dst), ...get(outEnd), op.i32GeU], [
      ...get(dst), ...get(finalShift), op.i32Add, ...get(dst), ...i32Load(0), ...i32Store(0), ...addTo(dst, i32Const(4)),
    ]),
    ...loopWhile([...get(listStart), ...get(list), op.i32GeU], entry),
    ...get(decided),
  ];
}

const compiled = new Map<string, WasmModule | null>();

/** The compiled module for `shape`, undefined where WebAssembly SIMD is unavailable:
 *  run(tableByte, tableEndByte, listByte, imageByte, listEndByte, decidedByte, loBase, hiMix, outByte,
 *  outEndByte, whole), addresses absolute. With tableByte = tableEndByte the sums are skipped and the list already at
 *  [listByte, listEndByte) is decided. decidedByte = 0: nothing decided, returns the list's end (whole);
 *  else returns the end of the decided entries (decide), whose header is 0 where the list is not
 *  whole (the pre-filter ran in the quads: whole = 0 and shape.settle.inQuads). */
export function rowModule(shape: RowShape): WasmModule | undefined {
  if (wasmApi === undefined) return undefined;
  const key = JSON.stringify(shape);
  let m = compiled.get(key);
  if (m === undefined) {
    const bytes = oneFunctionModule({ name: 'run', params: PARAMS, returnsI32: true, locals: [[I32_LOCALS, I32], [F64_LOCALS, F64], [V128_LOCALS, V128]], code: body(shape) });
    m = wasmApi.validate(bytes) ? new wasmApi.Module(bytes) : null;
    compiled.set(key, m);
  }
  return m ?? undefined;
}
