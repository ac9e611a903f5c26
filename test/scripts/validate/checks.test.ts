// `npm run validate`: every row holds a finite ohmflow figure beside its reference; the rows that
// reproduce a published roll-up (ISAAC) are within tolerance. NeuroSim's VGG-8 rows are computed
// and judged by the script; the known gaps (interconnect, area) are documented in docs/validation.md.
import { describe, expect, test } from 'vitest';
import { isaacRows, passes, validationRows } from '../../../scripts/validate/checks.js';

describe('validate', () => {
  const rows = validationRows();

  test('every row has finite figures, a unit and a group', () => {
    expect(rows.length).toBeGreaterThanOrEqual(18);
    for (const r of rows) {
      expect(Number.isFinite(r.ohmflow)).toBe(true);
      expect(Number.isFinite(r.reference)).toBe(true);
      expect(r.group.length).toBeGreaterThan(0);
    }
    expect(new Set(rows.map((r) => r.group)).size).toBe(3);
  });

  test('the ISAAC roll-up is within 1% (5% for peak TOPS/W)', () => {
    for (const r of isaacRows()) expect(passes(r), r.figure).toBe(true);
  });

  test('a row out of tolerance is judged out, a row without tolerance is only reported', () => {
    expect(passes({ group: 'g', figure: 'f', ohmflow: 1.2, reference: 1, unit: 'x', tolerance: 0.1 })).toBe(false);
    expect(passes({ group: 'g', figure: 'f', ohmflow: 1.05, reference: 1, unit: 'x', tolerance: 0.1 })).toBe(true);
    expect(passes({ group: 'g', figure: 'f', ohmflow: 45, reference: 49.3, unit: '%', tolerance: 10, absolute: true })).toBe(true);
    expect(passes({ group: 'g', figure: 'f', ohmflow: 9, reference: 1, unit: 'x' })).toBeUndefined();
  });
});
