// AERO mode: the full budget is weight-stationary; smaller budgets reload in segments, and a
// larger batch amortizes the weight writes (less energy per image).
import { describe, expect, it } from 'vitest';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { loadArch } from '../../../hw/arch/index.js';
import { exploreBudgets, parseCrossbarBudgets } from '../../../hw/dse/index.js';

describe('exploreBudgets', () => {
  it('parses percentages and counts', () => {
    expect(parseCrossbarBudgets('100%,12.5%,64')).toEqual([{ fraction: 1 }, { fraction: 0.125 }, { count: 64 }]);
    expect(() => parseCrossbarBudgets('half')).toThrow(/--crossbars/);
  });

  it('reloads below the full budget and amortizes writes over the batch', () => {
    const r = exploreBudgets(getNetwork('vgg8'), loadArch('aero-hybrid'), parseCrossbarBudgets('100%,25%'), { batches: [1, 64] });
    const at = (budget: string, batch: number) => r.points.find((p) => p.budget === budget && p.batch === batch)!;
    expect(at('100%', 1).segments).toBe(1);
    expect(at('100%', 1).reloading).toBe(false);
    expect(at('25%', 1).reloading).toBe(true);
    expect(at('25%', 64).metrics.energyPjPerImage).toBeLessThan(at('25%', 1).metrics.energyPjPerImage);
    expect(at('25%', 64).cellWriteSharePct).toBeLessThan(at('25%', 1).cellWriteSharePct);
  });
});
