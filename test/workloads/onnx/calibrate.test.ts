// Calibration as the CLI runs it (calibrate.ts): ONNX Runtime and the JavaScript executor choose
// the same scales on a PyTorch export, and the on-disk cache hits on the second run, misses when
// the file or the images change, and survives a corrupt entry.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calibrateOnnx, type CalibrateOptions, type CalibrationProgress } from '../../../workloads/onnx/calibrate.js';
import { parseOnnx } from '../../../workloads/onnx/parse.js';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { exportOnnx } from '../../../workloads/onnx/export.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { floats } from './onnx-builder.js';
import { decodeModel } from '../../../workloads/onnx/proto.js';

const model = fileURLToPath(new URL('fixtures/tiny-resnet.onnx', import.meta.url));
const bytes = new Uint8Array(readFileSync(model));

async function calibrate(source: string | Uint8Array, options: CalibrateOptions = {}) {
  const events: CalibrationProgress[] = [];
  const result = await calibrateOnnx(parseOnnx(source), { ...options, onProgress: (e) => events.push(e) });
  return { ...result, events: events.map((e) => e.kind) };
}

const cacheDir = () => mkdtempSync(join(tmpdir(), 'ohmflow-calibration-cache-'));
const entries = (dir: string) => readdirSync(join(dir, 'calibration')).filter((f) => f.endsWith('.json'));

describe('calibrating a float model', () => {
  it('ONNX Runtime and JavaScript choose the same scales, those of the synchronous import', async () => {
    const ort = await calibrate(model, { executor: 'onnxruntime' });
    const js = await calibrate(model, { executor: 'javascript' });
    expect(ort.calibration).toEqual({ images: 8, inputs: 'seeded', executor: 'onnxruntime', cached: false });
    expect(js.calibration?.executor).toBe('javascript');
    expect(ort.net).toEqual(js.net);
    expect(js.net).toEqual(importOnnx(model));
    expect(ort.events).toEqual(['start', ...new Array(8).fill('image'), 'done']);
  });

  it('calibrates on given images, and says so', async () => {
    const calibration = Array.from({ length: 3 }, (_, i) => floats(3 * 16 * 16, 40 + i, 2));
    const given = await calibrate(model, { calibration });
    expect(given.calibration).toMatchObject({ images: 3, inputs: 'given' });
    expect(given.net).toEqual(importOnnx(model, { calibration }));
    expect(given.net).not.toEqual((await calibrate(model)).net);
  });

  it('returns a quantized model as the file states it, without calibrating', async () => {
    const net = getNetwork('lenet5');
    const r = await calibrate(exportOnnx(net), { cacheDir: cacheDir() });
    expect(r.calibration).toBeUndefined();
    expect(r.events).toEqual([]);
    expect(r.net.layers.map((l) => l.name)).toEqual(net.layers.map((l) => l.name));
  });
});

describe('the calibration cache', () => {
  it('hits on the second run with the same network, and is not used without a directory', async () => {
    const dir = cacheDir();
    const first = await calibrate(model, { cacheDir: dir });
    expect(first.events.at(-1)).toBe('done');
    expect(entries(dir)).toHaveLength(1);
    const second = await calibrate(model, { cacheDir: dir });
    expect(second.events).toEqual(['cached']);
    expect(second.calibration?.cached).toBe(true);
    expect(second.net).toEqual(first.net);
    expect((await calibrate(model)).events).not.toContain('cached');
  });

  it('misses when the file changes, or the images, or the executor', async () => {
    const dir = cacheDir();
    await calibrate(bytes, { cacheDir: dir, executor: 'onnxruntime' });
    // One weight changes: a bit of the first initializer's raw data, found in the file.
    const raw = decodeModel(bytes, model).graph!.initializer![0].rawData!;
    const edited = bytes.slice();
    edited[Buffer.from(bytes).indexOf(Buffer.from(raw)) + 1] ^= 1;
    expect(parseOnnx(edited).order).toEqual(parseOnnx(bytes).order);
    expect((await calibrate(edited, { cacheDir: dir, executor: 'onnxruntime' })).events).not.toContain('cached');
    expect((await calibrate(bytes, { cacheDir: dir, executor: 'onnxruntime', seed: 2 })).events).not.toContain('cached');
    expect((await calibrate(bytes, { cacheDir: dir, executor: 'javascript' })).events).not.toContain('cached');
    expect(entries(dir)).toHaveLength(4);
    expect((await calibrate(bytes, { cacheDir: dir, executor: 'onnxruntime' })).events).toEqual(['cached']);
  });

  it('ignores a corrupt entry and writes it again', async () => {
    const dir = cacheDir();
    await calibrate(model, { cacheDir: dir });
    const entry = join(dir, 'calibration', entries(dir)[0]);
    writeFileSync(entry, '{"format": 1, "ranges": {}');
    const again = await calibrate(model, { cacheDir: dir });
    expect(again.events).not.toContain('cached');
    expect(JSON.parse(readFileSync(entry, 'utf8')).format).toBe(1);
    expect((await calibrate(model, { cacheDir: dir })).events).toEqual(['cached']);
  });
});
