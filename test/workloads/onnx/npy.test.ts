// int8 .npy inputs: read back what NumPy writes; wrong shapes and types name the file and both shapes.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OhmflowError } from '../../../workloads/errors.js';
import { readNpyInt8 } from '../../../workloads/onnx/npy.js';
import { npyBytes } from './npy-bytes.js';

describe('readNpyInt8', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ohmflow-npy-'));
  const write = (name: string, bytes: Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  const values = Int8Array.from({ length: 12 }, (_, i) => i * 20 - 120);
  const raw = new Uint8Array(values.buffer);

  it('reads int8 values and the shape', () => {
    const path = write('ok.npy', npyBytes('|i1', [3, 2, 2], raw));
    const npy = readNpyInt8(path, [3, 2, 2]);
    expect(npy.shape).toEqual([3, 2, 2]);
    expect(Array.from(npy.data)).toEqual(Array.from(values));
  });

  it('accepts a leading batch of 1', () => {
    const path = write('batch.npy', npyBytes('|i1', [1, 3, 4], raw));
    expect(readNpyInt8(path, [3, 4]).shape).toEqual([1, 3, 4]);
  });

  it('a wrong shape names the file and both shapes', () => {
    const path = write('wrong-shape.npy', npyBytes('|i1', [4, 3], raw));
    const error = (() => { try { readNpyInt8(path, [1, 28, 28]); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(OhmflowError);
    expect((error as OhmflowError).field).toBe(path);
    expect((error as OhmflowError).message).toContain('[4, 3]');
    expect((error as OhmflowError).message).toContain('[1, 28, 28]');
  });

  it('rejects other dtypes, Fortran order, truncation and non-.npy files, naming the file', () => {
    const cases = [
      write('float.npy', npyBytes('<f4', [3], new Uint8Array(12))),
      write('fortran.npy', npyBytes('|i1', [3, 4], raw, true)),
      write('short.npy', npyBytes('|i1', [3, 4], raw).subarray(0, 70)),
      write('text.npy', new TextEncoder().encode('1,2,3\n')),
      join(dir, 'missing.npy'),
    ];
    for (const path of cases) {
      expect(() => readNpyInt8(path)).toThrow(OhmflowError);
      expect(() => readNpyInt8(path)).toThrow(path);
    }
  });
});
