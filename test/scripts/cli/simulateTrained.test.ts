// `ohmflow simulate --net lenet5-mnist --functional-only`: a trained zoo network runs on the default
// (lossy) chip, fed with held-out MNIST digits, bit-exact against the ADC-aware reference; on a
// lossless chip its saved outputs are the integer reference's on those digits.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNpyInt8 } from '../../../workloads/onnx/npy.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { runReference } from '../../../workloads/reference/index.js';
import { isMnistAvailable } from '../../../workloads/datasets/mnist.js';
import { mnistSplit } from '../../../workloads/datasets/mnistSplit.js';
import { cliOutput } from './cliOutput.js';

async function simulateCli(args: string[]): Promise<string> {
  return (await cliOutput(['simulate', ...args])).out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe.runIf(isMnistAvailable())('simulate a trained network', () => {
  test('--net lenet5-mnist --functional-only on the default chip: held-out digits, bit-exact against the ADC-aware reference', async () => {
    const out = await simulateCli(['--net', 'lenet5-mnist', '--functional-only', '--jobs', '1', '--json']);
    const report = JSON.parse(out) as { functionalOnly: { images: number }; functional: { reference: string; bitExact: boolean; inputs: string } };
    expect(report.functionalOnly.images).toBe(2);
    expect(report.functional).toMatchObject({ reference: 'adc-aware', bitExact: true, inputs: '2 held-out MNIST digit(s)' });
  }, 60_000);

  test('on a lossless chip the outputs are the integer reference\'s on the first held-out digits', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ohmflow-trained-')), 'y.npy');
    await simulateCli(['--net', 'mlp-mnist', '--arch', 'rram-lossless-32nm', '--functional-only', '--images', '3', '--jobs', '1', '--save-output', file, '--json']);
    const net = getNetwork('mlp-mnist');
    const expected = mnistSplit('test', { count: 3 }).map((d) => runReference(net, d.data).output.data);
    const y = readNpyInt8(file);
    expect(y.shape).toEqual([3, 10]);
    expected.forEach((e, k) => expect(y.data.slice(k * 10, (k + 1) * 10)).toEqual(e));
  }, 60_000);
});
