// The few pieces of the WebAssembly binary format the reference's modules need (the int16 GEMM and
// the ADC-aware kernel): opcodes by their spec names, LEB128 integers and the section framing of a
// one-function module. Written for the reference alone: it shares nothing with the engine's kernels (docs/architecture.md).

/** Value types. */
export const TYPE_I32 = 0x7f;
export const TYPE_V128 = 0x7b;
/** Block type of a block or loop with no parameters and no results. */
export const VOID_BLOCK = 0x40;

/** One-byte core opcodes. */
export const OP = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32GeU: 0x4f,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Shl: 0x74,
} as const;

/** SIMD opcodes, written after the 0xfd prefix as unsigned LEB128. */
export const SIMD = {
  load: 0x00,
  store: 0x0b,
  const: 0x0c,
  shuffle: 0x0d,
  v128And: 0x4e,
  i16x8Splat: 0x10,
  i32x4Splat: 0x11,
  i8x16Add: 0x6e,
  i16x8ExtendLowI8x16U: 0x89,
  i16x8ExtendHighI8x16U: 0x8a,
  i16x8Shl: 0x8b,
  i16x8ShrU: 0x8d,
  i16x8Add: 0x8e,
  i16x8MinU: 0x97,
  i32x4ExtendLowI16x8S: 0xa7,
  i32x4ExtendHighI16x8S: 0xa8,
  i32x4Add: 0xae,
  i32x4Mul: 0xb5,
  i32x4DotI16x8S: 0xba,
  i32x4ExtmulLowI16x8S: 0xbc,
  i32x4ExtmulHighI16x8S: 0xbd,
} as const;

function unsignedLeb(n: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const low = n & 0x7f;
    n >>>= 7;
    if (n === 0) {
      bytes.push(low);
      return bytes;
    }
    bytes.push(low | 0x80);
  }
}

function signedLeb(n: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const low = n & 0x7f;
    n >>= 7;
    const last = (n === 0 && (low & 0x40) === 0) || (n === -1 && (low & 0x40) !== 0);
    bytes.push(last ? low : low | 0x80);
    if (last) return bytes;
  }
}

export const i32Const = (n: number): number[] => [OP.i32Const, ...signedLeb(n)];
export const localGet = (i: number): number[] => [OP.localGet, ...unsignedLeb(i)];
export const localSet = (i: number): number[] => [OP.localSet, ...unsignedLeb(i)];
export const localTee = (i: number): number[] => [OP.localTee, ...unsignedLeb(i)];

/** A SIMD instruction with its immediates. */
export const simd = (code: number, ...immediates: number[]): number[] => [0xfd, ...unsignedLeb(code), ...immediates];
/** v128.load / v128.store at a constant byte offset from the address on the stack (16-byte aligned). */
export const v128Load = (offset: number): number[] => simd(SIMD.load, 4, ...unsignedLeb(offset));
export const v128Store = (offset: number): number[] => simd(SIMD.store, 4, ...unsignedLeb(offset));
/** i32.load at a constant byte offset from the address on the stack (4-byte aligned). */
export const i32Load = (offset: number): number[] => [OP.i32Load, 2, ...unsignedLeb(offset)];
export const v128Zero = (): number[] => simd(SIMD.const, ...new Array<number>(16).fill(0));

/** i8x16.shuffle choosing four whole i32 lanes: 0-3 from the first operand, 4-7 from the second. */
export function pickI32Lanes(lanes: readonly [number, number, number, number]): number[] {
  return simd(SIMD.shuffle, ...lanes.flatMap((lane) => [0, 1, 2, 3].map((b) => 4 * lane + b)));
}

function withLength(bytes: number[]): number[] {
  return [...unsignedLeb(bytes.length), ...bytes];
}

function text(s: string): number[] {
  return withLength([...new TextEncoder().encode(s)]);
}

/**
 * A module that imports `env.memory` and exports one function `name` taking `params` i32 and
 * returning nothing; `locals` are its declared locals as [count, type] runs, `code` its body.
 */
export function oneFunctionModule(name: string, params: number, locals: readonly [number, number][], code: readonly number[]): Uint8Array {
  const section = (id: number, content: number[]): number[] => [id, ...withLength(content)];
  const funcType = [0x60, ...unsignedLeb(params), ...new Array<number>(params).fill(TYPE_I32), 0];
  const memoryImport = [...text('env'), ...text('memory'), 0x02, 0x00, 0x00];
  const body = withLength([...unsignedLeb(locals.length), ...locals.flatMap(([count, type]) => [...unsignedLeb(count), type]), ...code, OP.end]);
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, ...funcType]),
    ...section(2, [1, ...memoryImport]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...text(name), 0x00, 0]),
    ...section(10, [1, ...body]),
  ]);
}
