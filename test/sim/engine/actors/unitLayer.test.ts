// The unit layer actor (sim/engine/actors/unitLayer.ts): pooling, global average pooling and
// residual add on the digital units of the tiles it is placed on. Each pixel reads its window
// through the tile's input-buffer port, then runs its chain of units (pipelined) on the tile's
// shared banks. Small networks of one conv and the layer under test on the lossless chip (1 GHz,
// per tile 2 max-pool units, 1 avg-pool unit, 2 residual adders, 4 requantizers, 4 activation units).
import { describe, expect, test } from 'vitest';
import { Simulator } from '../../../../sim/kernel/index.js';
import { buildGraph } from '../../../../sim/engine/build.js';
import { UnitLayerActor } from '../../../../sim/engine/actors/unitLayer.js';
import { simulate } from '../../../../sim/engine/index.js';
import { loadArch } from '../../../../hw/arch/index.js';
import { loadTech } from '../../../../hw/tech/index.js';
import { mapNetwork } from '../../../../hw/mapping/index.js';
import { ZooBuilder } from '../../../../workloads/zoo/index.js';
import { runReference } from '../../../../workloads/reference/index.js';
import type { Network } from '../../../../workloads/ir/types.js';
import { LOSSLESS } from '../../../losslessArch.js';
import { inputsFor, registeredStats, run } from '../helpers.js';

const arch = loadArch(LOSSLESS);
const NS = 1000;

type Head = (z: ZooBuilder, a: string) => string;

/** A 16-channel 3x3 conv 'a' over an 8 x `h` x `h` input (same padding), then `head` named 'u'. */
function net(head: Head, h = 4): Network {
  const z = new ZooBuilder('unit', 5);
  const a = z.conv('a', z.input([8, h, h]), { outChannels: 16, kernel: 3, padding: 1, relu: true });
  head(z, a);
  return z.build('u');
}

const HEADS: Record<string, Head> = {
  'a 2x2 max pool': (z, a) => z.maxPool('u', a, { kernel: 2 }),
  'a 3x3 max pool of stride 2, padded': (z, a) => z.maxPool('u', a, { kernel: 3, stride: 2, padding: 1 }),
  'a 2x2 average pool': (z, a) => z.avgPool('u', a, { kernel: 2 }),
  'a global average pool': (z, a) => z.globalAvgPool('u', a),
  'a residual add with ReLU': (z, a) => z.add('u', a, z.conv('b', a, { outChannels: 16, kernel: 3, padding: 1, relu: false }), { relu: true }),
};

function runHead(name: keyof typeof HEADS & string, h = 4) {
  const n = net(HEADS[name], h);
  const mapped = mapNetwork(n, arch, { dup: 'none' });
  const inputs = inputsFor(n, 1);
  const result = simulate({ net: n, mapped, arch, tech: loadTech(arch.tech), inputs });
  const reference = runReference(n, inputs[0]).output.data;
  const stat = (s: string) => result.stats.find((x) => x.name === `tile0.${s}`)!.value;
  return { mapped, result, reference, u: result.layers.find((l) => l.name === 'u')!, stat };
}

describe('what it computes', () => {
  test.each([
    ['a 2x2 max pool', 4],
    ['a 3x3 max pool of stride 2, padded', 7],
    ['a 2x2 average pool', 4],
    ['a global average pool', 4],
    ['a residual add with ReLU', 4],
  ] as const)('%s: the output equals the reference', (name, h) => {
    const { mapped, result, reference } = runHead(name, h);
    expect(mapped.layers.find((l) => l.name === 'u')!.engine).toBe('digitalUnit');
    expect(result.outputs[0]).toEqual(reference);
  });
});

