// The roll-up reproduces ISAAC's published totals from its component table (counts x unit
// figures), and every breakdown adds up to its total.
import { describe, expect, test } from 'vitest';
import { loadArch } from '../../../hw/arch/load.js';
import { chipTotals, COMPONENT_KINDS, type LevelTotals } from '../../../hw/arch/rollup.js';
import { loadTech } from '../../../hw/tech/load.js';

// Published in ISAAC (ISCA 2016) and PIMSYN Table IV; see docs/references.md (ISAAC).
const PUBLISHED = { tileAreaMm2: 0.372, tilePowerMw: 330, chipAreaMm2: 85.4, chipPowerW: 65.8, peakTopsPerW: 0.63, imaPowerMw: 24.1 };

function relErr(measured: number, published: number): number {
  return Math.abs(measured - published) / published;
}

describe('isaac reproduces the published chip', () => {
  const totals = chipTotals(loadArch('isaac'));

  test('IMA (PE) about 24.1 mW', () => {
    expect(relErr(totals.pe.powerMw, PUBLISHED.imaPowerMw)).toBeLessThan(0.01);
  });
  test('tile 0.372 mm2 and 330 mW within 1%', () => {
    expect(relErr(totals.tile.areaMm2, PUBLISHED.tileAreaMm2)).toBeLessThan(0.01);
    expect(relErr(totals.tile.powerMw, PUBLISHED.tilePowerMw)).toBeLessThan(0.01);
  });
  test('chip 85.4 mm2 and 65.8 W within 1%', () => {
    expect(relErr(totals.areaMm2, PUBLISHED.chipAreaMm2)).toBeLessThan(0.01);
    expect(relErr(totals.powerW, PUBLISHED.chipPowerW)).toBeLessThan(0.01);
  });
  test('peak 0.63 TOPS/W within 5%', () => {
    expect(relErr(totals.peakTopsPerW, PUBLISHED.peakTopsPerW)).toBeLessThan(0.05);
  });
  test('peak MAC rate: every crossbar does 128 rows x 16 weights per 16 reads of 100 ns', () => {
    const crossbars = 168 * 12 * 8;
    const macsPerCrossbarPerS = (128 * 16) / (16 * 100e-9);
    expect(totals.peakMacsPerSecond).toBeCloseTo(crossbars * macsPerCrossbarPerS, -6);
    expect(totals.peakTops).toBeCloseTo((2 * crossbars * macsPerCrossbarPerS) / 1e12, 6);
  });
  test('the roll-up follows the table: scaling every ADC figure scales the ADC line only', () => {
    const tech = loadTech('isaac-32nm');
    const row = tech.components.adc.rows[0]!;
    const doubled = structuredClone(tech);
    doubled.components.adc.rows[0] = { ...row, peakPowerMw: { ...row.peakPowerMw, value: 2 * row.peakPowerMw.value } };
    const more = chipTotals(loadArch('isaac'), doubled);
    // 168 tiles x 12 IMAs x 16 mW of ADCs more
    expect(more.powerMw - totals.powerMw).toBeCloseTo(168 * 12 * 16, 6);
  });
});

function sumKinds(record: Record<string, number>): number {
  return COMPONENT_KINDS.reduce((s, k) => s + (record[k] ?? 0), 0);
}

function expectAddsUp(level: LevelTotals): void {
  expect(sumKinds(level.breakdown.areaMm2)).toBeCloseTo(level.areaMm2, 9);
  expect(sumKinds(level.breakdown.powerMw)).toBeCloseTo(level.powerMw, 6);
}

describe.each(['isaac', 'rram-lossless-32nm', 'neurosim-vgg8', 'aero-hybrid'])('%s breakdowns add up', (name) => {
  const totals = chipTotals(loadArch(name));
  test('PE, tile and chip breakdowns sum to their totals', () => {
    expectAddsUp(totals.pe);
    expectAddsUp(totals.tile);
    expectAddsUp(totals.chip);
  });
  test('a tile is its PEs plus its own lines', () => {
    const own = totals.tile.items.reduce((s, it) => s + it.areaMm2, 0);
    expect(totals.tile.areaMm2).toBeCloseTo(totals.counts.pesPerTile * totals.pe.areaMm2 + own, 9);
  });
  test('every figure is finite and non-negative', () => {
    for (const it of [...totals.pe.items, ...totals.tile.items, ...totals.chip.items]) {
      for (const v of [it.areaMm2, it.powerMw, it.unit.energyPjPerOp]) {
        expect(Number.isFinite(v) && v >= 0, `${it.label}`).toBe(true);
      }
    }
    expect(totals.peakTopsPerW).toBeGreaterThan(0);
  });
  test('powerW is powerMw / 1000', () => {
    expect(totals.powerW).toBeCloseTo(totals.powerMw / 1000, 12);
  });
});
