// The int8-against-float report (agreement.ts): its arithmetic on outputs worked by hand, the two
// float executors giving the same figures, and a deliberately bad calibration scoring worse than a
// good one on the same images.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { agreementMetrics, argmax, cosine } from '../../../workloads/onnx/agreement-metrics.js';
import { calibrationSet, heldOutImages } from '../../../workloads/onnx/calibration-set.js';
import { floatInt8Agreement } from '../../../workloads/onnx/agreement.js';
import { calibrateOnnx } from '../../../workloads/onnx/calibrate.js';
import { parseOnnx } from '../../../workloads/onnx/parse.js';
import { floats } from './onnx-builder.js';

const fixture = (name: string): string => fileURLToPath(new URL(`fixtures/${name}.onnx`, import.meta.url));
const model = fixture('tiny-resnet');
const SIZE = 3 * 16 * 16;
const seededImages = (size: number) => Array.from({ length: 16 }, (_, i) => Float64Array.from(floats(size, 100 + i)));
const images = seededImages(SIZE);

/** The agreement on `images` of the model calibrated on `calibration`. */
async function agreementAfter(calibration: Float64Array[]) {
  const parsed = parseOnnx(model);
  const { net } = await calibrateOnnx(parsed, { calibration, executor: 'javascript' });
  return floatInt8Agreement(parsed, net, images);
}

describe('agreement metrics', () => {
  it('counts top-1 matches and sums error energy over every output, as worked by hand', () => {
    // Image 0: same top class; error (-0.1, 0.1). Image 1: float top class 1, int8 top class 0.
    const m = agreementMetrics([[1, 0], [0, 1]], [[0.9, 0.1], [0.6, 0.5]]);
    expect(m.top1Agreeing).toBe(1);
    expect(m.top1AgreementPct).toBe(50);
    // Signal 1 + 1 = 2; noise 0.01 + 0.01 + 0.36 + 0.25 = 0.63.
    expect(m.outputSnrDb).toBeCloseTo(10 * Math.log10(2 / 0.63), 10);
    expect(m.maxAbsError).toBeCloseTo(0.6, 12);
    expect(m.floatMaxAbs).toBe(1);
  });

  it('averages the cosine of each image\'s two output vectors, as worked by hand', () => {
    // (3, 4) against (4, 3): 24 / (5 * 5) = 0.96. (1, 0) against (0, 2): orthogonal, 0.
    // (1, 1) against (2, 2): the same direction at twice the scale, 1. Mean: 1.96 / 3.
    const m = agreementMetrics([[3, 4], [1, 0], [1, 1]], [[4, 3], [0, 2], [2, 2]]);
    expect(m.cosineSimilarity).toBeCloseTo(1.96 / 3, 12);
    // Opposite directions: -1. All-zero outputs: 1 when both are, 0 against a non-zero one.
    expect(cosine([1, -2], [-1, 2])).toBeCloseTo(-1, 12);
    expect(cosine([0, 0], [0, 0])).toBe(1);
    expect(cosine([0, 0], [0, 1])).toBe(0);
  });

    it('has no SNR when the outputs are exact, and takes the first of tied maxima', () => {
    expect(agreementMetrics([[3, -1]], [[3, -1]]).outputSnrDb).toBeNull();
    expect(argmax([2, 5, 5, 1])).toBe(1);
    expect(() => agreementMetrics([[1, 2]], [[1]])).toThrow(/image 0/);
  });
});

describe('held-out images', () => {
  it('are seeded, drawn as calibration images are, and none of them is a calibration image', () => {
    const shape = [3, 4, 4];
    const held = heldOutImages(8, shape);
    const cal = calibrationSet({}, shape, 'test');
    expect(heldOutImages(8, shape)).toEqual(held);
    expect(heldOutImages(8, shape, 2)).not.toEqual(held);
    expect(held.every((x) => x.length === 48 && x.every((v) => v >= -1 && v < 1))).toBe(true);
    for (const h of held) expect(cal.some((c) => c.every((v, i) => v === h[i]))).toBe(false);
  });
});

describe('int8 against float on a calibrated PyTorch export', () => {
  // silu-softmax ends in a Softmax the import drops: ONNX Runtime must be read before it, as the int8 network is.
  it.each(['tiny-resnet', 'silu-softmax'])('%s: ONNX Runtime and JavaScript float runs give the same figures, plausible for int8', async (name) => {
    const parsed = parseOnnx(fixture(name));
    const images = seededImages(parsed.drafts.get(parsed.order[0])!.shape.reduce((p, d) => p * d, 1));
    const { net } = await calibrateOnnx(parsed, { calibration: images, executor: 'javascript' });
    const ort = await floatInt8Agreement(parsed, net, images, { executor: 'onnxruntime' });
    const js = await floatInt8Agreement(parsed, net, images, { executor: 'javascript' });
    expect([ort.executor, js.executor]).toEqual(['onnxruntime', 'javascript']);
    expect(ort.top1Agreeing).toBe(js.top1Agreeing);
    expect(ort.outputSnrDb!).toBeCloseTo(js.outputSnrDb!, 3);
    expect(ort.cosineSimilarity).toBeCloseTo(js.cosineSimilarity, 6);
    // 8-bit activations give roughly 6 dB per bit less the layers' accumulated rounding: tens of dB.
    expect(ort.outputSnrDb!).toBeGreaterThan(30);
    expect(ort.outputSnrDb!).toBeLessThan(60);
    expect(ort.maxAbsError).toBeGreaterThan(0);
    expect(ort.maxAbsError).toBeLessThan(0.05 * ort.floatMaxAbs);
    expect(ort.images).toBe(16);
  });

  it('a deliberately bad calibration agrees less with the float model than a good one', async () => {
    const good = await agreementAfter(images);
    // Scales from images 20x smaller than those compared on: activations clip at every layer.
    const clipped = await agreementAfter(images.map((x) => x.map((v) => v * 0.05)));
    // One image 50x larger than the rest: scales so wide that the others keep few levels.
    const outlier = await agreementAfter([...images, Float64Array.from(floats(SIZE, 7, 50))]);
    expect(good.top1AgreementPct).toBeGreaterThan(clipped.top1AgreementPct);
    expect(good.outputSnrDb!).toBeGreaterThan(clipped.outputSnrDb! + 20);
    expect(good.outputSnrDb!).toBeGreaterThan(outlier.outputSnrDb! + 10);
    expect(good.cosineSimilarity).toBeGreaterThan(clipped.cosineSimilarity);
    expect(outlier.maxAbsError).toBeGreaterThan(good.maxAbsError);
  });
});
