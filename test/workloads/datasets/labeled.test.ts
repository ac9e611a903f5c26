// Labelled datasets for `ohmflow accuracy` (workloads/datasets/labeled.ts): int8 images as they
// are, uint8 images shifted by -128, labels of any integer dtype; a shape that does not fit the
// network, labels of another length or outside the classes are OhmflowErrors naming the file.
import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mnistDataset, mnistSizeFor, npyDataset, readNpyIntegers } from '../../../workloads/datasets/index.js';
import { isOhmflowError } from '../../../workloads/errors.js';

/** .npy version 1.0 bytes of any dtype from raw little-endian data. */
function npy(descr: string, shape: readonly number[], data: Uint8Array): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(new TextEncoder().encode(header), 10);
  out.set(data, 10 + header.length);
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'ohmflow-labeled-'));
function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}
const int64 = (xs: readonly number[]) => new Uint8Array(BigInt64Array.from(xs.map(BigInt)).buffer);

function error(f: () => unknown): { field?: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isOhmflowError(e)) return e;
    throw e;
  }
  throw new Error('expected an OhmflowError');
}

describe('npyDataset', () => {
  const shape = [1, 2, 2];
  const labels = file('labels.npy', npy('<i8', [3], int64([0, 2, 1])));
  /** The network input's quantization, used only for float images: +-1 maps to +-127. */
  const QUANT = { scale: 1 / 127, zeroPoint: 0 };

  test('int8 images as they are, int64 labels', () => {
    const images = file('x8.npy', npy('|i1', [3, 1, 2, 2], Uint8Array.from({ length: 12 }, (_, k) => (k - 6) & 0xff)));
    const d = npyDataset(images, labels, shape, QUANT, 3);
    expect(d.images.map((x) => Array.from(x))).toEqual([[-6, -5, -4, -3], [-2, -1, 0, 1], [2, 3, 4, 5]]);
    expect(Array.from(d.labels)).toEqual([0, 2, 1]);
    expect(npyDataset(images, labels, shape, QUANT, 3, 2).images).toHaveLength(2);
  });

  test('uint8 images shifted by -128', () => {
    const images = file('xu8.npy', npy('|u1', [3, 1, 2, 2], Uint8Array.from({ length: 12 }, (_, k) => k * 20)));
    expect(Array.from(npyDataset(images, labels, shape, QUANT, 3).images[0])).toEqual([-128, -108, -88, -68]);
  });

  test('float32 images quantized with the input quantization (QuantizeLinear: half to even, saturated)', () => {
    const values = Float32Array.from([0.5, -0.25, 1 / 254, 3 / 254, 2, -2, 0, 1, -1, 0.1, 0.2, 0.3]);
    const images = file('xf.npy', npy('<f4', [3, 1, 2, 2], new Uint8Array(values.buffer)));
    const d = npyDataset(images, labels, shape, QUANT, 3);
    // 63.5 -> 64 (even); -31.75 -> -32; 0.5 -> 0; 1.5 -> 2; 254 -> 127; -254 -> -128; 12.7 -> 13; 25.4 -> 25; 38.1 -> 38.
    expect(d.images.map((x) => Array.from(x))).toEqual([[64, -32, 0, 2], [127, -128, 0, 127], [-127, 13, 25, 38]]);
    expect(d.source).toContain('float, quantized with the input\'s scale');
  });

  test('errors: shape, labels length, label out of range, dtype, more images than held', () => {
    const images = file('x.npy', npy('|i1', [3, 1, 2, 2], new Uint8Array(12)));
    expect(error(() => npyDataset(images, labels, [1, 3, 3], QUANT, 3)).message).toContain('the network takes [N, 1, 3, 3]');
    const two = file('two.npy', npy('<i8', [2], int64([0, 1])));
    expect(error(() => npyDataset(images, two, shape, QUANT, 3))).toMatchObject({ field: two, message: expect.stringContaining('2 label(s)') as string });
    expect(error(() => npyDataset(images, labels, shape, QUANT, 2)).message).toContain('not a class');
    const floats = file('f.npy', npy('<f4', [3], new Uint8Array(12)));
    expect(error(() => npyDataset(images, floats, shape, QUANT, 3)).message).toContain('integer');
    expect(error(() => npyDataset(images, labels, shape, QUANT, 3, 4)).field).toBe('--images');
  });

  test('readNpyIntegers reads int16 and int32 little-endian', () => {
    expect(readNpyIntegers(file('i2.npy', npy('<i2', [2], new Uint8Array(Int16Array.from([-3, 300]).buffer)))).values).toEqual([-3, 300]);
    expect(readNpyIntegers(file('i4.npy', npy('<i4', [1], new Uint8Array(Int32Array.from([70000]).buffer)))).values).toEqual([70000]);
  });
});

describe('MNIST for accuracy', () => {
  test('networks that take a digit: 1x28x28 or 1x32x32 with 10 classes', () => {
    expect(mnistSizeFor([1, 32, 32], 10)).toBe(32);
    expect(mnistSizeFor([1, 28, 28], 10)).toBe(28);
    expect(mnistSizeFor([3, 32, 32], 10)).toBeUndefined();
    expect(mnistSizeFor([1, 28, 28], 100)).toBeUndefined();
  });

  test('digits with their labels, classes interleaved', () => {
    const d = mnistDataset(12, 28);
    expect(d.images[0]).toHaveLength(784);
    expect(Array.from(d.labels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
  });
});
