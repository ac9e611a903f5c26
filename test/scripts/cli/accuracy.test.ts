// `ohmflow accuracy`: the table and the one JSON object on a small study, the chart of --plots,
// adc fidelity running one trial, and bad input (unknown field, an invalid point, three sweeps,
// --dataset without --labels, labels of another length, a dataset of the wrong shape, a network
// without MNIST-shaped input and no dataset) as OhmflowErrors naming the flag or file; the built
// CLI exits 2 on them.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNpyInt8 } from '../../../workloads/onnx/npy.js';
import { isOhmflowError } from '../../../workloads/errors.js';
import { cliOutput } from './cliOutput.js';

async function accuracyCli(args: string[]): Promise<{ out: string; err: string }> {
  return cliOutput(['accuracy', ...args]);
}

async function failure(args: string[]): Promise<{ field?: string; message: string }> {
  try {
    await accuracyCli(args);
  } catch (e) {
    if (isOhmflowError(e)) return e;
    throw e;
  }
  throw new Error('expected an OhmflowError');
}

afterEach(() => {
  vi.restoreAllMocks();
});

const dir = mkdtempSync(join(tmpdir(), 'ohmflow-accuracy-'));

describe('ohmflow accuracy', () => {
  test('--json: one object with the ceiling and a point per value; adc runs one trial and says so', async () => {
    const { out, err } = await accuracyCli(['--net', 'lenet5', '--images', '6', '--sweep', 'adc.bits=4,9', '--trials', '3', '--jobs', '1', '--json']);
    type Json = {
      fidelity: string; trials: number; images: number; reference: { top1: number; top5: number };
      points: Array<{ values: number[]; top1: { mean: number } }>; axes: Array<{ path: string }>;
    };
    const r = JSON.parse(out) as Json;
    expect(r).toMatchObject({ fidelity: 'adc', trials: 1, images: 6, axes: [{ path: 'tile.pe.adc.bits' }] });
    expect(r.points.map((p) => p.values)).toEqual([[4], [9]]);
    // 9 bits is lossless on neurosim-vgg8: the chip is the integer reference.
    expect(r.points[1].top1.mean).toBe(r.reference.top1);
    expect(r.reference.top5).toBeGreaterThanOrEqual(r.reference.top1);
    expect(err).toContain('adc fidelity has no randomness');
  });

  test('table and chart: a device sweep defaults to analog, mean [min-max] over trials', async () => {
    const plots = join(dir, 'plots');
    const { out } = await accuracyCli(['--images', '4', '--sweep', 'adc.bits=5,6', '--sweep', 'device.d2dSigma=0,0.2', '--trials', '2', '--jobs', '1', '--plots', plots]);
    expect(out).toContain('fidelity analog, 2 trial(s)');
    expect(out).toMatch(/ceiling: integer reference \d+\.\d% top-1/);
    expect(out).toMatch(/adc\.bits\s+device\.d2dSigma\s+top-1\s+top-5/);
    expect(out.split('\n').filter((l) => /^\s+[56]\s+0(\.2)?\s+\d/.test(l))).toHaveLength(4);
    expect(readFileSync(join(plots, 'accuracy.png')).subarray(1, 4).toString()).toBe('PNG');
  }, 30_000);

  test('bad sweeps: an unknown field, a value the arch refuses, three axes, the same field twice', async () => {
    expect(await failure(['--sweep', 'adc.bitz=3..8'])).toMatchObject({ field: '--sweep', message: expect.stringContaining('adc.bitz') as string });
    expect((await failure(['--sweep', 'crossbar.activeRows=64,1000', '--images', '2'])).field).toBe('--sweep crossbar.activeRows');
    expect((await failure(['--sweep', 'adc.bits=3', '--sweep', 'dac.bits=1', '--sweep', 'device.d2dSigma=0'])).message).toContain('at most 2');
    expect((await failure(['--sweep', 'adc.bits=3', '--sweep', 'tile.pe.adc.bits=4'])).message).toContain('twice');
    expect((await failure(['--fidelity', 'exact'])).field).toBe('--fidelity');
  });

  test('bad datasets: --dataset alone, labels of another length, the wrong shape, no MNIST-shaped input', async () => {
    const images = join(dir, 'x.npy');
    writeNpyInt8(images, [3, 1, 32, 32], new Int8Array(3 * 1024));
    const labels = join(dir, 'y.npy');
    writeNpyInt8(labels, [2], new Int8Array(2));
    const wrong = join(dir, 'w.npy');
    writeNpyInt8(wrong, [3, 1, 28, 28], new Int8Array(3 * 784));
    expect((await failure(['--dataset', images])).field).toBe('--dataset');
    expect(await failure(['--dataset', images, '--labels', labels])).toMatchObject({ field: labels, message: expect.stringContaining('for 3 image(s)') as string });
    expect((await failure(['--dataset', wrong, '--labels', labels])).message).toContain('[N, 1, 32, 32]');
    expect((await failure(['--net', 'vgg8', '--images', '2'])).field).toBe('--dataset');
  });
});

const cli = fileURLToPath(new URL('../../../dist/scripts/cli/ohmflow.js', import.meta.url));

describe.runIf(existsSync(cli))('ohmflow accuracy, built', () => {
  test('an unknown field exits 2 naming it', () => {
    const r = spawnSync(process.execPath, [cli, 'accuracy', '--sweep', 'adc.bitz=3..8'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('adc.bitz');
  }, 40_000);
});
