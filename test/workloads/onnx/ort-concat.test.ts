// Channel concat: ONNX Runtime runs the exported QLinearConcat (its requantization is a float32
// dequantize then quantize, quant/concat.ts) and agrees with the reference bit for bit, on every
// int8 code at arbitrary scales, on exact ties, on random small networks and on squeezenet-mini.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exportOnnx } from '../../../workloads/onnx/export.js';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { NetworkBuilder } from '../../../workloads/ir/builder.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { runReference } from '../../../workloads/reference/index.js';
import { SeededRandom } from '../../../workloads/random.js';
import { exactMultiplier } from '../../../workloads/zoo/scales.js';
import type { Network, TensorQuant } from '../../../workloads/ir/types.js';
import { ortDiffering as differing } from './ort.js';
import { randomInputs } from './random-network.js';
import { fuzzSeed } from '../../fuzzSeed.js';

/** Two inputs of 256 channels each at 1x1: every int8 code once per input. */
function allCodes(a: TensorQuant, b: TensorQuant, out: TensorQuant): { net: Network; image: Int8Array } {
  const net: Network = {
    name: 'concat-codes',
    output: 'cat',
    layers: [
      { kind: 'input', name: 'x', inputs: [], shape: [256, 1, 1], quant: a },
      { kind: 'maxpool', name: 'same', inputs: ['x'], kernel: [1, 1], stride: [1, 1], padding: [0, 0, 0, 0] },
      // A relabelled copy of x at another quantization: an avgpool over one cell at b.
      { kind: 'avgpool', name: 'other', inputs: ['x'], kernel: [1, 1], stride: [1, 1], padding: [0, 0, 0, 0], outQuant: b },
      { kind: 'concat', name: 'cat', inputs: ['same', 'other'], outQuant: out },
    ],
  };
  return { net, image: Int8Array.from({ length: 256 }, (_, i) => i - 128) };
}

describe('ONNX Runtime agrees with the reference on concat requantization', () => {
  it.each([
    ['arbitrary scales and zero points', { scale: 0.0137, zeroPoint: 5 }, { scale: 0.021, zeroPoint: -17 }, { scale: 0.0291, zeroPoint: 3 }],
    ['an output scale of twice the inputs\' (odd codes land on ties)', { scale: 0.25, zeroPoint: 0 }, { scale: 0.25, zeroPoint: 1 }, { scale: 0.5, zeroPoint: 0 }],
    // 0.3 / 0.2 is 1.5 in reals, a little above in float32 and a little below in float64: odd codes
    // round up only in float32, as ORT computes.
    ['decimal scales whose ratio is a tie in reals (float32 decides)', { scale: 0.3, zeroPoint: 0 }, { scale: 0.3, zeroPoint: 3 }, { scale: 0.2, zeroPoint: 0 }],
    ['saturation (output range narrower than the inputs\')', { scale: 0.1, zeroPoint: -128 }, { scale: 0.07, zeroPoint: 20 }, { scale: 0.03, zeroPoint: -40 }],
    ['one input at the output\'s quantization (copied)', { scale: 0.05, zeroPoint: 7 }, { scale: 0.011, zeroPoint: 0 }, { scale: 0.05, zeroPoint: 7 }],
  ] as const)('%s: every code of both inputs', async (_, a, b, out) => {
    const { net, image } = allCodes(a, b, out);
    const r = await differing(net, [image]);
    expect(r.compared).toBe(512);
    expect(r.differing).toBe(0);
  });
});

/** A trunk conv, 2 or 3 conv branches of random kernels, quantizations and ReLUs, their concat (with
 *  the trunk itself when `withTrunk`), then a 3x3 conv reading the concat. */
function concatNetwork(seed: number, branches: number, withTrunk: boolean, size: number): Network {
  const random = new SeededRandom(seed, 'concat-network');
  const quant = (relu: boolean): TensorQuant => ({
    scale: 2 ** random.nextInt(-6, -3),
    zeroPoint: relu ? random.nextInt(-128, -100) : random.nextInt(-20, 20),
  });
  const b = new NetworkBuilder('concat-random');
  const conv = (name: string, from: string, out: number, k: number, relu: boolean) => {
    const [c] = b.shapeOf(from);
    const fanIn = c * k * k;
    const outQuant = quant(relu);
    // Multipliers m * 2^-s with 8-bit m, exact in ORT's float32 (as the zoo's).
    const multiplier = () => exactMultiplier((40 / (Math.sqrt(fanIn) * 74 * 73)) * (0.5 + 1.5 * random.nextFloat()));
    const scales = Array.from({ length: out }, () => (multiplier() * outQuant.scale) / b.quantOf(from).scale);
    return b.conv2d(name, from, {
      outChannels: out, kernel: k, padding: (k - 1) / 2, relu, outQuant,
      weights: random.fillInt8(new Int8Array(out * fanIn)), bias: Int32Array.from({ length: out }, () => random.nextInt(-2000, 2000)),
      weightQuant: { scales, zeroPoints: new Array<number>(out).fill(0) },
    });
  };
  const x = b.input('input', [3, size, size], { scale: 2 ** -4, zeroPoint: random.nextInt(-10, 10) });
  const trunk = conv('trunk', x, 4, 3, random.nextFloat() < 0.5);
  const parts = withTrunk ? [trunk] : [];
  for (let i = 0; i < branches; i++) parts.push(conv(`branch${i}`, trunk, random.nextInt(1, 5), random.nextFloat() < 0.5 ? 1 : 3, random.nextFloat() < 0.5));
  const cat = b.concat('cat', parts, { outQuant: quant(false) });
  return b.build(conv('head', cat, 3, 3, false));
}

describe('ONNX Runtime agrees with the reference on random concat networks', () => {
  it('2 or 3 inputs (the trunk itself among them or not), random scales, zero points and ReLUs', async () => {
    const args = [fc.nat(10_000), fc.integer({ min: 2, max: 3 }), fc.boolean(), fc.integer({ min: 3, max: 8 })] as const;
    await fc.assert(
      fc.asyncProperty(...args, async (seed, branches, withTrunk, size) => {
        const net = concatNetwork(seed, withTrunk ? branches - 1 : branches, withTrunk, size);
        expect((await differing(net, randomInputs(net, 2, seed))).differing).toBe(0);
      }),
      { numRuns: 60, seed: fuzzSeed(20261206) },
    );
  }, 180_000);

  it('squeezenet-mini (fire modules, one concat requantizing a linear branch): every output equal', async () => {
    const net = getNetwork('squeezenet-mini');
    const r = await differing(net, randomInputs(net, 3, 7));
    expect(r.compared).toBe(30);
    expect(r.differing).toBe(0);
  }, 120_000);
});

describe('export and import', () => {
  it('a QLinearConcat model imports back to the same network', () => {
    const net = getNetwork('squeezenet-mini');
    const back = importOnnx(exportOnnx(net));
    const cats = back.layers.filter((l) => l.kind === 'concat');
    expect(cats.map((l) => [l.name, l.inputs])).toEqual(net.layers.filter((l) => l.kind === 'concat').map((l) => [l.name, l.inputs]));
    const image = randomInputs(net, 1, 3)[0];
    expect(runReference(back, image).output.data).toEqual(runReference(net, image).output.data);
  });
});
