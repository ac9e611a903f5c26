// A small WebAssembly binary encoder: opcodes by their spec names, LEB128 integers and the framing
// of a one-function module, so kernels are written in readable TypeScript with no build step.
// It is the binary format only, not arithmetic: the integer reference's GEMM module
// (workloads/reference/wasm) and the engine's kernels (sim/engine/compute/wasm) both write their
// own instructions with it, and share no kernel code (docs/architecture.md).

/** Value types. */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Core opcodes (one byte). */
export const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  return: 0x0f,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i64Load: 0x29,
  i32Store: 0x36,
  i64Store: 0x37,
  i32Const: 0x41,
  i64Const: 0x42,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtS: 0x48,
  i32LtU: 0x49,
  i32GtS: 0x4a,
  i32GtU: 0x4b,
  i32GeU: 0x4f,
  i32Ctz: 0x68,
  i32Popcnt: 0x69,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Or: 0x72,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32ShrS: 0x75,
  i32ShrU: 0x76,
  i64Popcnt: 0x7b,
  i64Add: 0x7c,
  i64Mul: 0x7e,
  i64And: 0x83,
  i64ShrS: 0x87,
  i64LtS: 0x53,
  i64GtS: 0x55,
  i32WrapI64: 0xa7,
  i64ExtendI32S: 0xac,
  i64ExtendI32U: 0xad,
  f64Const: 0x44,
  f64Ne: 0x62,
  f64Neg: 0x9a,
  f64Floor: 0x9c,
  f64Sqrt: 0x9f,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Div: 0xa3,
  f64Min: 0xa4,
  f64Max: 0xa5,
  i32TruncF64S: 0xaa,
  f64ConvertI32S: 0xb7,
  f64ConvertI32U: 0xb8,
} as const;

/** SIMD opcodes: written after the 0xfd prefix as an unsigned LEB128. */
export const simd = {
  v128Load: 0,
  v128Store: 11,
  v128Const: 12,
  i8x16Shuffle: 13,
  i32x4ExtractLane: 27,
  i32x4ReplaceLane: 28,
  v128Load32Lane: 86,
  i32x4Splat: 17,
  i16x8Splat: 16,
  v128And: 78,
  v128AndNot: 79,
  v128Or: 80,
  v128Xor: 81,
  v128Bitselect: 82,
  i8x16Add: 110,
  i16x8ExtendLowI8x16U: 137,
  i16x8ExtendHighI8x16U: 138,
  i16x8Shl: 139,
  i16x8ShrU: 141,
  i16x8Add: 142,
  i16x8MinU: 151,
  i32x4ExtendLowI16x8S: 167,
  i32x4ExtendHighI16x8S: 168,
  i32x4Eq: 55,
  i32x4Ne: 56,
  i32x4LtS: 57,
  i32x4LtU: 58,
  i32x4GtU: 60,
  v128AnyTrue: 83,
  i32x4Abs: 160,
  i32x4Shl: 171,
  i32x4ShrS: 172,
  i32x4ShrU: 173,
  i32x4Add: 174,
  i32x4Sub: 177,
  i32x4Mul: 181,
  i32x4MinS: 182,
  i32x4MinU: 183,
  i32x4MaxS: 184,
  i32x4DotI16x8S: 186,
  i32x4ExtmulLowI16x8S: 188,
  i32x4ExtmulHighI16x8S: 189,
} as const;

const SIMD_PREFIX = 0xfd;
/** Block type of a block or loop that takes and leaves nothing. */
export const EMPTY_BLOCK = 0x40;

function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb(bytes.length), ...bytes];
}

/** A vector: element count, then the elements. */
function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/** Memory access immediate: log2 alignment and byte offset. */
export function memarg(alignLog2: number, offset: number): number[] {
  return [...uleb(alignLog2), ...uleb(offset)];
}

export function simdOp(code: number, ...immediates: number[]): number[] {
  return [SIMD_PREFIX, ...uleb(code), ...immediates];
}

export const localGet = (i: number): number[] => [op.localGet, ...uleb(i)];
export const localSet = (i: number): number[] => [op.localSet, ...uleb(i)];
export const localTee = (i: number): number[] => [op.localTee, ...uleb(i)];

export function i32Const(value: number): number[] {
  return [op.i32Const, ...sleb(value)];
}

/** i64.const of a value within int32 (sleb works on 32-bit integers). */
export function i64Const(value: number): number[] {
  if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31) throw new RangeError(`i64Const: ${value} is outside int32`);
  return [op.i64Const, ...sleb(value)];
}

/** f64.const: the value's IEEE 754 bytes, little-endian. */
export function f64Const(value: number): number[] {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, value, true);
  return [op.f64Const, ...bytes];
}

/** v128.load / v128.store at a constant byte offset from the address on the stack (16-byte aligned). */
export const v128Load = (offset: number): number[] => simdOp(simd.v128Load, ...memarg(4, offset));
export const v128Store = (offset: number): number[] => simdOp(simd.v128Store, ...memarg(4, offset));
/** v128.const of sixteen zero bytes. */
export const v128Zero = (): number[] => simdOp(simd.v128Const, ...new Array<number>(16).fill(0));

/** i8x16.shuffle picking whole i32 lanes: indices 0-3 from the first operand, 4-7 from the second. */
export function i32x4Shuffle(lanes: readonly [number, number, number, number]): number[] {
  return simdOp(simd.i8x16Shuffle, ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]));
}

const MAGIC_AND_VERSION = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

const SECTION = { type: 1, import: 2, function: 3, export: 7, code: 10 } as const;
const FUNC_TYPE = 0x60;
const EXTERNAL = { func: 0x00, memory: 0x02 } as const;

interface OneFunction {
  /** The exported function's name. */
  readonly name: string;
  /** Its i32 parameters (locals 0 to params - 1). */
  readonly params: number;
  /** Whether it returns one i32 (left on the stack by `code`). */
  readonly returnsI32?: boolean;
  /** Its other locals, as runs of [count, value type]. */
  readonly locals: readonly (readonly [number, number])[];
  /** Its instructions, without the final `end`. */
  readonly code: readonly number[];
}

/** A module of one exported function over an imported env.memory. */
export function oneFunctionModule(f: OneFunction): Uint8Array {
  const body = [...vec(f.locals.map(([count, type]) => [...uleb(count), type])), ...f.code, op.end];
  return new Uint8Array([
    ...MAGIC_AND_VERSION,
    ...section(SECTION.type, vec([[FUNC_TYPE, ...vec(Array.from({ length: f.params }, () => [I32])), ...vec(f.returnsI32 ? [[I32]] : [])]])),
    ...section(SECTION.import, vec([[...name('env'), ...name('memory'), EXTERNAL.memory, 0x00, ...uleb(0)]])),
    ...section(SECTION.function, vec([uleb(0)])),
    ...section(SECTION.export, vec([[...name(f.name), EXTERNAL.func, ...uleb(0)]])),
    ...section(SECTION.code, vec([[...uleb(body.length), ...body]])),
  ]);
}
