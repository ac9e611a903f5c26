// The trace hooks' pending energy (sim/engine/traceEnergy.ts) against the report's pricing: after
// random charges of random tally increments, the sums by kind, layer and tile equal
// tallyEnergyPj of the increments (priced directly, not through the typed arrays), each key listed
// in the order it first got energy; a charge with nothing new adds nothing; take() empties.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { engineUnitEnergy, tallyEnergyPj, zeroTally, type OpTally } from '../../../sim/engine/energy.js';
import { PendingTraceEnergy } from '../../../sim/engine/traceEnergy.js';
import type { EnergyList } from '../../../sim/engine/traceHooks.js';

const arch = loadArch('neurosim-vgg8');
const unit = engineUnitEnergy(arch, loadTech(arch.tech), 0.5);
const FIELDS = Object.keys(zeroTally()) as Array<keyof OpTally>;
const LAYERS = ['conv1', 'conv2', 'fc'];
const TILES = 4;

const step = fc.record({
  layer: fc.integer({ min: 0, max: LAYERS.length - 1 }),
  tile: fc.option(fc.integer({ min: 0, max: TILES - 1 }), { nil: null }),
  adds: fc.array(fc.record({ field: fc.constantFrom(...FIELDS), ops: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constant(0.5)) }), { maxLength: 4 }),
});

/** A list's entries in its order, as a Map (copied: the list is reused by the next take). */
function asMap<K>(list: EnergyList<K>): Map<K, number> {
  const map = new Map<K, number>();
  for (let i = 0; i < list.count; i++) map.set(list.keys[list.order[i]], list.values[i]);
  return map;
}

function close(actual: Map<unknown, number>, expected: Map<unknown, number>): void {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [key, pj] of expected) expect(actual.get(key)).toBeCloseTo(pj, 6);
}

describe('PendingTraceEnergy', () => {
  it('sums charges by kind, layer and tile as tallyEnergyPj prices them, in first-use order', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const pending = new PendingTraceEnergy(LAYERS, TILES, unit);
        const tallies = LAYERS.map(() => zeroTally());
        const byKind = new Map<string, number>();
        const byLayer = new Map<string, number>();
        const byTile = new Map<number | null, number>();
        const add = <K>(m: Map<K, number>, k: K, pj: number) => m.set(k, (m.get(k) ?? 0) + pj);
        for (const s of steps) {
          const delta = zeroTally();
          for (const { field, ops } of s.adds) {
            tallies[s.layer][field] += ops;
            delta[field] += ops;
          }
          // Kinds in the order of the tally's fields, then of the price's kinds (as the Map version had).
          const priced = FIELDS.filter((f) => delta[f] !== 0).flatMap((f) =>
            Object.entries(tallyEnergyPj({ ...zeroTally(), [f]: delta[f] }, unit)).filter(([, pj]) => pj !== 0));
          const totalPj = priced.reduce((sum, [, pj]) => sum + pj, 0);
          pending.charge(s.layer, tallies[s.layer], s.tile);
          expect(pending.lastChargePj).toBeCloseTo(totalPj, 6);
          for (const [kind, pj] of priced) add(byKind, kind, pj);
          if (totalPj !== 0) {
            add(byLayer, LAYERS[s.layer], totalPj);
            add(byTile, s.tile, totalPj);
          }
          // Nothing new since: nothing charged.
          pending.charge(s.layer, tallies[s.layer], s.tile);
          expect(pending.lastChargePj).toBe(0);
        }
        const sums = pending.take();
        close(asMap(sums.byKind), byKind);
        close(asMap(sums.byLayer), byLayer);
        close(asMap(sums.byTile), byTile);
        expect(pending.pendingPj).toBe(0);
        const again = pending.take();
        expect([again.byKind.count, again.byLayer.count, again.byTile.count]).toEqual([0, 0, 0]);
      }),
      { numRuns: 300, seed: 15 },
    );
  });

  it('puts leakage on kind "leakage" and the chip-level tile, after the kinds charged before it', () => {
    const pending = new PendingTraceEnergy(LAYERS, TILES, unit);
    const tally = zeroTally();
    tally.crossbarReads = 10;
    pending.charge(0, tally, 2);
    pending.leakage(7);
    const taken = pending.take();
    const sums = { byKind: asMap(taken.byKind), byLayer: asMap(taken.byLayer), byTile: asMap(taken.byTile) };
    expect([...sums.byKind.keys()].at(-1)).toBe('leakage');
    expect(sums.byKind.get('leakage')).toBe(7);
    expect([...sums.byTile.keys()]).toEqual([2, null]);
    expect(sums.byTile.get(null)).toBe(7);
    expect([...sums.byLayer.keys()]).toEqual(['conv1']);
  });
});
