// FunctionalChip.runBatch runs a layer pixel by pixel over a batch of images, switching read-noise
// streams between images. Its outputs must be the images' own: checked against an oracle that
// runs LeNet-5's first conv the plain way (one image at a time, one noise stream per image from
// index 0, pixels in order), on the row kernel and on the packed path, and on the whole network
// against the images one by one.
import { describe, expect, test, vi } from 'vitest';
import { loadArch } from '../../../hw/arch/index.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import type { Conv2dLayer, InputLayer, Network } from '../../../workloads/ir/types.js';
import { layerRequantizers, requantize } from '../../../workloads/quant/index.js';
import { buildLayout } from '../../../sim/engine/layout.js';
import { layoutScratch } from '../../../sim/engine/compute/exact.js';
import { crossbarKernel } from '../../../sim/engine/compute/crossbarKernel.js';
import { analogParamsFor } from '../../../sim/engine/compute/device.js';
import { imageNoiseKey, ReadNoise } from '../../../sim/engine/compute/readNoise.js';
import { gatherPixelWindow, weightLayerGeometry } from '../../../sim/engine/compute/window.js';
import type { AnalogParams } from '../../../sim/engine/compute/analog.js';
import { FunctionalChip } from '../../../sim/functional/index.js';
import { RowBatch } from '../../../sim/engine/compute/rowBatch.js';
import { inputsFor } from '../engine/helpers.js';

const arch = loadArch('neurosim-vgg8');
const lenet = getNetwork('lenet5');
const input = lenet.layers[0] as InputLayer;
const conv = lenet.layers[1] as Conv2dLayer;
/** LeNet-5 cut after its first conv: 784 pixels, one weight copy each on this chip. */
const firstConv: Network = { name: 'lenet5-c1', layers: [input, conv], output: conv.name };
// Images out of order, and the same input twice in a row (a copy's reused window).
const images = [7, 3, 0, 12, 4, 5];
const inputs = inputsFor(lenet, 5);
inputs.push(inputs[4]);

/** The first conv's outputs, image by image: a fresh noise stream per image, pixels in order. */
function oneByOne(analog: Partial<AnalogParams>, net = firstConv, chipArch = arch, xs = inputs, ids = images): Int8Array[] {
  const [input, conv] = net.layers as [InputLayer, Conv2dLayer];
  const mapped = mapNetwork(net, chipArch);
  const m = mapped.layers[1];
  const inShape = { c: input.shape[0], h: input.shape[1], w: input.shape[2] };
  const geometry = weightLayerGeometry(conv, inShape);
  const layout = buildLayout(conv, inShape.c, m.partition!, { rows: chipArch.tile.pe.crossbar.rows, activeRows: chipArch.tile.pe.crossbar.activeRows });
  const a = analogParamsFor(chipArch, analog);
  const noise = new ReadNoise(0);
  const compute = crossbarKernel(layout, layoutScratch(layout), chipArch, 'analog', a, 1, noise);
  const requantizers = layerRequantizers(conv, input.quant.scale);
  const [c, h, w] = m.outShape;
  const zx = input.quant.zeroPoint;
  const window = new Int32Array(geometry.inC * geometry.kh * geometry.kw);
  const acc = new Int32Array(c);
  return xs.map((x, k) => {
    noise.reseed(imageNoiseKey(a.seed, 1, ids[k]));
    const y = new Int8Array(c * h * w);
    for (let p = 0; p < h * w; p++) {
      gatherPixelWindow(x, geometry, p, w, zx, window);
      acc.set(conv.bias);
      compute(p % m.duplication, window, zx, acc);
      for (let oc = 0; oc < c; oc++) y[oc * h * w + p] = requantize(acc[oc], requantizers[oc]);
    }
    return y;
  });
}

describe('FunctionalChip.runBatch', () => {
  test.each([
    ['row kernel', { seed: 5, readNoiseSigma: 0.5, conductanceSigma: 0.1 }],
    // c2c variation sends the copies to the packed path.
    ['packed path', { seed: 2, readNoiseSigma: 0.3, c2cSigma: 0.05 }],
  ] as const)('a batch equals the images run one by one (%s)', (_path, analog) => {
    const expected = oneByOne(analog);
    const chip = new FunctionalChip(firstConv, mapNetwork(firstConv, arch), arch, { fidelity: 'analog', analog });
    const batched = chip.runBatch(inputs.slice(0, 4), images.slice(0, 4)).concat(chip.runBatch(inputs.slice(4), images.slice(4)));
    expect(batched).toEqual(expected);
    // The noise is live: the first input under another index gives another output.
    expect(chip.runBatch([inputs[0]], [8])[0]).not.toEqual(expected[0]);
  }, 120_000);

  // The row kernel runs a pixel over up to ROW_BATCH_IMAGES images in one module call
  // (rowBatch.ts): windows gathered in the module (padding taps too), the digital corrections
  // there, batches longer than one call, no read noise, differential weights.
  const padded: Conv2dLayer = { ...conv, padding: [2, 2, 2, 2] };
  const paddedNet: Network = { name: 'c1-padded', layers: [{ ...input, shape: [1, 28, 28] }, padded], output: padded.name };
  const differential = structuredClone(arch);
  differential.precision.weightEncoding = 'differential';
  test.each([
    ['padding, 70 images', paddedNet, arch, { seed: 3, readNoiseSigma: 0.3, conductanceSigma: 0.1 }],
    ['no read noise', firstConv, arch, { seed: 6, readNoiseSigma: 0, conductanceSigma: 0.1 }],
    ['differential weights', firstConv, differential, { seed: 7, readNoiseSigma: 0.3, conductanceSigma: 0.05 }],
  ] as const)('the row kernel\'s batch calls equal the images run one by one (%s)', (_case, net, chipArch, analog) => {
    const xs = inputsFor(net, 66);
    // Repeated inputs: a copy sees the window of its last call again (across the 64-image calls too).
    xs.push(xs[65], xs[65], xs[3], xs[3]);
    const ids = xs.map((_, k) => 100 + k);
    const expected = oneByOne(analog, net, chipArch, xs, ids);
    const start = vi.spyOn(RowBatch.prototype, 'start');
    try {
      const chip = new FunctionalChip(net, mapNetwork(net, chipArch), chipArch, { fidelity: 'analog', analog });
      const got = chip.runBatch(xs, ids);
      // Counted, not diffed: a diff of 70 outputs of 4,704 values takes minutes to print.
      const differing = got.filter((y, k) => y.length !== expected[k].length || y.some((v, i) => v !== expected[k][i]));
      expect(differing.length).toBe(0);
      expect(start).toHaveBeenCalledTimes(2);
    } finally {
      start.mockRestore();
    }
  }, 120_000);

  test('the whole network: a batch equals run() image by image', () => {
    const mapped = mapNetwork(lenet, arch);
    const options = { fidelity: 'analog' as const, analog: { seed: 4, readNoiseSigma: 0.5 } };
    const single = new FunctionalChip(lenet, mapped, arch, options);
    const expected = inputs.map((x, k) => single.run(x, images[k]));
    expect(new FunctionalChip(lenet, mapped, arch, options).runBatch(inputs, images)).toEqual(expected);
  }, 120_000);
});
