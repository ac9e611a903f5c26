// Technology tables are data with a source for every figure, validated on load.
import { describe, expect, test } from 'vitest';
import { OhmflowError } from '../../../workloads/errors.js';
import { listTech, loadTech, parseTech } from '../../../hw/tech/load.js';
import { TECH_KINDS } from '../../../hw/tech/schema.js';

describe('isaac-32nm', () => {
  const tech = loadTech('isaac-32nm');

  test('is listed and costs every component kind', () => {
    expect(listTech()).toContain('isaac-32nm');
    expect(Object.keys(tech.components).sort()).toEqual([...TECH_KINDS].sort());
  });

  test('every figure names its source; estimates say they are estimates', () => {
    for (const [kind, entry] of Object.entries(tech.components)) {
      for (const row of entry.rows) {
        for (const figure of [row.areaMm2, row.peakPowerMw, row.leakageMw, row.energyPjPerOp, row.latencyPs]) {
          if (figure) expect(figure.source.length, kind).toBeGreaterThan(5);
        }
        if (['avgPool', 'residualAdd', 'requantize', 'digitalMac'].includes(kind)) {
          expect(row.areaMm2.source).toMatch(/^estimate/);
        }
      }
    }
  });

  test("holds ISAAC's Table 2 rows as printed (totals for their counts)", () => {
    const { adc, dac, crossbar, edram, router, offChipLink } = tech.components;
    expect(adc.rows[0]).toMatchObject({ rowCount: 8, areaMm2: { value: 0.0096 }, peakPowerMw: { value: 16 } });
    expect(dac.rows[0]).toMatchObject({ rowCount: 1024, areaMm2: { value: 0.00017 }, peakPowerMw: { value: 4 } });
    expect(crossbar.rows[0]).toMatchObject({ rowCount: 8, areaMm2: { value: 0.0002 }, peakPowerMw: { value: 2.4 } });
    expect(edram.rows[0]).toMatchObject({ areaMm2: { value: 0.083 }, peakPowerMw: { value: 20.7 } });
    expect(router.rows[0]).toMatchObject({ areaMm2: { value: 0.151 }, peakPowerMw: { value: 42 } });
    expect(offChipLink.rows[0]).toMatchObject({ rowCount: 4, areaMm2: { value: 22.88 }, peakPowerMw: { value: 10400 } });
  });
});

test('an unknown table is an OhmflowError on the tech field', () => {
  expect(() => loadTech('finfet-1nm')).toThrow(OhmflowError);
  let caught: unknown;
  try {
    loadTech('../package');
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(OhmflowError);
  expect((caught as OhmflowError).field).toBe('tech');
});

test('a malformed table names the bad figure', () => {
  const tech = structuredClone(loadTech('isaac-32nm'));
  tech.components.adc.rows[0].areaMm2.value = -1;
  expect(() => parseTech(tech, 'bad-tech.json')).toThrow(/components\.adc\.rows\[0\]\.areaMm2\.value/);
});
