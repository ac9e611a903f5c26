// The WebAssembly module of the `adc` fidelity kernel: popcount conversions over the packed image
// of packedLayout.ts. A module is generated per PackedShape with every loop over slices, DAC planes,
// cell bits and words unrolled and every constant (ADC step, top code, shift-add weights) inlined,
// so the hot path is loads, AND, popcount and adds. One call of `run(first, end)` walks the task
// records in [first, end) and adds each task's shifted ADC outputs to its column's i64 sum. In
// analog fidelity (shape.fractionBits > 0) the module converts nothing: `run(first, end, out)`
// stores every conversion's raw column sum (conductance codes x inputs) at out, in task order, for
// the digital side to add read noise to and convert.
import { EMPTY_BLOCK, I32, I64, i32Const, i64Const, memarg, op, runModuleBytes, uleb, vec } from './encoding.js';
import { wasmApi, type WasmModule } from './runtime.js';
import { TASK_BYTES, type PackedShape } from '../packedLayout.js';

// Locals: the three parameters (task, end, out: analog's raw sums; the adc module ignores it),
// then i32 scratch, then i64 scratch and the current slice's cells.
const task = 0;
const end = 1;
const out = 2;
const x = 3;
const w = 4;
const flags = 5;
const v = 6;
const conv = 7;
const ones = 8;
const I32_LOCALS = 6;
const su = 9;
const xw = 10;
const cellLocal = (k: number, word: number, words: number): number => 11 + k * words + word;

const get = (i: number): number[] => [op.localGet, ...uleb(i)];
const set = (i: number): number[] => [op.localSet, ...uleb(i)];
const i32Load = (offset: number): number[] => [op.i32Load, ...memarg(2, offset)];
const i64Load = (offset: number): number[] => [op.i64Load, ...memarg(3, offset)];
const i64Store = (offset: number): number[] => [op.i64Store, ...memarg(3, offset)];
const i32Store = (offset: number): number[] => [op.i32Store, ...memarg(2, offset)];

/** Whether a shape's constants fit the module's int32 immediates (else the caller uses the twin). */
function popModuleFits(s: PackedShape): boolean {
  const top = s.topCode * 2 ** s.lsbShift;
  const maxSum = s.words * 64 * (2 ** s.cellBits - 1) * (2 ** s.dacBits - 1);
  return s.sliceScale.every((k) => Math.abs(k) * 2 ** ((s.planes - 1) * s.dacBits) < 2 ** 31) && top < 2 ** 31 && s.slices <= 31 && maxSum < 2 ** 31;
}

