// Crossbar cost: one read of activeRows rows; latency is the arch's read latency.
import { expect, test } from 'vitest';
import { crossbarCost } from '../../../hw/components/crossbar.js';
import { loadTech } from '../../../hw/tech/load.js';

const tech = loadTech('isaac-32nm');

test('ISAAC crossbar: 0.3 mW, 30 pJ per 100 ns read', () => {
  const xb = crossbarCost({ rows: 128, cols: 128, activeRows: 128, readLatencyPs: 100_000 }, tech);
  expect(xb.peakPowerMw).toBeCloseTo(0.3, 12);
  expect(xb.energyPjPerOp).toBeCloseTo(30, 9);
});

test('a 256x128 array has twice the area of a 128x128 one', () => {
  const small = crossbarCost({ rows: 128, cols: 128, activeRows: 128, readLatencyPs: 100_000 }, tech);
  const tall = crossbarCost({ rows: 256, cols: 128, activeRows: 128, readLatencyPs: 100_000 }, tech);
  expect(tall.areaMm2 / small.areaMm2).toBeCloseTo(2, 12);
  expect(tall.peakPowerMw).toBeCloseTo(small.peakPowerMw, 12); // same rows read at once
});
