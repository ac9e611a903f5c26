// Tile buffer cost by kind; one access per cycle.
import { expect, test } from 'vitest';
import { bufferCost } from '../../../hw/components/buffer.js';
import { registerCost } from '../../../hw/components/register.js';
import { loadTech } from '../../../hw/tech/load.js';

const tech = loadTech('isaac-32nm');

test("ISAAC's eDRAM: 0.083 mm2, 20.7 mW, 20.45 pJ per 256-bit access, one 1.2 GHz cycle", () => {
  const b = bufferCost({ kind: 'eDRAM', sizeBytes: 65536, ports: 1, bandwidthBitsPerCycle: 256, clockHz: 1.2e9 }, tech);
  expect(b.areaMm2).toBeCloseTo(0.083, 12);
  expect(b.peakPowerMw).toBeCloseTo(20.7, 12);
  expect(b.energyPjPerOp).toBeCloseTo(20.45, 12);
});

test('an SRAM buffer with two ports draws twice the power of one port', () => {
  const one = bufferCost({ kind: 'SRAM', sizeBytes: 8192, ports: 1, bandwidthBitsPerCycle: 256, clockHz: 1e9 }, tech);
  const two = bufferCost({ kind: 'SRAM', sizeBytes: 8192, ports: 2, bandwidthBitsPerCycle: 256, clockHz: 1e9 }, tech);
  expect(two.peakPowerMw / one.peakPowerMw).toBeCloseTo(2, 12);
  expect(two.areaMm2).toBeCloseTo(one.areaMm2, 12);
});

test("ISAAC's 2 KB input register: 0.0021 mm2, 1.24 mW", () => {
  const r = registerCost({ sizeBytes: 2048, clockHz: 1.2e9 }, tech);
  expect(r.areaMm2).toBeCloseTo(0.0021, 12);
  expect(r.peakPowerMw).toBeCloseTo(1.24, 12);
});
