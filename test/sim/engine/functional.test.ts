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

describe('the rest of the zoo is bit-exact too (reduced input sizes; the big ones reloaded)', () => {
  // None of these fits the default chip's 4,096 arrays at any resolution (weights do not shrink
  // with the input): they run as reload segments, parked data and all.
  test.each([
    ['vgg13', 32, true],
    ['vgg16', 32, true],
    ['resnet34', 32, true],
    ['alexnet', 64, true],
    ['resnet50', 32, true],
    ['resnet101', 32, true],
  ] as const)('%s at %i (reload %s)', (name, resolution, reload) => {
    const r = run(name, { resolution, map: { reload } });
    expect(r.compared).toBeGreaterThan(0);
    expect(r.mismatches).toBe(0);
  }, 120_000);
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
