// Float calibration images from .npy (`--calibration images.npy`): float32 or float64 batches of the
// model's input shape; other types, shapes and non-finite values are refused naming the file.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNpyFloatImages } from '../../../workloads/onnx/npy-float.js';
import { npyBytes } from './npy-bytes.js';

const dir = mkdtempSync(join(tmpdir(), 'ohmflow-npy-float-'));
function write(name: string, descr: string, shape: number[], data: Float32Array | Float64Array | Int8Array): string {
  const path = join(dir, name);
  writeFileSync(path, npyBytes(descr, shape, new Uint8Array(data.buffer)));
  return path;
}

describe('readNpyFloatImages', () => {
  const values = Float32Array.from({ length: 24 }, (_, i) => (i - 12) / 8);

  it('splits a float32 batch [N, C, H, W] into images', () => {
    const images = readNpyFloatImages(write('batch.npy', '<f4', [2, 3, 2, 2], values), [3, 2, 2]);
    expect(images.map((im) => Array.from(im))).toEqual([Array.from(values.slice(0, 12)), Array.from(values.slice(12))]);
  });

  it('reads one image without a batch, and float64', () => {
    expect(readNpyFloatImages(write('one.npy', '<f4', [3, 2, 2], values.slice(0, 12)), [3, 2, 2])).toHaveLength(1);
    const images = readNpyFloatImages(write('f8.npy', '<f8', [2, 12], Float64Array.from(values)), [12]);
    expect(Array.from(images[1])).toEqual(Array.from(values.slice(12)));
  });

  it('refuses int8 data, another shape and NaN, naming the file and the fix', () => {
    const int8 = write('int8.npy', '|i1', [2, 12], new Int8Array(24));
    expect(() => readNpyFloatImages(int8, [12])).toThrow(/int8\.npy: array type is \|i1, expected float32[\s\S]*fix: .*astype\(numpy\.float32\)/);
    const wrong = write('wrong.npy', '<f4', [2, 12], values);
    expect(() => readNpyFloatImages(wrong, [3, 2, 2])).toThrow(/wrong\.npy: shape is \[2, 12\], the model's input is \[3, 2, 2\]/);
    const nan = write('nan.npy', '<f4', [12], Float32Array.from(values.slice(0, 12), (v, i) => (i === 5 ? NaN : v)));
    expect(() => readNpyFloatImages(nan, [12])).toThrow(/nan\.npy: holds a non-finite value/);
  });
});
