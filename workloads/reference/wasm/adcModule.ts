// The ADC-aware reference's conversion kernel as a WebAssembly SIMD module, one per shape (DAC
// planes, cell bits): adc(prog, segments, q, out, half, shift, top) computes, for 16 output pixels
// of one output channel, the shift-added sum of every converted column sum of the channel. The
// dense driver uses it turned around (adcDenseKernel.ts): 16 output channels in the lanes.
//
// Memory (byte addresses):
// - q: the pixel block's plane matrix, one row of planes x 16 bytes per patch position: byte
//   16 b + j of a row is DAC plane b of pixel j's value there (u8 lanes, one per pixel); in the
//   nibble variant (1-bit planes), planes / 2 x 16 bytes, plane b + planes/2 in the high nibbles;
// - prog: the channel's segments (one per read and weight slice), i32 words: per cell bit k, a
//   count n then n byte offsets into q (the rows whose stored level has bit k), then per plane b
//   the signed weight of that plane's conversion (slice weight x 2^(b dacBits), negated when the
//   slice is flipped), int16 or, in the wide variant, int32;
// - out: 16 int32, one per pixel.
// Per segment and plane, the column sum v = sum over k of 2^k x (the plane bytes summed over list
// k) goes through the ADC: min(top, ((v + half) >> shift) << shift), with top the full scale in
// column units; then it is multiplied by its weight and summed. The caller guarantees that a
// list's byte sums fit 8 bits and v + half fits 15; int32 sums wrap, like the caller's | 0.
//
// Level rows (the channel-lane driver, adcChannelLanes.ts): a row's bytes hold whole stored levels
// (0..2^cellBits - 1), not one bit of them, and a segment has one list, not one per cell bit: v is
// the levels summed over the list, in runs short enough for their byte sums, each run widened into
// v. Half the row additions of bit lists for 2-bit cells.
import {
  EMPTY_BLOCK, I32, V128, i32Const, localGet, localSet, localTee, memarg, oneFunctionModule, op, simd, simdOp, v128Load, v128Store, v128Zero,
} from '../../wasm/encoding.js';

/** i32.load at a constant byte offset from the address on the stack (4-byte aligned). */
const i32Load = (offset: number): number[] => [op.i32Load, ...memarg(2, offset)];

/** Output pixels per call: the u8 lanes of a v128. */
export const ADC_PIXELS = 16;

// Parameters.
const PROG = 0;
const SEGMENTS = 1;
const Q = 2;
const OUT = 3;
const HALF = 4;
const SHIFT = 5;
const TOP = 6;
// i32 locals.
const pp = 7; // walks the program
const end = 8; // end of the current list
const off = 9; // address of a row of q
const I32_LOCALS = 3;
// v128 locals.
const halfV = 10;
const topV = 11;
const conv = 12;
const weight = 13;
const acc = (i: number): number => 14 + i; // 4: pixels 4i..4i+3
const sums = (b: number): number => 18 + b; // per plane: the u8 sums of the current list
const low = (planes: number, b: number): number => 18 + planes + b; // per plane: v of pixels 0-7 (i16)
const high = (planes: number, b: number): number => 18 + 2 * planes + b; // of pixels 8-15

// Nibble rows (1-bit DACs, an even plane count): byte v of a row holds plane v in its low nibble
// and plane v + planes/2 in its high one; a list is summed 15 rows at a time into nibbles, then
// split into the byte sums.
const nibbles = (planes: number, v: number): number => 18 + 3 * planes + v;
const nibbleMask = (planes: number): number => 18 + 3 * planes + planes / 2;
/** Rows summed into nibbles before they are split: 15 x 1 fits a nibble. */
const NIBBLE_ROWS = 15;
/** The i32 local after the v128 ones: where the current run of nibble rows ends. */
const runEnd = (planes: number, nibbleRows: boolean): number => 10 + v128Locals(planes, nibbleRows);
/** Rows of levels up to `cellBits` bits whose byte sums stay under 256. */
const levelRun = (cellBits: number): number => Math.floor(255 / (2 ** cellBits - 1));
const v128Locals = (planes: number, nibbleRows: boolean): number => 8 + 3 * planes + (nibbleRows ? planes / 2 + 1 : 0);

const add = (local: number, bytes: number[]): number[] => [...localGet(local), ...bytes, op.i32Add, ...localSet(local)];

