// Zoo behaviour: seeded determinism, resolution override, registry errors, and activations that
// use the int8 range (checked by running the reference on a seeded input at a reduced resolution).
import { describe, expect, it } from 'vitest';
import { getNetwork, listNetworks } from '../../../workloads/zoo/registry.js';
import { runReference } from '../../../workloads/reference/execute.js';
import { randomInt8Input } from '../../../workloads/datasets/random.js';
import { convMultiplier } from '../../../workloads/quant/multiplier.js';
import { OhmflowError } from '../../../workloads/errors.js';
import type { Network } from '../../../workloads/ir/types.js';

function inputShape(net: Network): readonly number[] {
  const input = net.layers.find((l) => l.kind === 'input');
  return input?.kind === 'input' ? input.shape : [];
}

/** Smallest resolutions that keep each ImageNet network's shapes valid (fast to run). */
const TEST_RESOLUTION: Record<string, number> = { alexnet: 64 };

describe('zoo', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = getNetwork('resnet18', { resolution: 32, seed: 7 });
    const b = getNetwork('resnet18', { resolution: 32, seed: 7 });
    const c = getNetwork('resnet18', { resolution: 32, seed: 8 });
    // Compare bytes (deep equality of 11 M typed-array elements is slow in the matcher).
    const weights = (n: Network) => Buffer.concat(n.layers.flatMap((l) => (l.kind === 'conv2d' ? [Buffer.from(l.weights.buffer)] : [])));
    expect(weights(a).equals(weights(b))).toBe(true);
    expect(weights(a).equals(weights(c))).toBe(false);
    const image = randomInt8Input(inputShape(a), 3);
    expect(runReference(a, image).output.data).toEqual(runReference(b, image).output.data);
  });

  it('overrides the input resolution of ImageNet networks only', () => {
    expect(inputShape(getNetwork('resnet50', { resolution: 64 }))).toEqual([3, 64, 64]);
    expect(inputShape(getNetwork('vgg16', { resolution: 32 }))).toEqual([3, 32, 32]);
    expect(inputShape(getNetwork('lenet5', { resolution: 64 }))).toEqual([1, 32, 32]);
  });

  it('rejects an unknown name listing the valid ones, and accepts any case', () => {
    expect(() => getNetwork('resnet19')).toThrow(OhmflowError);
    expect(() => getNetwork('resnet19')).toThrow(/resnet18, resnet34/);
    expect(getNetwork('LeNet5').name).toBe('lenet5');
  });

  it('names the layer when the resolution is too small', () => {
    expect(() => getNetwork('alexnet', { resolution: 16 })).toThrow(/too small|does not fit/);
  });

  it('uses multipliers M = m * 2^-s with m < 2^8 and s <= 16 (exact in ORT float32)', () => {
    const net = getNetwork('resnet18', { resolution: 32 });
    // Each tensor's scale: its own outQuant, or its input's for pass-through layers (max pool, flatten).
    const scale = new Map<string, number>();
    for (const l of net.layers) {
      scale.set(l.name, l.kind === 'input' ? l.quant.scale : 'outQuant' in l ? l.outQuant.scale : scale.get(l.inputs[0])!);
    }
    for (const layer of net.layers) {
      if (layer.kind !== 'conv2d' && layer.kind !== 'dense') continue;
      const inScale = scale.get(layer.inputs[0])!;
      for (const ws of layer.weightQuant.scales) {
        const m = convMultiplier(inScale, ws, layer.outQuant.scale) * 2 ** 16;
        expect(Number.isInteger(m) && m >= 1 && m < 2 ** 24).toBe(true);
      }
    }
  });

  for (const entry of listNetworks()) {
    it(`${entry.name}: every requantized layer keeps >= 25% of outputs inside (-128, 127) and <= 5% at 127`, () => {
      const net = getNetwork(entry.name, { resolution: TEST_RESOLUTION[entry.name] ?? 32, seed: 1 });
      const { tensors } = runReference(net, randomInt8Input(inputShape(net), 11), { keepIntermediates: true });
      for (const layer of net.layers) {
        if (!['conv2d', 'dense', 'add', 'concat', 'avgpool', 'globalavgpool'].includes(layer.kind)) continue;
        const data = tensors!.get(layer.name)!.data;
        let inside = 0;
        let top = 0;
        for (const v of data) {
          if (v > -128 && v < 127) inside += 1;
          if (v === 127) top += 1;
        }
        expect({ layer: layer.name, ok: inside / data.length >= 0.25 && top / data.length <= 0.05 })
          .toEqual({ layer: layer.name, ok: true });
      }
    }, 60_000);
  }
});
