// DAC cost: one row driven per operation, no latency of its own (inside the crossbar read).
import { describe, expect, test } from 'vitest';
import { dacCost, nonZeroDigitTable } from '../../../hw/components/dac.js';
import { loadTech } from '../../../hw/tech/load.js';

const tech = loadTech('isaac-32nm');

test("ISAAC's 1-bit DAC: 4 mW / 1024 and 0.4167 pJ per row-bit", () => {
  const dac = dacCost({ bits: 1 }, tech);
  expect(dac.peakPowerMw).toBeCloseTo(4 / 1024, 12);
  expect(dac.areaMm2).toBeCloseTo(0.00017 / 1024, 15);
  expect(dac.energyPjPerOp).toBeCloseTo(0.4167, 12);
});

test('a 2-bit DAC doubles the power (PIMSYN 3.9 -> 7.8 uW)', () => {
  expect(dacCost({ bits: 2 }, tech).peakPowerMw / dacCost({ bits: 1 }, tech).peakPowerMw).toBeCloseTo(2, 12);
});

describe('non-zero DAC digits', () => {
  test('1-bit DACs count one bits; 2-bit DACs count non-zero pairs', () => {
    const one = nonZeroDigitTable(8, 1);
    expect(one[0]).toBe(0);
    expect(one[255]).toBe(8);
    expect(one[0b1010_0001]).toBe(3);
    const two = nonZeroDigitTable(8, 2);
    expect(two[0b0000_0011]).toBe(1);
    expect(two[0b0100_0001]).toBe(2);
    expect(two[255]).toBe(4);
  });
});
