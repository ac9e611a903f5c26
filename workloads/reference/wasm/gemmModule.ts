// The reference's int16 GEMM as a WebAssembly SIMD module: gemm(w, p, out, ocBlocks, pxPairs, rowBytes)
// computes out[px][oc] = sum over taps of W[oc][t] * P[px][t] with wrapping int32 sums, for a block
// of 4 output channels and 2 pixels at a time (8 accumulators held in locals, so each weight load
// feeds 2 products and each patch load 4).
//
// Memory layout (byte addresses, all 16-aligned; rowBytes = taps padded to 16 lanes, times 2):
// - weights at w: per block of 4 channels, the taps in 8-lane chunks interleaved by channel
//   (ch0 chunk0, ch1 chunk0, ch2 chunk0, ch3 chunk0, ch0 chunk1, ...), 4 * rowBytes per block;
// - patches at p: one row of rowBytes per pixel, pixels in pairs (pxPairs * 2 rows);
// - out at out: one row of ocBlocks * 4 int32 per pixel.
// Padded taps and channels must hold zeros in the weights (then they add nothing).
import {
  EMPTY_BLOCK, I32, V128, i32Const, i32x4Shuffle, localGet, localSet, localTee, oneFunctionModule, op, simd, simdOp, v128Load, v128Store, v128Zero,
} from '../../wasm/encoding.js';

/** int16 lanes per v128 chunk. */
export const LANES = 8;
/** Chunks per inner-loop step: rows are padded to a multiple of LANES * STEP_CHUNKS taps. */
export const STEP_CHUNKS = 2;
/** Output channels per block. */
export const BLOCK_CHANNELS = 4;

// Parameters.
const W = 0;
const P = 1;
const OUT = 2;
const OC_BLOCKS = 3;
const PX_PAIRS = 4;
const ROW_BYTES = 5;
// i32 locals.
const block = 6; // current channel block
const wBlock = 7; // its weights
const pair = 8;
const a = 9; // patch row of the pair's first pixel, then walking
const b = 10; // the second pixel's
const aEnd = 11;
const wp = 12;
const outRow = 13;
const outStride = 14;
const I32_LOCALS = 9;
// v128 locals: acc[channel][pixel], the two patch chunks, the weight chunk.
const acc = (ch: number, px: number): number => 15 + 2 * ch + px;
const x0 = 23;
const x1 = 24;
const wv = 25;
const V128_LOCALS = 11;

const add = (local: number, bytes: number[]): number[] => [...localGet(local), ...bytes, op.i32Add, ...localSet(local)];

/** One 8-lane chunk c of the step: 2 patch loads and 4 weight loads feed 8 dot products. */
function chunk(c: number): number[] {
  const code = [...localGet(a), ...v128Load(16 * c), ...localSet(x0), ...localGet(b), ...v128Load(16 * c), ...localSet(x1)];
  for (let ch = 0; ch < BLOCK_CHANNELS; ch++) {
    code.push(...localGet(wp), ...v128Load(16 * (BLOCK_CHANNELS * c + ch)), ...localSet(wv));
    for (const [px, x] of [[0, x0], [1, x1]]) {
      code.push(...localGet(acc(ch, px)), ...localGet(wv), ...localGet(x), ...simdOp(simd.i32x4DotI16x8S), ...simdOp(simd.i32x4Add), ...localSet(acc(ch, px)));
    }
  }
  return code;
}

/** Leaves on the stack [sum of lanes of acc(0, px), ..., of acc(3, px)]. */
function laneSums(px: number): number[] {
  // Two lane pairs of two vectors side by side, added: [q0+q2, q1+q3, r0+r2, r1+r3].
  const halves = (q: number, r: number): number[] => [
    ...localGet(q), ...localGet(r), ...i32x4Shuffle([0, 1, 4, 5]),
    ...localGet(q), ...localGet(r), ...i32x4Shuffle([2, 3, 6, 7]), ...simdOp(simd.i32x4Add),
  ];
  // Then even lanes plus odd lanes of the two halves: one full sum per channel.
  return [
    ...halves(acc(0, px), acc(1, px)), ...localSet(x0),
    ...halves(acc(2, px), acc(3, px)), ...localSet(x1),
    ...localGet(x0), ...localGet(x1), ...i32x4Shuffle([0, 2, 4, 6]),
    ...localGet(x0), ...localGet(x1), ...i32x4Shuffle([1, 3, 5, 7]), ...simdOp(simd.i32x4Add),
  ];
}

function gemmCode(): number[] {
  const zeroAccs: number[] = [...v128Zero()];
  for (let k = 0; k < 2 * BLOCK_CHANNELS - 1; k++) zeroAccs.push(...localTee(acc(Math.floor(k / 2), k % 2)));
  zeroAccs.push(...localSet(acc(BLOCK_CHANNELS - 1, 1)));

  const chunkLoop = [
    op.loop, EMPTY_BLOCK,
    ...Array.from({ length: STEP_CHUNKS }, (_, c) => chunk(c)).flat(),
    ...add(a, i32Const(16 * STEP_CHUNKS)),
    ...add(b, i32Const(16 * STEP_CHUNKS)),
    ...add(wp, i32Const(16 * STEP_CHUNKS * BLOCK_CHANNELS)),
    ...localGet(a), ...localGet(aEnd), op.i32LtU, op.brIf, 0,
    op.end,
  ];
  const pairLoop = [
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...localGet(pair), ...localGet(PX_PAIRS), op.i32GeU, op.brIf, 1,
    ...localGet(a), ...localGet(ROW_BYTES), op.i32Add, ...localTee(b), ...localSet(aEnd),
    ...localGet(wBlock), ...localSet(wp),
    ...zeroAccs,
    ...chunkLoop,
    // a walked onto the second pixel's row, b onto the next pair's first row.
    ...localGet(outRow), ...laneSums(0), ...v128Store(0),
    ...localGet(outRow), ...localGet(outStride), op.i32Add, ...laneSums(1), ...v128Store(0),
    ...add(outRow, [...localGet(outStride), ...localGet(outStride), op.i32Add]),
    ...localGet(b), ...localSet(a),
    ...add(pair, i32Const(1)),
    op.br, 0,
    op.end, op.end,
  ];
  return [
    ...localGet(OC_BLOCKS), ...i32Const(4), op.i32Shl, ...localSet(outStride), // 4 channels of 4 bytes per block
    ...localGet(W), ...localSet(wBlock),
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...localGet(block), ...localGet(OC_BLOCKS), op.i32GeU, op.brIf, 1,
    ...localGet(P), ...localSet(a),
    ...i32Const(0), ...localSet(pair),
    ...localGet(OUT), ...localGet(block), ...i32Const(4), op.i32Shl, op.i32Add, ...localSet(outRow),
    ...pairLoop,
    ...add(wBlock, [...localGet(ROW_BYTES), ...i32Const(2), op.i32Shl]), // 4 rows of weights per block
    ...add(block, i32Const(1)),
    op.br, 0,
    op.end, op.end,
  ];
}

/** The module's bytes: imports env.memory, exports gemm(w, p, out, ocBlocks, pxPairs, rowBytes). */
export function gemmModuleBytes(): Uint8Array {
  return oneFunctionModule({ name: 'gemm', params: 6, locals: [[I32_LOCALS, I32], [V128_LOCALS, V128]], code: gemmCode() });
}
