// DAC cost: one row driven per operation, no latency of its own (inside the crossbar read).
import { expect, test } from 'vitest';
import { dacCost } from '../../../hw/components/dac.js';
import { loadTech } from '../../../hw/tech/load.js';

const tech = loadTech('isaac-32nm');

test("ISAAC's 1-bit DAC: 4 mW / 1024 and 0.4167 pJ per row-bit", () => {
  const dac = dacCost({ bits: 1 }, tech);
  expect(dac.peakPowerMw).toBeCloseTo(4 / 1024, 12);
  expect(dac.areaMm2).toBeCloseTo(0.00017 / 1024, 15);
  expect(dac.energyPjPerOp).toBeCloseTo(0.4167, 12);
  expect(dac.latencyPs).toBe(0);
});

test('a 2-bit DAC doubles the power (PIMSYN 3.9 -> 7.8 uW)', () => {
  expect(dacCost({ bits: 2 }, tech).peakPowerMw / dacCost({ bits: 1 }, tech).peakPowerMw).toBeCloseTo(2, 12);
});
