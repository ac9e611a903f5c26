// `ohmflow accuracy --net lenet5-mnist`: a trained network is measured on held-out digits (not the
// first digits of each class, which it was trained on), with the float accuracy from its training
// record above the integer reference's ceiling; a lossless ADC gives the ceiling itself.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { isMnistAvailable } from '../../../workloads/datasets/mnist.js';
import { mnistSplit } from '../../../workloads/datasets/mnistSplit.js';
import { getNetwork } from '../../../workloads/zoo/registry.js';
import { readTrainingRecord } from '../../../workloads/zoo/trained.js';
import { referenceAccuracy } from '../../../scripts/train/evaluate.js';
import { cliOutput } from './cliOutput.js';

async function accuracyCli(args: string[]): Promise<string> {
  return (await cliOutput(['accuracy', ...args])).out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe.runIf(isMnistAvailable())('ohmflow accuracy on a trained network', () => {
  test('held-out digits, the float figure of the training record, a lossless point at the ceiling', async () => {
    const out = await accuracyCli(['--net', 'lenet5-mnist', '--images', '40', '--sweep', 'adc.bits=9', '--jobs', '1', '--json']);
    type Json = { inputs: string; float: { top1: number; source: string }; reference: { top1: number }; points: Array<{ top1: { mean: number } }> };
    const r = JSON.parse(out) as Json;
    expect(r.inputs).toBe('40 held-out MNIST digit(s) (32x32, not trained on)');
    const record = readTrainingRecord('lenet5-mnist')!;
    expect(r.float.top1).toBe(record.floatTestCorrect / record.testImages);
    expect(r.float.source).toContain('held-out');
    const ceiling = await referenceAccuracy(getNetwork('lenet5-mnist'), mnistSplit('test', { size: 32, count: 40 }));
    expect(r.reference.top1).toBe(ceiling.accuracy);
    expect(r.points[0].top1.mean).toBe(r.reference.top1);
  }, 60_000);
});