/** Adds each row of the list at pp (count, then byte offsets into q) to sums(b); pp moves past it. */
function sumList(planes: number, nibbleRows: boolean): number[] {
  const code: number[] = [...v128Zero()];
  for (let b = 0; b < planes - 1; b++) code.push(...localTee(sums(b)));
  code.push(...localSet(sums(planes - 1)));
  // end = pp + 4 + 4 n; pp past the count.
  code.push(...localGet(pp), ...i32Load(0), ...i32Const(2), op.i32Shl, ...localGet(pp), op.i32Add, ...i32Const(4), op.i32Add, ...localSet(end));
  code.push(...add(pp, i32Const(4)));
  const vectors = nibbleRows ? planes / 2 : planes;
  const target = (v: number): number => (nibbleRows ? nibbles(planes, v) : sums(v));
  // The rows from pp up to `until`, each added to target(v).
  const rows = (until: number): number[] => {
    const loop = [op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
      ...localGet(pp), ...localGet(until), op.i32GeU, op.brIf, 1,
      ...localGet(pp), ...i32Load(0), ...localGet(Q), op.i32Add, ...localSet(off)];
    for (let v = 0; v < vectors; v++) {
      loop.push(...localGet(target(v)), ...localGet(off), ...v128Load(16 * v), ...simdOp(simd.i8x16Add), ...localSet(target(v)));
    }
    loop.push(...add(pp, i32Const(4)), op.br, 0, op.end, op.end);
    return loop;
  };
  if (!nibbleRows) return [...code, ...rows(end)];
  const run = runEnd(planes, true);
  code.push(op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK, ...localGet(pp), ...localGet(end), op.i32GeU, op.brIf, 1);
  // runEnd = min(end, pp + 4 x 15).
  const ppPlusRun = [...localGet(pp), ...i32Const(4 * NIBBLE_ROWS), op.i32Add];
  code.push(...localGet(end), ...ppPlusRun, ...localGet(end), ...ppPlusRun, op.i32LtU, op.select, ...localSet(run));
  code.push(...v128Zero());
  for (let v = 0; v < vectors - 1; v++) code.push(...localTee(nibbles(planes, v)));
  code.push(...localSet(nibbles(planes, vectors - 1)), ...rows(run));
  // Split: low nibbles to planes 0..vectors-1, high nibbles to the rest.
  for (let v = 0; v < vectors; v++) {
    const mask = [...localGet(nibbleMask(planes)), ...simdOp(simd.v128And)];
    code.push(...localGet(sums(v)), ...localGet(nibbles(planes, v)), ...mask, ...simdOp(simd.i8x16Add), ...localSet(sums(v)));
    const high = [...localGet(nibbles(planes, v)), ...i32Const(4), ...simdOp(simd.i16x8ShrU), ...mask];
    code.push(...localGet(sums(v + vectors)), ...high, ...simdOp(simd.i8x16Add), ...localSet(sums(v + vectors)));
  }
  code.push(op.br, 0, op.end, op.end);
  return code;
}

/** Sums list k's plane rows into sums(b), then adds them, times 2^k, to low(b) and high(b). */
function list(k: number, planes: number, nibbleRows: boolean): number[] {
  const code = sumList(planes, nibbleRows);
  for (let b = 0; b < planes; b++) {
    for (const [half, extend] of [[low(planes, b), simd.i16x8ExtendLowI8x16U], [high(planes, b), simd.i16x8ExtendHighI8x16U]]) {
      const widened = [...localGet(sums(b)), ...simdOp(extend), ...(k > 0 ? [...i32Const(k), ...simdOp(simd.i16x8Shl)] : [])];
      if (k === 0) code.push(...widened, ...localSet(half));
      else code.push(...localGet(half), ...widened, ...simdOp(simd.i16x8Add), ...localSet(half));
    }
  }
  return code;
}

/** Level rows: the list at pp summed into low(b) and high(b), `run` rows at a time; pp moves past it. */
function levelList(planes: number, run: number): number[] {
  const code: number[] = [...v128Zero()];
  for (let b = 0; b < planes; b++) code.push(...localTee(low(planes, b)), ...(b < planes - 1 ? localTee(high(planes, b)) : localSet(high(planes, b))));
  code.push(...localGet(pp), ...i32Load(0), ...i32Const(2), op.i32Shl, ...localGet(pp), op.i32Add, ...i32Const(4), op.i32Add, ...localSet(end));
  code.push(...add(pp, i32Const(4)));
  const until = runEnd(planes, false);
  code.push(op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK, ...localGet(pp), ...localGet(end), op.i32GeU, op.brIf, 1);
  // runEnd = min(end, pp + 4 run).
  const ppPlusRun = [...localGet(pp), ...i32Const(4 * run), op.i32Add];
  code.push(...localGet(end), ...ppPlusRun, ...localGet(end), ...ppPlusRun, op.i32LtU, op.select, ...localSet(until));
  code.push(...v128Zero());
  for (let b = 0; b < planes - 1; b++) code.push(...localTee(sums(b)));
  code.push(...localSet(sums(planes - 1)));
  code.push(op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...localGet(pp), ...localGet(until), op.i32GeU, op.brIf, 1,
    ...localGet(pp), ...i32Load(0), ...localGet(Q), op.i32Add, ...localSet(off));
  for (let b = 0; b < planes; b++) code.push(...localGet(sums(b)), ...localGet(off), ...v128Load(16 * b), ...simdOp(simd.i8x16Add), ...localSet(sums(b)));
  code.push(...add(pp, i32Const(4)), op.br, 0, op.end, op.end);
  for (let b = 0; b < planes; b++) {
    for (const [half, extend] of [[low(planes, b), simd.i16x8ExtendLowI8x16U], [high(planes, b), simd.i16x8ExtendHighI8x16U]]) {
      code.push(...localGet(half), ...localGet(sums(b)), ...simdOp(extend), ...simdOp(simd.i16x8Add), ...localSet(half));
    }
  }
  code.push(op.br, 0, op.end, op.end);
  return code;
}

