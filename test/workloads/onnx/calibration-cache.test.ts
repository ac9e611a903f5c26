// Where the calibration cache lives ($OHMFLOW_CACHE, else $XDG_CACHE_HOME/ohmflow, else
// ~/.cache/ohmflow) and what its key depends on: the model's bytes, the images and the executor.
import { describe, expect, it } from 'vitest';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { calibrationKey, defaultCacheDir } from '../../../workloads/onnx/calibration-cache.js';

describe('calibration cache', () => {
  it('lives in $OHMFLOW_CACHE, else under $XDG_CACHE_HOME, else under ~/.cache', () => {
    expect(defaultCacheDir({ OHMFLOW_CACHE: '/c/ohm', XDG_CACHE_HOME: '/x' })).toBe('/c/ohm');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x' })).toBe(join('/x', 'ohmflow'));
    expect(defaultCacheDir({})).toBe(join(homedir(), '.cache', 'ohmflow'));
  });

  it('keys entries by every input of the ranges', () => {
    const model = new Uint8Array([1, 2, 3]);
    const images = [Float64Array.of(0.5, -0.25)];
    const key = calibrationKey(model, images, 'onnxruntime');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(calibrationKey(Uint8Array.of(1, 2, 3), [Float64Array.of(0.5, -0.25)], 'onnxruntime')).toBe(key);
    expect(calibrationKey(Uint8Array.of(1, 2, 4), images, 'onnxruntime')).not.toBe(key);
    expect(calibrationKey(model, [Float64Array.of(0.5, -0.125)], 'onnxruntime')).not.toBe(key);
    expect(calibrationKey(model, [...images, ...images], 'onnxruntime')).not.toBe(key);
    expect(calibrationKey(model, images, 'javascript')).not.toBe(key);
  });
});
