// ADC cost: figures of one converter; a conversion lasts one sample period.
import { expect, test } from 'vitest';
import { adcCost } from '../../../hw/components/adc.js';
import { loadTech } from '../../../hw/tech/load.js';

const tech = loadTech('isaac-32nm');

test("ISAAC's ADC: 2 mW, 0.0012 mm2, 1.667 pJ per conversion, 781.25 ps per conversion", () => {
  expect(adcCost({ bits: 8, sampleRateHz: 1.28e9 }, tech)).toEqual({
    areaMm2: expect.closeTo(0.0012, 12),
    peakPowerMw: expect.closeTo(2, 12),
    leakageMw: 0,
    energyPjPerOp: expect.closeTo(1.667, 12),
  });
});

test('a 5-bit ADC costs less than an 8-bit one at the same rate', () => {
  const five = adcCost({ bits: 5, sampleRateHz: 1e9 }, tech);
  const eight = adcCost({ bits: 8, sampleRateHz: 1e9 }, tech);
  expect(five.energyPjPerOp).toBeLessThan(eight.energyPjPerOp);
  expect(five.areaMm2).toBeLessThan(eight.areaMm2);
});
