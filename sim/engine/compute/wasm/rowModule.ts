// The WebAssembly module of `analog` fidelity's row kernel (analogRows.ts): a read group's column
// sums as an integer GEMM of the input bit-planes (0/1) and the cells' conductance codes, then the
// conversions, in one call per pixel. Per group of rows read together:
//   - for each row whose input u is not 0, for each one bit b of u (1-bit DACs):
//     acc[b][columns] += codes[row][columns] (i32x4 adds over the row's codes; exact int32);
//   - per four columns and per plane b, the ADC codes of acc[b] at the two extremes of the read
//     noise, as uniform integer steps of the raw sum (analogRows.ts checks them equal to the float
//     arithmetic of adcConversion.ts at every step), the lower one shift-added into the column's
//     i32 output; where the two codes differ the (conversion index, raw sum) pair is listed for
//     the digital side to draw the noise of.
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
import { EMPTY_BLOCK, I32, V128, i32Const, i32x4Shuffle, localGet, localSet, memarg, oneFunctionModule, op, simd, simdOp } from '../../../../workloads/wasm/encoding.js';
import { wasmApi, type WasmModule } from './runtime.js';

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
}

// Parameters, then i32 locals, then v128 locals.
const table = 0;
const tableEnd = 1;
const list = 2;
const base = 3;
const uP = 4;
const uEnd = 5;
const cP = 6;
const stride = 7;
const atP = 8;
const outP = 9;
const u = 10;
const dst = 11;
const src = 12;
const srcEnd = 13;
const off = 14;
const a = 15;
const seen = 16;
const scaleP = 17;
const I32_LOCALS = 14;
const colSum = 18;
const raw = 19;
const low = 20;
const high = 21;
const V128_LOCALS = 4;

const get = localGet;
const set = localSet;
const i32Load = (offset: number): number[] => [op.i32Load, ...memarg(2, offset)];
const i32Store = (offset: number): number[] => [op.i32Store, ...memarg(2, offset)];
const v128Load = (offset = 0): number[] => simdOp(simd.v128Load, ...memarg(4, offset));
const v128Store = (offset = 0): number[] => simdOp(simd.v128Store, ...memarg(4, offset));
const zeroV128 = simdOp(simd.v128Const, ...new Array<number>(16).fill(0));
const addTo = (local: number, amount: number[]): number[] => [...get(local), ...amount, op.i32Add, ...set(local)];

function body(s: RowShape): number[] {
  /** The code whose first step is at `first`, four lanes of R (in `raw`). */
  const stepCode = (first: number): number[] => [
    ...get(raw), ...i32Const(first), ...simdOp(simd.i32x4Splat), ...simdOp(simd.i32x4Sub), ...i32Const(s.shift), ...simdOp(simd.i32x4ShrS),
    ...i32Const(1), ...simdOp(simd.i32x4Splat), ...simdOp(simd.i32x4Add),
    ...i32Const(0), ...simdOp(simd.i32x4Splat), ...simdOp(simd.i32x4MaxS), ...i32Const(s.topCode), ...simdOp(simd.i32x4Splat), ...simdOp(simd.i32x4MinS),
  ];
  const listQuadLane = (lane: number, b: number): number[] => [
    ...get(low), ...simdOp(simd.i32x4ExtractLane, lane), ...get(high), ...simdOp(simd.i32x4ExtractLane, lane), op.i32Ne, op.if, EMPTY_BLOCK,
    ...get(list), ...get(atP), ...get(off), op.i32Add, ...i32Load(4 * lane), ...i32Const(b), op.i32Add, ...i32Store(0),
    ...get(list), ...get(a), ...i32Load(4 * lane), ...i32Store(4),
    ...addTo(list, i32Const(8)),
    op.end,
  ];
  const convertQuad = (b: number): number[] => [
    ...stepCode(s.lowFirst), ...set(low), ...stepCode(s.highFirst), ...set(high),
    ...get(low), ...get(high), ...simdOp(simd.i32x4Ne), ...simdOp(simd.v128AnyTrue), op.if, EMPTY_BLOCK,
    ...[0, 1, 2, 3].flatMap((lane) => listQuadLane(lane, b)),
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
  const loopWhile = (cond: number[], inner: number[]): number[] => [
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK, ...cond, op.brIf, 1, ...inner, op.br, 0, op.end, op.end,
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
        ...loopWhile([...get(src), ...get(srcEnd), op.i32GeU], [
          ...get(dst), ...get(dst), ...v128Load(), ...get(src), ...v128Load(), ...simdOp(simd.i32x4Add), ...v128Store(),
          ...addTo(dst, i32Const(16)), ...addTo(src, i32Const(16)),
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
  return [...sets, ...loopWhile([...get(table), ...get(tableEnd), op.i32GeU], group), ...get(list)];
}

const compiled = new Map<string, WasmModule | null>();

/** The compiled module for `shape`: run(tableByte, tableEndByte, listByte, imageByte) -> list end
 *  (absolute addresses); undefined where WebAssembly SIMD is unavailable. */
export function rowModule(shape: RowShape): WasmModule | undefined {
  if (wasmApi === undefined) return undefined;
  const key = JSON.stringify(shape);
  let m = compiled.get(key);
  if (m === undefined) {
    const bytes = oneFunctionModule({ name: 'run', params: 4, returnsI32: true, locals: [[I32_LOCALS, I32], [V128_LOCALS, V128]], code: body(shape) });
    m = wasmApi.validate(bytes) ? new wasmApi.Module(bytes) : null;
    compiled.set(key, m);
  }
  return m ?? undefined;
}
