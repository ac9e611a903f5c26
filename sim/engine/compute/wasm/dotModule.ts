// The WebAssembly SIMD int16 dot-product module of the exact kernel, encoded from named opcodes.
// One call of `run(first, end)` walks a table of tasks in the module's (imported) memory; a task is
// four weight columns that share one input vector range, so each input load feeds four products.
import { EMPTY_BLOCK, I32, V128, i32Const, i32x4Shuffle, localGet, localSet, localTee, memarg, oneFunctionModule, op, simd, simdOp, v128Load } from '../../../../workloads/wasm/encoding.js';
import { wasmApi, type WasmModule } from './runtime.js';

/** int16 lanes per v128: rows are processed in chunks of this many. */
export const CHUNK_LANES = 8;
export const CHUNK_BYTES = CHUNK_LANES * 2;
/** Chunks per loop step: a task's rows are padded to a whole number of steps. */
export const CHUNKS_PER_STEP = 2;
/** Weight columns per task (a multiple of 4): each input chunk loaded feeds this many products. */
export const TASK_COLUMNS = 4;
/**
 * Task record, int32 byte addresses: [weights, vector, weightsEnd, acc of each column, unused].
 * Weights of the task's columns are interleaved per chunk (col0 8 lanes, col1, ..., next chunk),
 * zero-padded to whole steps, so a task needs no tail loop and reads no stray weight.
 */
export const TASK_INTS = 4 + TASK_COLUMNS;
export const TASK_BYTES = TASK_INTS * 4;

// Locals: parameters first, then declared locals.
const task = 0;
const end = 1;
const w = 2;
const v = 3;
const wEnd = 4;
const acc = 5;
/** One i32x4 accumulator per column of the task, then the input chunk. */
const s = Array.from({ length: TASK_COLUMNS }, (_, k) => 6 + k);
const x = 6 + TASK_COLUMNS;
const lanes = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

const get = localGet;
const set = localSet;
const tee = localTee;
const i32Load = (offset: number): number[] => [op.i32Load, ...memarg(2, offset)];
const i32Store = (offset: number): number[] => [op.i32Store, ...memarg(2, offset)];

/**
 * i32x4.dot_i16x8_s adds pairs of exact int16 products; all sums wrap modulo 2^32, as the
 * TypeScript twin's `(sum + Math.imul(a, b)) | 0` does, so both give the same int32 whatever the
 * order of addition. (They never wrap in practice: int8 codes and int8 zero points give |w|, |v| <=
 * 255, so even a 3x3x512 patch sums to less than 4608 * 255^2 < 2^29.)
 */
function code(): number[] {
  // Each step of the loop takes CHUNKS_PER_STEP chunks, so the pointer updates and the branch are
  // paid once per 64 multiply-adds.
  const chunk = (c: number): number[] => [
    ...get(v), ...v128Load(CHUNK_BYTES * c), ...set(x),
    ...lanes(TASK_COLUMNS).flatMap((k) => [
      ...get(s[k]), ...get(w), ...v128Load(CHUNK_BYTES * (TASK_COLUMNS * c + k)), ...get(x),
      ...simdOp(simd.i32x4DotI16x8S), ...simdOp(simd.i32x4Add), ...set(s[k]),
    ]),
  ];
  const chunkLoop = [
    op.loop, EMPTY_BLOCK,
    ...Array.from({ length: CHUNKS_PER_STEP }, (_, c) => chunk(c)).flat(),
    ...get(v), ...i32Const(CHUNK_BYTES * CHUNKS_PER_STEP), op.i32Add, ...set(v),
    ...get(w), ...i32Const(CHUNK_BYTES * TASK_COLUMNS * CHUNKS_PER_STEP), op.i32Add, ...tee(w),
    ...get(wEnd), op.i32LtU, op.brIf, 0,
    op.end,
  ];
  // Per four columns, transpose-and-add [a, b, c, d] into one vector of their four lane sums (in a).
  const reduce = lanes(TASK_COLUMNS / 4).flatMap((g) => {
    const [a, b, c, d] = s.slice(4 * g, 4 * g + 4);
    const pairs = (p: number, q: number, lo: [number, number, number, number], hi: [number, number, number, number]): number[] => [
      ...get(p), ...get(q), ...i32x4Shuffle(lo), ...get(p), ...get(q), ...i32x4Shuffle(hi), ...simdOp(simd.i32x4Add),
    ];
    return [
      ...pairs(a, b, [0, 4, 1, 5], [2, 6, 3, 7]), ...set(a),
      ...pairs(c, d, [0, 4, 1, 5], [2, 6, 3, 7]), ...set(c),
      ...pairs(a, c, [0, 1, 4, 5], [2, 3, 6, 7]), ...set(a),
    ];
  });
  // acc[k] += column k's sum, through the address the task names (padding columns name a dummy slot).
  const store = lanes(TASK_COLUMNS).flatMap((k) => [
    ...get(task), ...i32Load(12 + 4 * k), ...tee(acc), ...get(acc), ...i32Load(0),
    ...get(s[4 * Math.floor(k / 4)]), ...simdOp(simd.i32x4ExtractLane, k % 4), op.i32Add, ...i32Store(0),
  ]);
  const taskLoop = [
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...get(task), ...get(end), op.i32GeU, op.brIf, 1,
    ...get(task), ...i32Load(0), ...set(w),
    ...get(task), ...i32Load(4), ...set(v),
    ...get(task), ...i32Load(8), ...set(wEnd),
    ...simdOp(simd.v128Const, ...new Array<number>(16).fill(0)), ...s.slice(1).flatMap(tee), ...set(s[0]),
    ...chunkLoop,
    ...reduce,
    ...store,
    ...get(task), ...i32Const(TASK_BYTES), op.i32Add, ...set(task),
    op.br, 0,
    op.end, op.end,
  ];
  return taskLoop;
}

/** The module's bytes: imports env.memory, exports run(firstTaskByte, endTaskByte). */
function dotModuleBytes(): Uint8Array {
  return oneFunctionModule({ name: 'run', params: 2, locals: [[4, I32], [TASK_COLUMNS + 1, V128]], code: code() });
}

/** The compiled module, or undefined where WebAssembly SIMD is unavailable (validation fails). */
export function compileDotModule(): WasmModule | undefined {
  if (wasmApi === undefined) return undefined;
  const bytes = dotModuleBytes();
  return wasmApi.validate(bytes) ? new wasmApi.Module(bytes) : undefined;
}
