// Exported models run in ONNX Runtime give the integer reference's outputs bit for bit.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exportOnnx } from '../../../workloads/onnx/export.js';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { runReference } from '../../../workloads/reference/index.js';
import type { Network, TensorQuant } from '../../../workloads/ir/types.js';
import { runOrt } from './ort.js';
import { buildNetwork, randomInputs, recipeArbitrary } from './random-network.js';
import { fuzzSeed } from '../../fuzzSeed.js';

async function mismatches(net: Network, images: readonly Int8Array[]): Promise<{ compared: number; differing: number }> {
  const ortOutputs = await runOrt(exportOnnx(net), net, images);
  let compared = 0;
  let differing = 0;
  images.forEach((image, i) => {
    const reference = runReference(net, image).output.data;
    expect(ortOutputs[i].length).toBe(reference.length);
    for (let k = 0; k < reference.length; k++) {
      compared++;
      if (ortOutputs[i][k] !== reference[k]) differing++;
    }
  });
  return { compared, differing };
}

describe('ONNX Runtime agrees with the reference on exported zoo networks', () => {
  const cases: [string, number | undefined, number][] = [
    ['mlp', undefined, 4],
    ['lenet5', undefined, 4],
    ['vgg8', undefined, 2],
    ['resnet18', 32, 2],
    ['resnet18', 64, 1],
  ];
  for (const [name, resolution, images] of cases) {
    it(`${name}${resolution ? ` at ${resolution}x${resolution}` : ''}: every output value equal`, async () => {
      const net = getNetwork(name, resolution ? { resolution } : {});
      const result = await mismatches(net, randomInputs(net, images, 7));
      expect(result.compared).toBeGreaterThan(0);
      expect(result.differing).toBe(0);
    }, 180_000);
  }
});

describe('ONNX Runtime agrees with the reference on random small networks', () => {
  it('random shapes, strides, padding, groups, pools and residual adds', async () => {
    await fc.assert(
      fc.asyncProperty(recipeArbitrary, async (recipe) => {
        const net = buildNetwork(recipe);
        const result = await mismatches(net, randomInputs(net, 3, recipe.seed));
        expect(result.differing).toBe(0);
      }),
      { numRuns: 150, seed: fuzzSeed(20261125) },
    );
  }, 180_000);
});

describe('optional ONNX inputs', () => {
  it('conv and dense without bias (the bias input omitted) agree and round-trip', async () => {
    const base = buildNetwork({
      channels: 2, height: 5, width: 5, head: 'flatten-dense', denseOut: 4, seed: 9,
      steps: [{ op: 'conv', out: 3, kh: 3, kw: 3, stride: 1, pads: [1, 1, 1, 1], groupsPick: 0, relu: true }],
    });
    const net: Network = {
      ...base,
      layers: base.layers.map((l) => (l.kind === 'conv2d' || l.kind === 'dense' ? { ...l, bias: new Int32Array(l.bias.length), hasBias: false } : l)),
    };
    const result = await mismatches(net, randomInputs(net, 3, 9));
    expect(result.differing).toBe(0);
    const imported = importOnnx(exportOnnx(net));
    expect(imported.layers.filter((l) => 'hasBias' in l && l.hasBias === false)).toHaveLength(2);
  });
});

// Exact ties, where the placement of the zero point and ORT's float32 multipliers decide the result:
// ORT's QLinearAdd / QLinearAveragePool add the output zero point before rounding half to even, and
// QLinearGlobalAveragePool multiplies by f32(sx / f32(sy * H * W)); quant/elementwise.ts follows both.
describe('exact ties: the reference rounds as ORT does', () => {
  const odd: TensorQuant = { scale: 1, zeroPoint: 1 };
  // Odd codes at scale 1/4, summed with themselves at scale 1, land exactly on halves.
  const halves = Int8Array.from({ length: 16 }, (_, i) => 2 * i - 15);

  it('add: ORT agrees with the reference on ties', async () => {
    const net: Network = {
      name: 'add-ties',
      output: 'sum',
      layers: [
        { kind: 'input', name: 'x', inputs: [], shape: [16], quant: { scale: 0.25, zeroPoint: 0 } },
        { kind: 'add', name: 'sum', inputs: ['x', 'x'], outQuant: odd, relu: false },
      ],
    };
    expect((await mismatches(net, [halves])).differing).toBe(0);
  });

  it('average pool: ORT agrees with the reference on ties', async () => {
    const net: Network = {
      name: 'avgpool-ties',
      output: 'pool',
      layers: [
        { kind: 'input', name: 'x', inputs: [], shape: [1, 2, 8], quant: { scale: 1, zeroPoint: 0 } },
        { kind: 'avgpool', name: 'pool', inputs: ['x'], kernel: [1, 2], stride: [1, 2], padding: [0, 0, 0, 0], outQuant: odd },
      ],
    };
    // Neighbours of opposite parity average to exact halves.
    expect((await mismatches(net, [Int8Array.from({ length: 16 }, (_, i) => i - 8)])).differing).toBe(0);
  });

  it('global average pool over 30 cells: ORT agrees with the reference on ties', async () => {
    const net: Network = {
      name: 'gap-ties',
      output: 'pool',
      layers: [
        { kind: 'input', name: 'x', inputs: [], shape: [8, 6, 5], quant: { scale: 1, zeroPoint: 0 } },
        { kind: 'globalavgpool', name: 'pool', inputs: ['x'], outQuant: { scale: 1, zeroPoint: 0 } },
      ],
    };
    // Channel sums of 30 * k + 15 average to exact halves; float32(1/30) is not exact.
    const image = new Int8Array(8 * 30);
    [15, 45, 75, 105, -15, -45, -75, -105].forEach((sum, c) => (image[c * 30] = sum));
    expect((await mismatches(net, [image])).differing).toBe(0);
  });
});