/**
 * Converts each plane's v, weights it and adds it to the accumulators; pp moves past the weights.
 * Weights in i16 multiply in one extmul; `wide` weights (16-bit inputs and weights) widen v to
 * i32 first and multiply modulo 2^32.
 */
function convert(planes: number, wide: boolean): number[] {
  const code: number[] = [];
  for (let b = 0; b < planes; b++) {
    code.push(...localGet(pp), ...i32Load(4 * b), ...simdOp(wide ? simd.i32x4Splat : simd.i16x8Splat), ...localSet(weight));
    [low(planes, b), high(planes, b)].forEach((v, h) => {
      code.push(
        ...localGet(v), ...localGet(halfV), ...simdOp(simd.i16x8Add), ...localGet(SHIFT), ...simdOp(simd.i16x8ShrU),
        ...localGet(SHIFT), ...simdOp(simd.i16x8Shl), ...localGet(topV), ...simdOp(simd.i16x8MinU), ...localSet(conv),
      );
      const halves = wide
        ? [[2 * h, simd.i32x4ExtendLowI16x8S], [2 * h + 1, simd.i32x4ExtendHighI16x8S]]
        : [[2 * h, simd.i32x4ExtmulLowI16x8S], [2 * h + 1, simd.i32x4ExtmulHighI16x8S]];
      for (const [i, extOp] of halves) {
        const product = wide
          ? [...localGet(conv), ...simdOp(extOp), ...localGet(weight), ...simdOp(simd.i32x4Mul)]
          : [...localGet(conv), ...localGet(weight), ...simdOp(extOp)];
        code.push(...localGet(acc(i)), ...product, ...simdOp(simd.i32x4Add), ...localSet(acc(i)));
      }
    });
  }
  code.push(...add(pp, i32Const(4 * planes)));
  return code;
}

function adcCode(planes: number, cellBits: number, wide: boolean, nibbleRows: boolean, levelRows: boolean): number[] {
  const code: number[] = [
    ...v128Zero(), ...localTee(acc(0)), ...localTee(acc(1)), ...localTee(acc(2)), ...localSet(acc(3)),
    ...localGet(HALF), ...simdOp(simd.i16x8Splat), ...localSet(halfV),
    ...localGet(TOP), ...simdOp(simd.i16x8Splat), ...localSet(topV),
    ...localGet(PROG), ...localSet(pp),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...localGet(SEGMENTS), op.i32Eqz, op.brIf, 1,
  ];
  if (nibbleRows) code.push(...simdOp(simd.v128Const, ...new Array<number>(16).fill(0x0f)), ...localSet(nibbleMask(planes)));
  if (levelRows) code.push(...levelList(planes, levelRun(cellBits)));
  else for (let k = 0; k < cellBits; k++) code.push(...list(k, planes, nibbleRows));
  code.push(...convert(planes, wide));
  code.push(...localGet(SEGMENTS), ...i32Const(1), op.i32Sub, ...localSet(SEGMENTS), op.br, 0, op.end, op.end);
  for (let i = 0; i < 4; i++) code.push(...localGet(OUT), ...localGet(acc(i)), ...v128Store(16 * i));
  return code;
}

/** The module's bytes: imports env.memory, exports adc(prog, segments, q, out, half, shift, top). Level rows exclude nibble rows. */
export function adcModuleBytes(planes: number, cellBits: number, wide: boolean, nibbleRows: boolean, levelRows = false): Uint8Array {
  const nibbles = nibbleRows && !levelRows;
  const locals: [number, number][] = [[I32_LOCALS, I32], [v128Locals(planes, nibbles), V128], [1, I32]];
  return oneFunctionModule({ name: 'adc', params: 7, locals, code: adcCode(planes, cellBits, wide, nibbles, levelRows) });
}
