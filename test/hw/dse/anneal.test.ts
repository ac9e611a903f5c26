// Simulated annealing of duplication: never over the PE (crossbar) budget, reproducible for a
// seed, and never worse than where it starts.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { SeededRandom } from '../../../workloads/random.js';
import { loadArch } from '../../../hw/arch/index.js';
import { mapNetwork, chipPes, stageTimePs, pesFor } from '../../../hw/mapping/index.js';
import { annealDuplication } from '../../../hw/dse/anneal.js';

const net = getNetwork('vgg8');
const arch = loadArch('isaac');
const layers = mapNetwork(net, arch, { dup: 'none' }).layers;
const onePes = layers.reduce((s, l) => s + pesFor(l, arch, 1), 0);

describe('annealDuplication', () => {
  it('never uses more PEs than the budget, whatever the budget and seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: onePes, max: chipPes(arch) }), fc.integer({ min: 0, max: 2 ** 31 }), (pesBudget, seed) => {
        const r = annealDuplication(layers, arch, new SeededRandom(seed), { steps: 300, pesBudget });
        const used = layers.reduce((s, l, i) => s + pesFor(l, arch, r.dups[i]), 0);
        expect(used).toBe(r.pesUsed);
        expect(used).toBeLessThanOrEqual(pesBudget);
        // The mapper agrees: the per-layer policy maps within the chip.
        expect(mapNetwork(net, arch, { dup: Object.fromEntries(layers.map((l, i) => [l.name, r.dups[i]])) }).budget.pesUsed).toBe(used);
      }),
      { numRuns: 15 },
    );
  });

  it('gives the same copies for the same seed', () => {
    const a = annealDuplication(layers, arch, new SeededRandom(7), { steps: 500, pesBudget: chipPes(arch) });
    const b = annealDuplication(layers, arch, new SeededRandom(7), { steps: 500, pesBudget: chipPes(arch) });
    expect(a).toEqual(b);
  });

  it('ends with an interval no longer than one copy per layer', () => {
    const r = annealDuplication(layers, arch, new SeededRandom(3), { steps: 800, pesBudget: chipPes(arch) });
    const oneCopyPs = Math.max(...layers.map((l) => (l.engine === 'crossbar' ? stageTimePs(l, arch, 1) : 0)));
    expect(r.intervalPs).toBeLessThan(oneCopyPs);
  });
});
