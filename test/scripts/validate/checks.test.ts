// `npm run validate`: every row holds a finite ohmflow figure beside its reference, and every judged
// row (ISAAC's roll-up, NeuroSim V1.4 on VGG-8) is within its tolerance, as the script requires.
import { describe, expect, test } from 'vitest';
import { isaacRows, neurosimRows, passes, validationRows } from '../../../scripts/validate/checks.js';

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

  test('NeuroSim V1.4 on VGG-8: per-layer energy within 25%, total within 15%, area within 20%, ADC share within 10 points', () => {
    const judged = neurosimRows().filter((r) => r.tolerance !== undefined);
    expect(judged.length).toBe(11);
    for (const r of judged) expect(passes(r), `${r.figure}: ${r.ohmflow} vs ${r.reference}`).toBe(true);
  });

  test('every judged row of npm run validate passes', () => {
    for (const r of rows) if (r.tolerance !== undefined) expect(passes(r), r.figure).toBe(true);
  });

  test('a row out of tolerance is judged out, a row without tolerance is only reported', () => {
    expect(passes({ group: 'g', figure: 'f', ohmflow: 1.2, reference: 1, unit: 'x', tolerance: 0.1 })).toBe(false);
    expect(passes({ group: 'g', figure: 'f', ohmflow: 1.05, reference: 1, unit: 'x', tolerance: 0.1 })).toBe(true);
    expect(passes({ group: 'g', figure: 'f', ohmflow: 45, reference: 49.3, unit: '%', tolerance: 10, absolute: true })).toBe(true);
    expect(passes({ group: 'g', figure: 'f', ohmflow: 9, reference: 1, unit: 'x' })).toBeUndefined();
  });
});