function body(s: PackedShape): number[] {
  const W = s.words;
  const xOffset = (bit: number, word: number): number => (bit * W + word) * 8;
  const cellOffset = (slice: number, k: number, word: number): number => ((slice * s.cellBits + k) * W + word) * 8;
  const maskOffset = (word: number): number => (s.slices * s.cellBits * W + word) * 8;

  /** v = sum over DAC bits d, words and cell bits k of popcount(cells[k] & x[b, d]) << (k + d). */
  const columnSum = (b: number): number[] => {
    const code: number[] = [...i32Const(0), ...set(v)];
    for (let d = 0; d < s.dacBits; d++) {
      for (let word = 0; word < W; word++) {
        code.push(...get(x), ...i64Load(xOffset(b * s.dacBits + d, word)), ...set(xw));
        for (let k = 0; k < s.cellBits; k++) {
          code.push(...get(v), ...get(cellLocal(k, word, W)), ...get(xw), op.i64And, op.i64Popcnt, op.i32WrapI64);
          if (k + d > 0) code.push(...i32Const(k + d), op.i32Shl);
          code.push(op.i32Add, ...set(v));
        }
      }
    }
    return code;
  };
  /** conv = the ADC's output for v: round to the nearest step, saturate at the top code. */
  const adc = (): number[] => {
    if (s.lsbShift === 0) return [...i32Const(s.topCode), ...get(v), ...get(v), ...i32Const(s.topCode), op.i32GtU, op.select, ...set(conv)];
    return [
      ...get(v), ...i32Const(2 ** (s.lsbShift - 1)), op.i32Add, ...i32Const(s.lsbShift), op.i32ShrU, ...set(conv),
      ...i32Const(s.topCode), ...get(conv), ...get(conv), ...i32Const(s.topCode), op.i32GtU, op.select, ...i32Const(s.lsbShift), op.i32Shl, ...set(conv),
    ];
  };
  /** A flipped slice's column stored L - level: conv = L * (input ones on the read's rows) - conv. */
  const unflip = (c: number, b: number): number[] => {
    if (!s.flip) return [];
    const count: number[] = [...i32Const(0), ...set(ones)];
    for (let d = 0; d < s.dacBits; d++) {
      for (let word = 0; word < W; word++) {
        count.push(
          ...get(ones), ...get(x), ...i64Load(xOffset(b * s.dacBits + d, word)), ...get(w), ...i64Load(maskOffset(word)),
          op.i64And, op.i64Popcnt, op.i32WrapI64,
        );
        if (d > 0) count.push(...i32Const(d), op.i32Shl);
        count.push(op.i32Add, ...set(ones));
      }
    }
    return [
      ...get(flags), ...i32Const(1 << c), op.i32And, op.if, EMPTY_BLOCK,
      ...count, ...i32Const(s.maxLevel), ...get(ones), op.i32Mul, ...get(conv), op.i32Sub, ...set(conv),
      op.end,
    ];
  };
  const slices: number[] = [];
  for (let c = 0; c < s.slices; c++) {
    for (let k = 0; k < s.cellBits; k++) {
      for (let word = 0; word < W; word++) slices.push(...get(w), ...i64Load(cellOffset(c, k, word)), ...set(cellLocal(k, word, W)));
    }
    for (let b = 0; b < s.planes; b++) {
      if (s.fractionBits > 0) {
        slices.push(...columnSum(b), ...get(out), ...get(v), ...i32Store(0), ...get(out), ...i32Const(4), op.i32Add, ...set(out));
        continue;
      }
      slices.push(
        ...columnSum(b), ...adc(), ...unflip(c, b),
        ...get(su), ...get(conv), op.i64ExtendI32U, ...i64Const(s.sliceScale[c] * 2 ** (b * s.dacBits)), op.i64Mul, op.i64Add, ...set(su),
      );
    }
  }
  const taskLoop = [
    op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
    ...get(task), ...get(end), op.i32GeU, op.brIf, 1,
    ...get(task), ...i32Load(0), ...set(x),
    ...get(task), ...i32Load(4), ...set(w),
    ...get(task), ...i32Load(8), ...set(flags),
    ...i64Const(0), ...set(su),
    ...slices,
    // sums[slot] += su
    ...get(task), ...i32Load(12), ...get(task), ...i32Load(12), ...i64Load(0), ...get(su), op.i64Add, ...i64Store(0),
    ...get(task), ...i32Const(TASK_BYTES), op.i32Add, ...set(task),
    op.br, 0,
    op.end, op.end,
  ];
  const locals = vec([[...uleb(I32_LOCALS), I32], [...uleb(2 + s.cellBits * W), I64]]);
  const code = [...locals, ...taskLoop, op.end];
  return [...uleb(code.length), ...code];
}

/** The module's bytes for `shape`: imports env.memory, exports run(firstTaskByte, endTaskByte, outByte). */
function popModuleBytes(shape: PackedShape): Uint8Array {
  return runModuleBytes(3, body(shape));
}

/** Compiled modules by shape: layers of one chip share a shape, so a run compiles one or two. */
const compiled = new Map<string, WasmModule | null>();

/** The compiled module for `shape`, or undefined where WebAssembly is unavailable or the shape does not fit. */
export function popModule(shape: PackedShape): WasmModule | undefined {
  if (wasmApi === undefined || !popModuleFits(shape)) return undefined;
  const key = JSON.stringify(shape);
  let m = compiled.get(key);
  if (m === undefined) {
    const bytes = popModuleBytes(shape);
    m = wasmApi.validate(bytes) ? new wasmApi.Module(bytes) : null;
    compiled.set(key, m);
  }
  return m ?? undefined;
}
