// `simulate --net FLOAT.onnx` compares the chip's int8 outputs with the float model on the run's
// own images. On a lossless chip the engine equals the integer reference bit for bit, so the
// figures must be those of floatInt8Agreement (the integer reference, not the engine) on the same
// inputs; on a lossy chip the ADCs' loss must show as a lower agreement.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calibrateOnnx } from '../../../workloads/onnx/calibrate.js';
import { floatInt8Agreement } from '../../../workloads/onnx/agreement.js';
import { parseOnnx } from '../../../workloads/onnx/parse.js';
import { outputQuants } from '../../../workloads/onnx/quant-of.js';
import { SeededRandom } from '../../../workloads/random.js';
import { npyBytes } from '../../workloads/onnx/npy-bytes.js';
import { cliOutput } from './cliOutput.js';

const model = fileURLToPath(new URL('../../workloads/onnx/fixtures/tiny-resnet.onnx', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ohmflow-simulate-agreement-'));
const IMAGES = 3;
const SIZE = 3 * 16 * 16;
const random = new SeededRandom(5, 'simulate-agreement');
const codes = Int8Array.from({ length: IMAGES * SIZE }, () => Math.floor(random.nextFloat() * 256) - 128);
const input = join(dir, 'images.npy');
writeFileSync(input, npyBytes('|i1', [IMAGES, 3, 16, 16], new Uint8Array(codes.buffer)));

beforeEach(() => vi.stubEnv('OHMFLOW_CACHE', mkdtempSync(join(dir, 'cache-'))));
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('simulate --net FLOAT.onnx: the chip against the float model', () => {
  test('on a lossless chip: the figures of the integer reference on the same dequantized inputs', async () => {
    const { out } = await cliOutput(['simulate', '--net', model, '--arch', 'rram-lossless-32nm', '--input', input, '--jobs', '1', '--json']);
    const run = JSON.parse(out);
    expect(run.functional.bitExact).toBe(true);
    const parsed = parseOnnx(model);
    const { net } = await calibrateOnnx(parsed, {});
    const q = outputQuants(net).get(net.layers[0].name)!;
    const images = Array.from({ length: IMAGES }, (_, k) => Float64Array.from(codes.subarray(k * SIZE, (k + 1) * SIZE), (c) => q.scale * (c - q.zeroPoint)));
    const expected = await floatInt8Agreement(parsed, net, images);
    expect(run.agreement).toMatchObject({ imageSet: 'simulated', images: IMAGES, executor: expected.executor, top1Agreeing: expected.top1Agreeing });
    expect(run.agreement.cosineSimilarity).toBeCloseTo(expected.cosineSimilarity, 12);
    expect(run.agreement.outputSnrDb).toBeCloseTo(expected.outputSnrDb!, 9);
    expect(run.agreement.maxAbsError).toBeCloseTo(expected.maxAbsError, 12);
  }, 120_000);

  test('on the default (lossy) chip the ADCs lower it, also with --functional-only, and in the text', async () => {
    const lossless = JSON.parse((await cliOutput(['simulate', '--net', model, '--arch', 'rram-lossless-32nm', '--input', input, '--functional-only', '--jobs', '1', '--json'])).out);
    vi.restoreAllMocks();
    const lossy = JSON.parse((await cliOutput(['simulate', '--net', model, '--input', input, '--functional-only', '--jobs', '1', '--json'])).out);
    expect(lossy.functional.integer.mismatches).toBeGreaterThan(0);
    expect(lossy.agreement.cosineSimilarity).toBeLessThan(lossless.agreement.cosineSimilarity);
    expect(lossy.agreement.outputSnrDb).toBeLessThan(lossless.agreement.outputSnrDb);
    vi.restoreAllMocks();
    const { out } = await cliOutput(['simulate', '--net', model, '--input', input, '--functional-only', '--jobs', '1']);
    expect(out).toMatch(/the chip's int8 outputs vs float \(.*\) on the 3 simulated image\(s\), their int8 inputs dequantized:\n {2}top-1 agrees on \d\/3 .*cosine similarity -?[01]\.\d{6}/);
  }, 120_000);

  test('a zoo network has no float model: no agreement', async () => {
    const { out } = await cliOutput(['simulate', '--net', 'lenet5', '--images', '1', '--functional-only', '--jobs', '1', '--json']);
    expect(JSON.parse(out).agreement).toBeUndefined();
  }, 60_000);
});
