// The WebAssembly binary encoder shared by the reference's GEMM module and the engine's kernels:
// LEB128 immediates as the format defines them (the spec's and DWARF's worked examples), and a
// one-function module that WebAssembly itself validates and runs.
import { describe, expect, it } from 'vitest';
import { EMPTY_BLOCK, I32, f64Const, i32Const, i64Const, localGet, localSet, oneFunctionModule, op } from '../../../workloads/wasm/encoding.js';

interface Api {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (d: { initial: number }) => object;
}
const wasm = (globalThis as unknown as { WebAssembly: Api }).WebAssembly;

describe('the WebAssembly encoder', () => {
  it('writes LEB128 immediates as the format defines them', () => {
    // Unsigned: 624485 is e5 8e 26; signed: -123456 is c0 bb 78, 63 is 3f but 64 needs c0 00.
    expect(localGet(624485)).toEqual([op.localGet, 0xe5, 0x8e, 0x26]);
    expect(localSet(127)).toEqual([op.localSet, 0x7f]);
    expect(localSet(128)).toEqual([op.localSet, 0x80, 0x01]);
    expect(i32Const(-123456)).toEqual([op.i32Const, 0xc0, 0xbb, 0x78]);
    expect(i32Const(63)).toEqual([op.i32Const, 0x3f]);
    expect(i32Const(64)).toEqual([op.i32Const, 0xc0, 0x00]);
    expect(i32Const(-1)).toEqual([op.i32Const, 0x7f]);
    expect(i64Const(-64)).toEqual([op.i64Const, 0x40]);
    expect(() => i64Const(2 ** 31)).toThrow(RangeError);
    // 1.0 in IEEE 754 double, little-endian.
    expect(f64Const(1)).toEqual([op.f64Const, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
  });

  it('frames a module that WebAssembly validates and runs: sum of 1..n in a loop, with a declared local', () => {
    // (func (param n i32) (result i32) (local acc i32) acc = 0; loop { acc += n; n -= 1; br_if n != 0 } acc)
    const code = [
      ...i32Const(0), ...localSet(1),
      op.loop, EMPTY_BLOCK,
      ...localGet(1), ...localGet(0), op.i32Add, ...localSet(1),
      ...localGet(0), ...i32Const(1), op.i32Sub, ...localSet(0),
      ...localGet(0), op.brIf, 0,
      op.end,
      ...localGet(1),
    ];
    const bytes = oneFunctionModule({ name: 'sum', params: 1, returnsI32: true, locals: [[1, I32]], code });
    expect(wasm.validate(bytes)).toBe(true);
    const instance = new wasm.Instance(new wasm.Module(bytes), { env: { memory: new wasm.Memory({ initial: 1 }) } });
    const sum = instance.exports.sum as (n: number) => number;
    expect(sum(10)).toBe(55);
    expect(sum(1000)).toBe(500500);
    // Without the result type the same body leaves a value on the stack: invalid.
    expect(wasm.validate(oneFunctionModule({ name: 'sum', params: 1, locals: [[1, I32]], code }))).toBe(false);
  });
});
