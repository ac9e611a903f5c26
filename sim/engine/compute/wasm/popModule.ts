// The WebAssembly module of the `adc` fidelity kernel: popcount conversions over the packed image
// of packedLayout.ts. A module is generated per PackedShape with every loop over slices, DAC planes,
// cell bits and words unrolled and every constant (ADC step, top code, shift-add weights) inlined,
// so the hot path is loads, AND, popcount and adds. One call of `run(first, end)` walks the task
// records in [first, end) and adds each task's shifted ADC outputs to its column's i64 sum. In
// analog fidelity (shape.fractionBits > 0) the module converts nothing: `run(first, end, out)`
// stores every conversion's raw column sum (conductance codes x inputs) at out, in task order, for
// the digital side to add read noise to and convert. When the shape carries the ADC's constants
// (shape.convert: read noise only, no level-0 current), the module converts analog sums itself
// at both extremes of the read noise, adds the lower code like an adc conversion, and lists at out
// the (conversion, raw sum) pairs where the two codes differ, for the digital side to draw the
// noise of and correct. `run` returns the end of that list.
import { EMPTY_BLOCK, F64, I32, I64, f64Const, i32Const, i64Const, localGet, localSet, memarg, oneFunctionModule, op } from '../../../../workloads/wasm/encoding.js';
import { wasmApi, type WasmModule } from './runtime.js';
import { TASK_BYTES, type PackedShape } from '../packedLayout.js';

// Locals: the four parameters (task, end, out: analog's raw sums or list, which the adc module
// ignores; base: the image's byte offset in the memory, added to the x, cell and sum addresses of
// the task records, which are relative to the image), then i32 scratch, then i64 scratch and the
// current slice's cells.
const task = 0;
const end = 1;
const out = 2;
const base = 3;
const x = 4;
const w = 5;
const flags = 6;
const v = 7;
const conv = 8;
const ones = 9;
const I32_LOCALS = 6;
const su = 10;
const xw = 11;
const cellLocal = (k: number, word: number, words: number): number => 12 + k * words + word;
/** After the cells: the conversion counter (i32), then the analog sum and its two codes (f64). */
const convLocals = (s: PackedShape) => {
  const first = 12 + s.cellBits * s.words;
  return { at: first, level: first + 1, low: first + 2, high: first + 3 };
};

const get = localGet;
const set = localSet;
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
  /** Analog with shape.convert: conv = the lower code x lsb; list the conversion when the codes at
   *  the two noise extremes differ (the same float steps as adcConversion.ts's convert). */
  const analogAdc = (): number[] => {
    const a = s.convert!;
    const L = convLocals(s);
    const lsb = 2 ** s.lsbShift;
    const codeAt = (sign: number): number[] => [
      ...get(L.level), ...f64Const(a.noiseBound), sign < 0 ? op.f64Sub : op.f64Add,
      ...(a.gain === 1 && a.offsetLsb === 0
        ? [...f64Const(lsb), op.f64Div]
        : [...f64Const(a.gain), op.f64Mul, ...f64Const(lsb), op.f64Div, ...f64Const(a.offsetLsb), op.f64Add]),
      ...f64Const(0.5), op.f64Add, op.f64Floor, ...f64Const(s.topCode), op.f64Min, ...f64Const(0), op.f64Max,
    ];
    return [
      ...get(v), op.f64ConvertI32U, ...f64Const(2 ** -s.fractionBits), op.f64Mul, ...set(L.level),
      ...codeAt(-1), ...set(L.low), ...codeAt(1), ...set(L.high),
      ...get(L.low), op.i32TruncF64S, ...i32Const(lsb), op.i32Mul, ...set(conv),
      ...get(L.low), ...get(L.high), op.f64Ne, op.if, EMPTY_BLOCK,
      ...get(out), ...get(L.at), ...i32Store(0), ...get(out), ...get(v), ...i32Store(4),
      ...get(out), ...i32Const(8), op.i32Add, ...set(out),
      op.end,
      ...get(L.at), ...i32Const(1), op.i32Add, ...set(L.at),
    ];
  };
  const slices: number[] = [];
  for (let c = 0; c < s.slices; c++) {
    for (let k = 0; k < s.cellBits; k++) {
      for (let word = 0; word < W; word++) slices.push(...get(w), ...i64Load(cellOffset(c, k, word)), ...set(cellLocal(k, word, W)));
    }
    for (let b = 0; b < s.planes; b++) {
      if (s.fractionBits > 0 && s.convert === undefined) {
        slices.push(...columnSum(b), ...get(out), ...get(v), ...i32Store(0), ...get(out), ...i32Const(4), op.i32Add, ...set(out));
        continue;
      }
      if (s.fractionBits > 0) {
        // An analog value may be negative once unflipped: sign-extended.
        slices.push(
          ...columnSum(b), ...analogAdc(), ...unflip(c, b),
          ...get(su), ...get(conv), op.i64ExtendI32S, ...i64Const(s.sliceScale[c] * 2 ** (b * s.dacBits)), op.i64Mul, op.i64Add, ...set(su),
        );
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
    ...get(task), ...i32Load(0), ...get(base), op.i32Add, ...set(x),
    ...get(task), ...i32Load(4), ...get(base), op.i32Add, ...set(w),
    ...get(task), ...i32Load(8), ...set(flags),
    ...i64Const(0), ...set(su),
    ...slices,
    // sums[slot] += su
    ...get(task), ...i32Load(12), ...get(base), op.i32Add,
    ...get(task), ...i32Load(12), ...get(base), op.i32Add, ...i64Load(0), ...get(su), op.i64Add, ...i64Store(0),
    ...get(task), ...i32Const(TASK_BYTES), op.i32Add, ...set(task),
    op.br, 0,
    op.end, op.end,
  ];
  return [...taskLoop, ...get(out)];
}

/** The function's locals after its parameters: i32 scratch, i64 scratch and cells, the conversion counter, the analog sum and its codes. */
const locals = (s: PackedShape): [number, number][] => [[I32_LOCALS, I32], [2 + s.cellBits * s.words, I64], [1, I32], [3, F64]];

/** The module's bytes for `shape`: imports env.memory, exports
 *  run(firstTaskByte, endTaskByte, outByte, imageByte) -> outByte at the end (absolute addresses). */
function popModuleBytes(shape: PackedShape): Uint8Array {
  return oneFunctionModule({ name: 'run', params: 4, returnsI32: true, locals: locals(shape), code: body(shape) });
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
