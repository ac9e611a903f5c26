// The chip computes what the network computes: in exact fidelity on the default (lossless) chip,
// the engine's output tensors equal the integer reference bit for bit.
import { describe, expect, test } from 'vitest';
import { run } from './helpers.js';

describe('exact fidelity on the default preset is bit-exact with the reference', () => {
  test.each([
    ['lenet5', 2, undefined],
    ['mlp', 2, undefined],
    ['vgg8', 1, undefined],
    ['resnet18', 1, 32],
  ] as const)('%s (%i images, resolution %s)', (name, images, resolution) => {
    const r = run(name, { images, resolution });
    expect(r.compared).toBeGreaterThan(0);
    expect(r.result.outputs).toHaveLength(images);
    expect(r.mismatches).toBe(0);
  }, 60_000);

  test('kernel-split mapping is bit-exact too (the layout sums array sets digitally)', () => {
    const r = run('lenet5', { map: { mapping: 'kernel-split' } });
    expect(r.mismatches).toBe(0);
  });

  test('a fixed duplication of 4 copies per layer is bit-exact', () => {
    const r = run('lenet5', { map: { dup: 4 } });
    expect(r.mismatches).toBe(0);
  });
});

describe('determinism', () => {
  test('same network, inputs and seed give the same outputs, times and event count', () => {
    const a = run('lenet5', { images: 2 }).result;
    const b = run('lenet5', { images: 2 }).result;
    expect(b.events).toBe(a.events);
    expect(b.imageEndPs).toEqual(a.imageEndPs);
    expect(b.energyPj).toEqual(a.energyPj);
    expect(b.outputs).toEqual(a.outputs);
  });
});
