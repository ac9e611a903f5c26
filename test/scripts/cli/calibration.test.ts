// The calibration flags of `simulate` (and `estimate --activity-from-run`): real images from a
// float32 .npy, a count, the cache (in $OHMFLOW_CACHE) and --no-calibration-cache; flags that
// cannot apply are refused with a fix, not ignored. And the quantization contract `simulate
// --json` reports: the input's and output's scale and zero point, and where they came from.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProgram } from '../../../scripts/cli/program.js';
import { floats } from '../../workloads/onnx/onnx-builder.js';
import { npyBytes } from '../../workloads/onnx/npy-bytes.js';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { readNpyFloatImages } from '../../../workloads/onnx/npy-float.js';
import { outputQuants } from '../../../workloads/onnx/quant-of.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import type { Network } from '../../../workloads/ir/types.js';

const model = fileURLToPath(new URL('../../workloads/onnx/fixtures/tiny-resnet.onnx', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ohmflow-calibration-flags-'));
const images = join(dir, 'calibration.npy');
writeFileSync(images, npyBytes('<f4', [3, 3, 16, 16], new Uint8Array(floats(3 * 3 * 16 * 16, 50, 2.5).buffer)));

let cache = '';
let stderr = '';
let stdout = '';
beforeEach(() => {
  cache = mkdtempSync(join(dir, 'cache-'));
  stderr = '';
  stdout = '';
  vi.stubEnv('OHMFLOW_CACHE', cache);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const run = (args: string[]) => buildProgram().parseAsync(['node', 'ohmflow', ...args]);
const entries = () => (existsSync(join(cache, 'calibration')) ? readdirSync(join(cache, 'calibration')) : []);
const functionalRun = ['simulate', '--net', model, '--functional-only', '--images', '1', '--jobs', '1', '--json'];

describe('calibration flags', () => {
  test('--calibration FILE.npy calibrates on its images, --calibration-images on the first N; each set is cached', async () => {
    await run([...functionalRun, '--calibration', images]);
    expect(stderr).toMatch(/calibration: running tiny-resnet in float on 3 image\(s\)/);
    await run([...functionalRun, '--calibration', images, '--calibration-images', '2']);
    expect(stderr).toMatch(/on 2 image\(s\)/);
    expect(entries()).toHaveLength(2);
    stderr = '';
    await run([...functionalRun, '--calibration', images]);
    expect(stderr).toMatch(/calibration: scales of tiny-resnet read from the cache/);
  }, 60_000);

  test('--no-calibration-cache neither reads nor writes the cache', async () => {
    await run([...functionalRun, '--no-calibration-cache']);
    await run([...functionalRun, '--no-calibration-cache']);
    expect(stderr).not.toMatch(/read from the cache/);
    expect(entries()).toEqual([]);
  }, 60_000);

  test('refuses calibration flags that cannot apply, and more images than the file holds', async () => {
    await expect(run(['simulate', '--net', 'lenet5', '--calibration', images])).rejects.toThrow(/--calibration: --calibration applies only to float ONNX models; lenet5 is a zoo network/);
    await expect(run(['estimate', '--net', model, '--calibration-images', '4'])).rejects.toThrow(/--calibration-images: .*only for --activity-from-run/);
    await expect(run([...functionalRun, '--calibration', images, '--calibration-images', '5'])).rejects.toThrow(/--calibration-images 5 but .* holds 3 image\(s\)/);
    expect(entries()).toEqual([]);
  });
});

describe('simulate --json reports the quantization of the input and output', () => {
  const quantsOf = (net: Network) => {
    const q = outputQuants(net);
    return { input: q.get(net.layers[0].name), output: q.get(net.output) };
  };
  const calibration = readNpyFloatImages(images, [3, 16, 16]);

  test('a float model: the calibrated scales, on which images and by which executor', async () => {
    await run(['simulate', '--net', model, '--calibration', images, '--images', '1', '--jobs', '1', '--json']);
    const report = JSON.parse(stdout);
    expect(report.quantization).toEqual({
      ...quantsOf(importOnnx(model, { calibration })), source: 'calibration',
      calibration: { images: 3, inputs: 'given', executor: expect.stringMatching(/^(onnxruntime|javascript)$/) },
    });
    expect(report.functional.bitExact).toBe(true);
  }, 60_000);

  test('--functional-only reports it too; a zoo network\'s comes from the zoo', async () => {
    await run([...functionalRun, '--calibration', images]);
    expect(JSON.parse(stdout).quantization).toMatchObject({ ...quantsOf(importOnnx(model, { calibration })), source: 'calibration' });
    stdout = '';
    await run(['simulate', '--net', 'lenet5', '--functional-only', '--images', '1', '--jobs', '1', '--json']);
    expect(JSON.parse(stdout).quantization).toEqual({ ...quantsOf(getNetwork('lenet5')), source: 'zoo' });
  }, 60_000);
});
