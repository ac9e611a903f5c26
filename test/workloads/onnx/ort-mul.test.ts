// Channel-broadcast product: ONNX Runtime runs the exported QLinearMul (the gate broadcast from
// [1, C, 1, 1]) and agrees with the reference bit for bit at power-of-two scales (the importer's),
// on every pair of codes and on random squeeze-and-excitation networks; the model imports back.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exportOnnx } from '../../../workloads/onnx/export.js';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { NetworkBuilder } from '../../../workloads/ir/builder.js';
import { runReference } from '../../../workloads/reference/index.js';
import { SeededRandom } from '../../../workloads/random.js';
import { exactMultiplier } from '../../../workloads/zoo/scales.js';
import type { Network, TensorQuant } from '../../../workloads/ir/types.js';
import { ortDiffering as differing } from './ort.js';
import { randomInputs } from './random-network.js';

/** 256 channels of 16x16 holding every x code; channel c's gate is code c - 128: every (x, gate) pair once.
 *  The gate is an affine layer (weight 1, multiplier 1) on the plane's global average, which is the
 *  same code k for every channel (each plane holds every code once), with bias c - 128 - k - zg. */
function allPairs(xq: TensorQuant, gq: TensorQuant, outQuant: TensorQuant): { net: Network; image: Int8Array } {
  const image = Int8Array.from({ length: 256 * 256 }, (_, i) => (((i % 256) * (1 + 2 * ((i >> 8) % 7)) + 37 * (i >> 8)) % 256) - 128);
  const build = (bias: Int32Array) => {
    const b = new NetworkBuilder('mul-codes');
    b.input('x', [256, 16, 16], xq);
    b.globalAvgPool('mean', 'x', { outQuant: { scale: gq.scale, zeroPoint: 0 } });
    b.affine('gate', 'mean', { weights: new Int8Array(256).fill(1), bias, weightQuant: { scales: [1], zeroPoints: [0] }, outQuant: gq });
    b.mul('y', 'x', 'gate', { outQuant });
    return b.build();
  };
  const probe = build(new Int32Array(256));
  const k = runReference({ ...probe, output: 'mean' }, image).output.data[0];
  const net = build(Int32Array.from({ length: 256 }, (_, c) => c - 128 - k - gq.zeroPoint));
  return { net, image };
}

describe('ONNX Runtime agrees with the reference on the product', () => {
  it.each([
    ['power-of-two scales, zero points inside the range', { scale: 2 ** -4, zeroPoint: 5 }, { scale: 2 ** -3, zeroPoint: -7 }, { scale: 2 ** -2, zeroPoint: 3 }],
    ['arbitrary scales (float32 rounding of the product decides)', { scale: 0.0137, zeroPoint: -3 }, { scale: 0.0071, zeroPoint: -128 }, { scale: 0.0293, zeroPoint: -20 }],
    ['products landing on halves, odd output zero point (ties to even after adding it)', { scale: 0.5, zeroPoint: 0 }, { scale: 0.5, zeroPoint: 0 }, { scale: 0.5, zeroPoint: 1 }],
  ] as const)('%s: every (x, gate) code pair', async (_, xq, gq, outQuant) => {
    const { net, image } = allPairs(xq, gq, outQuant);
    const gates = runReference({ ...net, output: 'gate' }, image).output.data;
    expect(new Set(gates).size).toBe(256);
    const r = await differing(net, [image]);
    expect(r.compared).toBe(256 * 256);
    expect(r.differing).toBe(0);
  });
});

/** conv -> (GAP -> conv -> conv) gate -> x * gate -> conv, with random power-of-two activation scales. */
function seNetwork(seed: number, size: number): Network {
  const random = new SeededRandom(seed, 'se-network');
  const quant = (): TensorQuant => ({ scale: 2 ** random.nextInt(-7, -3), zeroPoint: random.nextInt(-128, 20) });
  const b = new NetworkBuilder('se-random');
  const conv = (name: string, from: string, out: number, k: number, relu: boolean) => {
    const [c] = b.shapeOf(from);
    const outQuant = quant();
    const ideal = () => (40 / (Math.sqrt(c * k * k) * 74 * 73)) * (0.5 + 1.5 * random.nextFloat());
    return b.conv2d(name, from, {
      outChannels: out, kernel: k, padding: (k - 1) / 2, relu, outQuant,
      weights: random.fillInt8(new Int8Array(out * c * k * k)), bias: Int32Array.from({ length: out }, () => random.nextInt(-2000, 2000)),
      weightQuant: {
        scales: Array.from({ length: out }, () => (exactMultiplier(ideal()) * outQuant.scale) / b.quantOf(from).scale),
        zeroPoints: new Array<number>(out).fill(0),
      },
    });
  };
  const x = b.input('input', [3, size, size], { scale: 2 ** -4, zeroPoint: random.nextInt(-10, 10) });
  const body = conv('body', x, 6, 3, random.nextFloat() < 0.5);
  const pooled = b.globalAvgPool('squeeze', body, { outQuant: quant() });
  const gate = conv('excite', conv('reduce', pooled, 3, 1, true), 6, 1, false);
  const scaled = b.mul('scale', body, gate, { outQuant: quant() });
  return b.build(conv('head', scaled, 2, 3, false));
}

describe('ONNX Runtime agrees with the reference on random squeeze-and-excitation networks', () => {
  it('random scales, zero points and sizes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(10_000), fc.integer({ min: 2, max: 7 }), async (seed, size) => {
        const net = seNetwork(seed, size);
        const r = await differing(net, randomInputs(net, 2, seed));
        expect(r.compared).toBeGreaterThan(0);
        expect(r.differing).toBe(0);
      }),
      { numRuns: 40, seed: 20261206 },
    );
  }, 180_000);

  it('the exported QLinearMul imports back to the same network', () => {
    const net = seNetwork(11, 5);
    const back = importOnnx(exportOnnx(net));
    expect(back.layers.map((l) => [l.kind, l.inputs])).toEqual(net.layers.map((l) => [l.kind, l.inputs]));
    const image = randomInputs(net, 1, 3)[0];
    expect(runReference(back, image).output.data).toEqual(runReference(net, image).output.data);
  });
});
