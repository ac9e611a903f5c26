// `ohmflow networks --net FILE.onnx`: an ONNX file described as the zoo's networks are, with its
// output shape and the quantization of its input and output (the file's, or left to calibration
// for a float model), without calibrating.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProgram } from '../../../scripts/cli/program.js';
import { OhmflowError } from '../../../workloads/errors.js';
import { exportOnnx } from '../../../workloads/onnx/export.js';
import { outputQuants } from '../../../workloads/onnx/quant-of.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { countMacs, countParams } from '../../../workloads/ir/counts.js';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { floats } from '../../workloads/onnx/onnx-builder.js';
import { npyBytes } from '../../workloads/onnx/npy-bytes.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../workloads/onnx/fixtures/${name}`, import.meta.url));

afterEach(() => vi.restoreAllMocks());

async function networks(args: string[]): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await buildProgram().parseAsync(['node', 'ohmflow', 'networks', ...args]);
  } finally {
    vi.restoreAllMocks();
  }
  return out;
}

describe('ohmflow networks --net FILE.onnx', () => {
  test('a PyTorch export with a final Softmax: the quantization says the output is the logits before it, calibrated or not', async () => {
    const file = fixture('silu-softmax.onnx');
    const summary = JSON.parse(await networks(['--net', file, '--json']));
    expect(summary.quantization).toMatchObject({ source: 'uncalibrated', logitsBefore: 'Softmax node "/Softmax"' });
    const calibrated = JSON.parse(await networks(['--net', file, '--json', '--calibrate', '--no-calibration-cache']));
    expect(calibrated.quantization).toMatchObject({ source: 'calibration', logitsBefore: 'Softmax node "/Softmax"' });
    expect(await networks(['--net', file])).toContain('output holds the logits before the Softmax node "/Softmax", dropped at import');
  });

  test('a float PyTorch export: counts and shapes, quantization left to calibration', async () => {
    const summary = JSON.parse(await networks(['--net', fixture('tiny-resnet.onnx'), '--json']));
    expect(summary).toMatchObject({ name: 'tiny-resnet', input: [3, 16, 16], output: [10], quantization: { input: null, output: null, source: 'uncalibrated' } });
    expect(summary.macs).toBeGreaterThan(0);
    const text = await networks(['--net', fixture('tiny-resnet.onnx')]);
    expect(text).toMatch(/^tiny-resnet \(.*tiny-resnet\.onnx\): \d+ layers, [\d,]+ MACs, [\d,]+ params\n {2}input {2}\[3, 16, 16\] int8, set by calibration/);
    expect(text).toMatch(/--calibrate shows them/);
  });

  test('a quantized model: the zoo net\'s counts and the file\'s own scales and zero points', async () => {
    const net = getNetwork('lenet5');
    const file = join(mkdtempSync(join(tmpdir(), 'ohmflow-networks-onnx-')), 'lenet5.onnx');
    writeFileSync(file, exportOnnx(net));
    const summary = JSON.parse(await networks(['--net', file, '--json']));
    const quants = outputQuants(net);
    expect(summary).toEqual({
      // opset: the version the exporter writes (its own constant, 13), read back from the file.
      name: 'lenet5', file, opset: 13, layers: net.layers.length - 1, macs: countMacs(net), params: countParams(net), input: [1, 32, 32], output: [10],
      quantization: { input: quants.get(net.layers[0].name), output: quants.get(net.output), source: 'file' },
    });
  });

  test('--calibrate: a float model\'s input and output scales as simulate will use them, and how they were chosen', async () => {
    vi.stubEnv('OHMFLOW_CACHE', mkdtempSync(join(tmpdir(), 'ohmflow-networks-cache-')));
    try {
      const summary = JSON.parse(await networks(['--net', fixture('tiny-resnet.onnx'), '--calibrate', '--json']));
      const net = importOnnx(fixture('tiny-resnet.onnx'));
      const quants = outputQuants(net);
      expect(summary.quantization).toEqual({
        input: quants.get(net.layers[0].name), output: quants.get(net.output), source: 'calibration',
        calibration: { images: 8, inputs: 'seeded', executor: expect.stringMatching(/^(onnxruntime|javascript)$/) },
      });
      expect(await networks(['--net', fixture('tiny-resnet.onnx'), '--calibrate'])).toMatch(/ {2}output \[10\] int8, scale [\d.e-]+, zero point -?\d+\n {2}quantization: chosen by calibration on 8 seeded image\(s\)/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  test('--calibrate: the int8 network against the float model on the calibration images, seeded or given', async () => {
    vi.stubEnv('OHMFLOW_CACHE', mkdtempSync(join(tmpdir(), 'ohmflow-networks-cache-')));
    try {
      const seeded = JSON.parse(await networks(['--net', fixture('tiny-resnet.onnx'), '--calibrate', '--json']));
      expect(seeded.agreement).toMatchObject({ images: 8, inputs: 'seeded', executor: expect.stringMatching(/^(onnxruntime|javascript)$/) });
      expect(seeded.agreement.top1Agreeing).toBeLessThanOrEqual(8);
      expect(seeded.agreement.top1AgreementPct).toBe((100 * seeded.agreement.top1Agreeing) / 8);
      expect(seeded.agreement.outputSnrDb).toBeGreaterThan(20);
      expect(seeded.agreement.maxAbsError).toBeLessThan(seeded.agreement.floatMaxAbs);
      expect(seeded.agreement.imageSet).toBe('calibration');
      // int8 logits point almost the same way as the float ones (44 dB SNR is an error 160x smaller in norm).
      expect(seeded.agreement.cosineSimilarity).toBeGreaterThan(0.99);
      expect(seeded.agreement.cosineSimilarity).toBeLessThanOrEqual(1);
      const file = join(mkdtempSync(join(tmpdir(), 'ohmflow-networks-images-')), 'images.npy');
      writeFileSync(file, npyBytes('<f4', [3, 3, 16, 16], new Uint8Array(floats(3 * 3 * 16 * 16, 50, 2.5).buffer)));
      const given = JSON.parse(await networks(['--net', fixture('tiny-resnet.onnx'), '--calibrate', '--calibration', file, '--json']));
      expect(given.agreement).toMatchObject({ images: 3, inputs: 'given' });
      expect(await networks(['--net', fixture('tiny-resnet.onnx'), '--calibrate'])).toMatch(
        /int8 vs float \(.*\) on the 8 seeded calibration image\(s\):\n {4}top-1 agrees on \d\/8 \([\d.]+ %\), cosine similarity [01]\.\d{6}, output SNR [\d.]+ dB, max abs error [\d.e-]+ \(largest float output [\d.e-]+\)\n$/,
      );
      // Without --calibrate there is no int8 network to compare; --no-agreement skips the comparison.
      expect(JSON.parse(await networks(['--net', fixture('tiny-resnet.onnx'), '--json'])).agreement).toBeUndefined();
      const skipped = JSON.parse(await networks(['--net', fixture('tiny-resnet.onnx'), '--calibrate', '--no-agreement', '--json']));
      expect(skipped.agreement).toBeUndefined();
      expect(skipped.quantization.source).toBe('calibration');
      await expect(networks(['--net', fixture('tiny-resnet.onnx'), '--no-agreement'])).rejects.toThrow(/--no-agreement: --no-agreement applies only with --calibrate/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  test('--agreement-images and --agreement-input: the comparison on images the calibration never saw', async () => {
    vi.stubEnv('OHMFLOW_CACHE', mkdtempSync(join(tmpdir(), 'ohmflow-networks-cache-')));
    try {
      const model = fixture('tiny-resnet.onnx');
      const onCalibration = JSON.parse(await networks(['--net', model, '--calibrate', '--json'])).agreement;
      const heldOut = JSON.parse(await networks(['--net', model, '--calibrate', '--agreement-images', '5', '--json']));
      expect(heldOut.agreement).toMatchObject({ images: 5, inputs: 'seeded', imageSet: 'held-out' });
      // The calibration is the default one either way: only the compared images change.
      expect(heldOut.quantization.calibration).toMatchObject({ images: 8, inputs: 'seeded' });
      expect(heldOut.agreement.outputSnrDb).not.toBe(onCalibration.outputSnrDb);
      expect(heldOut.agreement.cosineSimilarity).toBeGreaterThan(0.99);
      const file = join(mkdtempSync(join(tmpdir(), 'ohmflow-networks-images-')), 'held-out.npy');
      writeFileSync(file, npyBytes('<f4', [4, 3, 16, 16], new Uint8Array(floats(4 * 3 * 16 * 16, 77).buffer)));
      const given = JSON.parse(await networks(['--net', model, '--calibrate', '--agreement-input', file, '--agreement-images', '2', '--json']));
      expect(given.agreement).toMatchObject({ images: 2, inputs: 'given', imageSet: 'held-out' });
      expect(await networks(['--net', model, '--calibrate', '--agreement-images', '3'])).toContain('on the 3 seeded held-out image(s), not the calibration set:');
      await expect(networks(['--net', model, '--calibrate', '--agreement-input', file, '--agreement-images', '9'])).rejects.toThrow(/--agreement-images: .*holds 4 image\(s\)[\s\S]*fix: pass 4 or fewer/);
      await expect(networks(['--net', model, '--calibrate', '--agreement-images', '0'])).rejects.toThrow(/--agreement-images: expected a whole number >= 1/);
      await expect(networks(['--net', model, '--agreement-images', '3'])).rejects.toThrow(/--agreement-images: .*only with --calibrate[\s\S]*fix: add --calibrate/);
      await expect(networks(['--net', model, '--calibrate', '--no-agreement', '--agreement-input', file])).rejects.toThrow(/--agreement-input: /);
      await expect(networks(['--agreement-images', '3'])).rejects.toThrow(/--net: [\s\S]*fix: add --net FILE\.onnx --calibrate/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  test('refuses a path that is not an .onnx file, and zoo-only flags, with the fix', async () => {
    await expect(networks(['--net', 'lenet5'])).rejects.toThrow(/--net: expected an \.onnx file[\s\S]*fix: .*without --net lists the zoo/);
    await expect(networks(['--net', fixture('relu6.onnx'), '--resolution', '64'])).rejects.toBeInstanceOf(OhmflowError);
    await expect(networks(['--calibrate'])).rejects.toThrow(/--net: [\s\S]*fix: add --net FILE\.onnx/);
    await expect(networks(['--net', fixture('relu6.onnx'), '--calibration-images', '4'])).rejects.toThrow(/--calibration-images: .*only with --calibrate/);
  });
});
