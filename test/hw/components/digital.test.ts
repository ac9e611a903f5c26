// Digital units (activation, pooling, residual add, requantize, shift-and-add, MAC lanes, links):
// one operation per cycle, power proportional to the clock.
import { expect, test } from 'vitest';
import { activationCost } from '../../../hw/components/activation.js';
import { poolCost } from '../../../hw/components/pool.js';
import { residualAddCost } from '../../../hw/components/residualAdd.js';
import { requantizeCost } from '../../../hw/components/requantize.js';
import { shiftAddCost } from '../../../hw/components/shiftAdd.js';
import { digitalMacCost } from '../../../hw/components/digitalMac.js';
import { offChipLinkCost } from '../../../hw/components/offChipLink.js';
import { sampleHoldCost } from '../../../hw/components/sampleHold.js';
import { busCost } from '../../../hw/components/bus.js';
import { loadTech } from '../../../hw/tech/load.js';

const tech = loadTech('isaac-32nm');

test('ISAAC figures per unit at 1.2 GHz', () => {
  expect(activationCost({ clockHz: 1.2e9 }, tech).peakPowerMw).toBeCloseTo(0.26, 12);
  expect(poolCost({ kind: 'max', clockHz: 1.2e9 }, tech).areaMm2).toBeCloseTo(0.00024, 12);
  expect(shiftAddCost({ clockHz: 1.2e9 }, tech).peakPowerMw).toBeCloseTo(0.05, 12);
  expect(sampleHoldCost(tech).peakPowerMw).toBeCloseTo(0.01 / 1024, 15);
  expect(offChipLinkCost(tech).peakPowerMw).toBeCloseTo(2600, 9);
  expect(busCost({ widthBits: 384, clockHz: 1.2e9 }, tech).areaMm2).toBeCloseTo(0.09, 12);
});

test('half the clock, half the power, same energy per op, twice the cycle', () => {
  for (const cost of [
    (clockHz: number) => activationCost({ clockHz }, tech),
    (clockHz: number) => poolCost({ kind: 'avg', clockHz }, tech),
    (clockHz: number) => residualAddCost({ clockHz }, tech),
    (clockHz: number) => requantizeCost({ clockHz }, tech),
    (clockHz: number) => digitalMacCost({ operandBits: 8, clockHz }, tech),
  ]) {
    const fast = cost(1.2e9);
    const slow = cost(0.6e9);
    expect(slow.peakPowerMw / fast.peakPowerMw).toBeCloseTo(0.5, 12);
    expect(slow.energyPjPerOp).toBeCloseTo(fast.energyPjPerOp, 12);
  }
});
