// The int8 .npy writer: what it writes the reader (and numpy) reads back, the header padded so the
// data starts on a 64-byte boundary, and a file appears whole or not at all.
import { describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeNpyInt8, parseNpyInt8, readNpyInt8, writeNpyInt8 } from '../../../workloads/onnx/npy.js';
import { OhmflowError } from '../../../workloads/errors.js';

describe('int8 .npy writer', () => {
  test.each([[[10]], [[2, 10]], [[1, 3, 4, 5]], [[0]]])('round-trips shape %j through the reader', (shape) => {
    const n = shape.reduce((p, d) => p * d, 1);
    const data = Int8Array.from({ length: n }, (_, i) => ((i * 37) % 256) - 128);
    const bytes = encodeNpyInt8(shape, data);
    const back = parseNpyInt8(bytes, 'mem.npy');
    expect(back.shape).toEqual(shape);
    expect(back.data).toEqual(data);
  });

  test('the header ends with a newline at a multiple of 64 bytes and says |i1, C order', () => {
    const bytes = encodeNpyInt8([3, 7], new Int8Array(21));
    const headerLength = bytes[8] + 256 * bytes[9];
    expect((10 + headerLength) % 64).toBe(0);
    const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
    expect(header.endsWith('\n')).toBe(true);
    expect(header).toContain("'descr': '|i1'");
    expect(header).toContain("'fortran_order': False");
    expect(header).toContain("'shape': (3, 7)");
    expect(new TextDecoder().decode(encodeNpyInt8([5], new Int8Array(5)))).toContain("'shape': (5,)");
  });

  test('refuses data that does not fill the shape', () => {
    expect(() => encodeNpyInt8([2, 2], new Int8Array(3))).toThrow(RangeError);
  });

  test('writes through a temporary file and leaves nothing behind when the directory is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohmflow-npy-'));
    const file = join(dir, 'y.npy');
    writeNpyInt8(file, [2], Int8Array.of(-1, 5));
    expect(readNpyInt8(file).data).toEqual(Int8Array.of(-1, 5));
    expect(readdirSync(dir)).toEqual(['y.npy']);
    const missing = join(dir, 'no', 'such', 'z.npy');
    expect(() => writeNpyInt8(missing, [2], Int8Array.of(1, 2))).toThrow(OhmflowError);
    expect(existsSync(missing)).toBe(false);
  });
});
