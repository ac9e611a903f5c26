// `ohmflow simulate --input FILE.npy --save-output FILE.npy`: a user's int8 tensor in, the chip's
// output tensor out (equal to the integer reference on the exact default chip); a wrong shape is an
// OhmflowError naming the file, and no output file is written by a failed run.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNpyInt8, writeNpyInt8 } from '../../../workloads/onnx/npy.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { runReference } from '../../../workloads/reference/index.js';
import { mnistDigits } from '../../../workloads/datasets/index.js';
import { isOhmflowError } from '../../../workloads/errors.js';
import { cliOutput } from './cliOutput.js';

async function simulateCli(args: string[]): Promise<string> {
  return (await cliOutput(['simulate', ...args])).out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('simulate --input / --save-output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ohmflow-sim-io-'));
  const net = getNetwork('lenet5');
  const digits = mnistDigits(2, { size: 32 }).map((d) => d.data);

  test('a batch of two LeNet-5 inputs in, the chip outputs out as [2, 10], equal to the reference', async () => {
    const input = join(dir, 'x.npy');
    const output = join(dir, 'y.npy');
    const batch = new Int8Array(2 * 32 * 32);
    digits.forEach((d, k) => batch.set(d, k * d.length));
    writeNpyInt8(input, [2, 1, 32, 32], batch);
    const out = await simulateCli(['--net', 'lenet5', '--arch', 'rram-lossless-32nm', '--input', input, '--save-output', output, '--json']);
    const report = JSON.parse(out) as { functional: { bitExact: boolean; outputsCompared: number } };
    expect(report.functional).toMatchObject({ bitExact: true, outputsCompared: 20 });
    const y = readNpyInt8(output);
    expect(y.shape).toEqual([2, 10]);
    digits.forEach((d, k) => expect(y.data.slice(k * 10, (k + 1) * 10)).toEqual(runReference(net, d).output.data));
  }, 60_000);

  test('--images N with --input runs the file\'s first N images, and refuses more than it holds', async () => {
    const input = join(dir, 'x3.npy');
    const batch = new Int8Array(2 * 32 * 32);
    digits.forEach((d, k) => batch.set(d, k * d.length));
    writeNpyInt8(input, [2, 1, 32, 32], batch);
    const out = await simulateCli(['--net', 'lenet5', '--arch', 'rram-lossless-32nm', '--input', input, '--images', '1', '--json']);
    const report = JSON.parse(out) as { functional: { bitExact: boolean; outputsCompared: number }; simulated: { images: number } };
    expect(report.functional).toMatchObject({ bitExact: true, outputsCompared: 10 });
    const error = await simulateCli(['--net', 'lenet5', '--arch', 'rram-lossless-32nm', '--input', input, '--images', '3']).catch((e: unknown) => e);
    expect(isOhmflowError(error)).toBe(true);
    expect((error as Error).message).toMatch(/--images 3 but .* holds 2 image/);
  }, 60_000);

  test('--functional-only gives the outputs a full simulation gives, checked against the reference, and refuses timing flags', async () => {
    const full = join(dir, 'full.npy');
    const quick = join(dir, 'quick.npy');
    await simulateCli(['--net', 'lenet5', '--images', '3', '--jobs', '1', '--save-output', full, '--json']);
    const out = await simulateCli(['--net', 'lenet5', '--images', '3', '--jobs', '2', '--functional-only', '--save-output', quick, '--json']);
    const report = JSON.parse(out) as { functionalOnly: { images: number }; functional: { reference: string; bitExact: boolean; outputsCompared: number } };
    expect(report.functionalOnly.images).toBe(3);
    expect(report.functional).toMatchObject({ reference: 'adc-aware', bitExact: true, outputsCompared: 30 });
    expect(readNpyInt8(quick)).toEqual(readNpyInt8(full));
    const error = await simulateCli(['--net', 'lenet5', '--functional-only', '--trace', join(dir, 't.pftrace')]).catch((e: unknown) => e);
    expect(isOhmflowError(error)).toBe(true);
    expect((error as Error).message).toMatch(/--trace need the cycle-level engine/);
  }, 120_000);

  test('on the default (lossy) chip, simulate runs adc fidelity and is bit-exact against the ADC-aware reference', async () => {
    const out = await simulateCli(['--net', 'lenet5', '--images', '1', '--jobs', '1', '--json']);
    const report = JSON.parse(out) as {
      functional: { reference: string; bitExact: boolean; fidelity: string; integer?: { outputsCompared: number } };
      analytical: { inputActivity: { source: string } };
    };
    expect(report.functional).toMatchObject({ reference: 'adc-aware', bitExact: true, fidelity: 'adc' });
    expect(report.functional.integer?.outputsCompared).toBe(10);
    expect(report.analytical.inputActivity.source).toBe('measured');
  }, 60_000);

  test('a wrong input shape fails naming the file, and writes no output', async () => {
    const input = join(dir, 'wrong.npy');
    const output = join(dir, 'never.npy');
    writeNpyInt8(input, [1, 28, 28], new Int8Array(784));
    const error = await simulateCli(['--net', 'lenet5', '--input', input, '--save-output', output]).catch((e: unknown) => e);
    expect(isOhmflowError(error)).toBe(true);
    expect(String((error as Error).message) + JSON.stringify(error)).toContain(input);
    expect(existsSync(output)).toBe(false);
  }, 60_000);
});
