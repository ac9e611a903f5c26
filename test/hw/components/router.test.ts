// Router cost: one flit per operation; latency from the arch.
import { expect, test } from 'vitest';
import { routerCost } from '../../../hw/components/router.js';
import { loadTech } from '../../../hw/tech/load.js';

const tech = loadTech('isaac-32nm');

test("ISAAC's c-mesh router: 42 mW, 0.151 mm2", () => {
  const r = routerCost({ flitBits: 32, ports: 8, clockHz: 1.2e9 }, tech);
  expect(r.peakPowerMw).toBeCloseTo(42, 12);
  expect(r.areaMm2).toBeCloseTo(0.151, 12);
});

test('a 5-port router with 64-bit flits: 2 x 5/8 of the area', () => {
  const r = routerCost({ flitBits: 64, ports: 5, clockHz: 1.2e9 }, tech);
  expect(r.areaMm2).toBeCloseTo(0.151 * 2 * (5 / 8), 12);
});
