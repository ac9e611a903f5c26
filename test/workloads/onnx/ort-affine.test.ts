// Per-channel affine: ONNX Runtime runs the exported depthwise 1x1 QLinearConv and agrees with the
// reference bit for bit, on every int8 code of each channel and on random networks (DenseNet-style
// concat -> affine + ReLU -> conv, affine before a padded conv, affine as the output); the exported
// model imports back to the same affine layers.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exportOnnx } from '../../../workloads/onnx/export.js';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { NetworkBuilder } from '../../../workloads/ir/builder.js';
import { runReference } from '../../../workloads/reference/index.js';
import { SeededRandom } from '../../../workloads/random.js';
import { exactMultiplier } from '../../../workloads/zoo/scales.js';
import type { Network, TensorQuant, WeightQuant } from '../../../workloads/ir/types.js';
import { ortDiffering as differing } from './ort.js';
import { randomInputs } from './random-network.js';

/** Per-channel weight scales whose multipliers inScale * w / outScale are exact 8-bit mantissas (ORT-exact, zoo/scales.ts). */
function exactWeightQuant(random: SeededRandom, channels: number, inScale: number, outScale: number): WeightQuant {
  const scales = Array.from({ length: channels }, () => (exactMultiplier(0.002 + 0.03 * random.nextFloat()) * outScale) / inScale);
  return { scales, zeroPoints: new Array<number>(channels).fill(0) };
}

function randomAffine(b: NetworkBuilder, random: SeededRandom, name: string, from: string, outQuant: TensorQuant, relu: boolean, clamp: boolean): string {
  const [c] = b.shapeOf(from);
  const weights = Int8Array.from({ length: c }, () => random.nextInt(-127, 127));
  const bias = Int32Array.from({ length: c }, () => random.nextInt(-3000, 3000));
  const zy = outQuant.zeroPoint;
  return b.affine(name, from, {
    weights, bias, weightQuant: exactWeightQuant(random, c, b.quantOf(from).scale, outQuant.scale), outQuant, relu,
    ...(clamp ? { clamp: { min: Math.max(-128, zy - 10), max: Math.min(127, zy + 40) } } : {}),
  });
}

describe('ONNX Runtime agrees with the reference on affine requantization', () => {
  it.each([
    ['no activation', false, false],
    ['a fused ReLU', true, false],
    ['a fused ReLU and clip', true, true],
  ] as const)('%s: every code of 8 channels of mixed-sign weights', async (_, relu, clamp) => {
    const b = new NetworkBuilder('affine-codes');
    b.input('x', [8, 16, 16], { scale: 2 ** -5, zeroPoint: 7 });
    randomAffine(b, new SeededRandom(3, 'codes'), 'bn', 'x', { scale: 2 ** -4, zeroPoint: -5 }, relu, clamp);
    const net = b.build();
    // Each 16x16 plane holds all 256 codes, in a different order per channel.
    const image = Int8Array.from({ length: 8 * 256 }, (_, i) => (((i % 256) * (2 * Math.floor(i / 256) + 1)) % 256) - 128);
    const r = await differing(net, [image]);
    expect(r.compared).toBe(8 * 256);
    expect(r.differing).toBe(0);
  });
});

/** Trunk conv; concat of it and a branch (DenseNet's running concat); affine (+ReLU) on the concat; then
 *  a conv that is padded or not; optionally another affine as the output. */
function affineNetwork(seed: number, relu: boolean, padded: boolean, affineOutput: boolean, size: number): Network {
  const random = new SeededRandom(seed, 'affine-network');
  const quant = (): TensorQuant => ({ scale: 2 ** random.nextInt(-6, -3), zeroPoint: random.nextInt(-20, 20) });
  const b = new NetworkBuilder('affine-random');
  const conv = (name: string, from: string, out: number, k: number, pad: number) => {
    const [c] = b.shapeOf(from);
    const outQuant = quant();
    const ideal = () => (40 / (Math.sqrt(c * k * k) * 74 * 73)) * (0.5 + 1.5 * random.nextFloat());
    const scales = Array.from({ length: out }, () => (exactMultiplier(ideal()) * outQuant.scale) / b.quantOf(from).scale);
    return b.conv2d(name, from, {
      outChannels: out, kernel: k, padding: pad, relu: false, outQuant,
      weights: random.fillInt8(new Int8Array(out * c * k * k)), bias: Int32Array.from({ length: out }, () => random.nextInt(-2000, 2000)),
      weightQuant: { scales, zeroPoints: new Array<number>(out).fill(0) },
    });
  };
  const x = b.input('input', [3, size, size], { scale: 2 ** -4, zeroPoint: random.nextInt(-10, 10) });
  const trunk = conv('trunk', x, 4, 3, 1);
  const branch = conv('branch', trunk, 3, 1, 0);
  const cat = b.concat('cat', [trunk, branch], { outQuant: quant() });
  const norm = randomAffine(b, random, 'norm', cat, quant(), relu, false);
  const head = conv('head', norm, 3, 3, padded ? 1 : 0);
  return b.build(affineOutput ? randomAffine(b, random, 'out', head, quant(), false, false) : head);
}

describe('ONNX Runtime agrees with the reference on random affine networks', () => {
  it('affine on a concat, with or without ReLU, before a padded conv or not, as the output or not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(10_000), fc.boolean(), fc.boolean(), fc.boolean(), fc.integer({ min: 3, max: 7 }), async (seed, relu, padded, out, size) => {
        const net = affineNetwork(seed, relu, padded, out, size);
        const r = await differing(net, randomInputs(net, 2, seed));
        expect(r.compared).toBeGreaterThan(0);
        expect(r.differing).toBe(0);
      }),
      { numRuns: 40, seed: 20261206 },
    );
  }, 180_000);
});

describe('export and import', () => {
  it('the exported depthwise 1x1 QLinearConvs import back as the same affine layers, computing the same outputs', () => {
    const net = affineNetwork(5, true, true, true, 6);
    const back = importOnnx(exportOnnx(net));
    expect(back.layers.map((l) => l.kind)).toEqual(net.layers.map((l) => l.kind));
    const affines = (n: Network) => n.layers.filter((l) => l.kind === 'affine');
    expect(affines(back)).toEqual(affines(net));
    const image = randomInputs(net, 1, 3)[0];
    expect(runReference(back, image).output.data).toEqual(runReference(net, image).output.data);
  });
});