describe('what a pixel reads and runs', () => {
  test('each pixel reads its window through the input buffer port, never over the bus', () => {
    // 2x2 max pool: 4 pixels of 16 x 2 x 2 values; residual add: 16 pixels of 16 values from each input.
    expect(runHead('a 2x2 max pool').u.tally).toMatchObject({ bufferReadBits: 4 * 64 * 8, busBits: 0 });
    expect(runHead('a residual add with ReLU').u.tally).toMatchObject({ bufferReadBits: 16 * 2 * 16 * 8, busBits: 0 });
    // A global pool reads all of its input for its one pixel.
    expect(runHead('a global average pool').u.tally).toMatchObject({ bufferReadBits: 16 * 16 * 8, busBits: 0 });
  });

  test('a pixel runs its unit chain: max pool C x k x k compares; average pool C x k x k adds and C requantizations; add C additions, C requantizations and C ReLUs', () => {
    expect(runHead('a 2x2 max pool').u.tally).toMatchObject({ maxPoolOps: 4 * 64, avgPoolOps: 0, requantizeOps: 0 });
    expect(runHead('a 2x2 average pool').u.tally).toMatchObject({ avgPoolOps: 4 * 64, requantizeOps: 4 * 16 });
    expect(runHead('a global average pool').u.tally).toMatchObject({ avgPoolOps: 256, requantizeOps: 16 });
    expect(runHead('a residual add with ReLU').u.tally).toMatchObject({ residualAddOps: 16 * 16, requantizeOps: 16 * 16, activationOps: 16 * 16 });
  });

  test('a pixel holds its tile\'s bank for ceil(ops / units) cycles: 64 compares on 2 max-pool units are 32 cycles, 64 adds on 1 avg-pool unit 64', () => {
    expect(runHead('a 2x2 max pool').stat('maxPoolBusyPs')).toBe(4 * 32 * NS);
    expect(runHead('a 2x2 average pool').stat('avgPoolBusyPs')).toBe(4 * 64 * NS);
    // The add's 16 additions on 2 adders: 8 cycles a pixel.
    expect(runHead('a residual add with ReLU').stat('residualAddBusyPs')).toBe(16 * 8 * NS);
  });
});

describe('its lanes', () => {
  test('the units of a chain are pipelined: an average pool\'s pixel takes its 64 avg-pool cycles, not those plus its 4 of requantization', () => {
    const { u } = runHead('a 2x2 average pool');
    expect(u.stagePs).toBe(4 * 64 * NS);
  });

  test('a lane is busy no longer than the units it runs on, and queueing behind its own previous pixel is not a wait for units', () => {
    // Alone on its tile's avg-pool unit, the pool keeps it busy 4 x 64 cycles; its lane can be no busier.
    const { u, stat } = runHead('a 2x2 average pool');
    expect(u.stagePs).toBeLessThanOrEqual(stat('avgPoolBusyPs'));
    expect(u.waitsPs.units).toBe(0);
  });

  test('a global average pool has one band on its first tile (it reads its whole input) and one pixel', () => {
    const n = net(HEADS['a global average pool']);
    const g = buildGraph(new Simulator(), n, mapNetwork(n, arch, { dup: 'none' }), arch, 'exact');
    const u = g.actors.find((a) => a?.mapped.name === 'u')!;
    expect(u).toBeInstanceOf(UnitLayerActor);
    expect(u.bands).toHaveLength(1);
    expect(u.pixels).toBe(1);
    expect(u.inputRows(0)).toEqual([0, 3]);
  });

  test('pool layers sharing a tile\'s one avg-pool unit (LeNet-5\'s s2 and s4 on tile 4) wait for each other, counted as waits for units', () => {
    const r = run('lenet5', { images: 1 });
    expect(r.mismatches).toBe(0);
    const waits = ['s2', 's4'].map((n) => r.result.layers.find((l) => l.name === n)!.waitsPs.units);
    expect(waits[0] + waits[1]).toBeGreaterThan(0);
  });
});

describe('statistics', () => {
  test('the statistics registered are those the declaration lists', () => {
    const sim = new Simulator();
    const n = net(HEADS['a 2x2 max pool']);
    const g = buildGraph(sim, n, mapNetwork(n, arch, { dup: 'none' }), arch, 'exact');
    const u = g.actors.find((a) => a?.mapped.name === 'u')!;
    expect(registeredStats(sim, u.name)).toEqual(UnitLayerActor.declaration.stats);
  });
});
