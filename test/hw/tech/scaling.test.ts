// Scaling rules: exact at the table's rows, and following the published curves elsewhere.
import { describe, expect, test } from 'vitest';
import { loadTech } from '../../../hw/tech/load.js';
import { adcUnit, busUnit, crossbarUnit, dacUnit, digitalMacUnit, edramUnit, routerUnit, sramUnit } from '../../../hw/tech/scaling.js';

const tech = loadTech('isaac-32nm');
const ISAAC_CLOCK_HZ = 1.2e9;

describe('ADC', () => {
  test("ISAAC's 8-bit 1.28 GS/s ADC: 2 mW, 0.0012 mm2, 1.667 pJ", () => {
    const adc = adcUnit(tech, 8, 1.28e9);
    expect(adc.peakPowerMw).toBeCloseTo(2, 12);
    expect(adc.areaMm2).toBeCloseTo(0.0012, 12);
    expect(adc.energyPjPerOp).toBeCloseTo(1.667, 12);
  });
  test('energy and area at 4..10 bits are the published points', () => {
    const energyPj = [0.79, 0.99, 1.2, 1.42, 1.667, 1.97, 2.38];
    const areaUm2 = [361, 477, 627, 845, 1200, 1828, 3002];
    for (let bits = 4; bits <= 10; bits += 1) {
      const adc = adcUnit(tech, bits, 1.28e9);
      expect(adc.energyPjPerOp).toBeCloseTo(energyPj[bits - 4]!, 9);
      expect(adc.areaMm2 * 1e6).toBeCloseTo(areaUm2[bits - 4]!, 6);
    }
  });
  test('power is energy x sample rate relative to the reference', () => {
    expect(adcUnit(tech, 8, 0.64e9).peakPowerMw).toBeCloseTo(1, 12);
    expect(adcUnit(tech, 5, 1.28e9).peakPowerMw).toBeCloseTo((2 * 0.99) / 1.667, 9);
  });
  test('above 10 bits growth follows PIMSYN (10 -> 12 b: 6.9 -> 26.5 mW)', () => {
    const ratio = adcUnit(tech, 12, 1.28e9).energyPjPerOp / adcUnit(tech, 10, 1.28e9).energyPjPerOp;
    expect(ratio).toBeCloseTo(26.5 / 6.9, 9);
  });
  test('monotone in bits from 1 to 16', () => {
    for (let bits = 2; bits <= 16; bits += 1) {
      expect(adcUnit(tech, bits, 1e9).energyPjPerOp).toBeGreaterThan(adcUnit(tech, bits - 1, 1e9).energyPjPerOp);
      expect(adcUnit(tech, bits, 1e9).areaMm2).toBeGreaterThan(adcUnit(tech, bits - 1, 1e9).areaMm2);
    }
  });
});

describe('crossbar', () => {
  const isaac = { rows: 128, cols: 128, activeRows: 128, readLatencyPs: 100_000 };
  test('ISAAC 128x128: 0.3 mW, 0.000025 mm2, 30 pJ per 100 ns read', () => {
    const xb = crossbarUnit(tech, isaac);
    expect(xb.peakPowerMw).toBeCloseTo(0.3, 12);
    expect(xb.areaMm2).toBeCloseTo(0.000025, 12);
    expect(xb.energyPjPerOp).toBeCloseTo(30, 9);
  });
  test('PIMSYN 256x256 and 512x512: 1.2 and 4.8 mW', () => {
    expect(crossbarUnit(tech, { rows: 256, cols: 256, activeRows: 256, readLatencyPs: 100_000 }).peakPowerMw).toBeCloseTo(1.2, 9);
    expect(crossbarUnit(tech, { rows: 512, cols: 512, activeRows: 512, readLatencyPs: 100_000 }).peakPowerMw).toBeCloseTo(4.8, 9);
  });
  test('reading 8 of 128 rows draws 1/16 of the power; a 10 ns read 1/10 of the energy', () => {
    const xb = crossbarUnit(tech, { rows: 128, cols: 128, activeRows: 8, readLatencyPs: 10_000 });
    expect(xb.peakPowerMw).toBeCloseTo(0.3 / 16, 12);
    expect(xb.energyPjPerOp).toBeCloseTo(30 / 16 / 10, 9);
    expect(xb.areaMm2).toBeCloseTo(0.000025, 12);
  });
});

test('DAC: PIMSYN 1/2/4 b at 3.9/7.8/31.2 uW, relative to ISAAC 4 mW / 1024', () => {
  const oneBitMw = 4 / 1024;
  expect(dacUnit(tech, 1).peakPowerMw).toBeCloseTo(oneBitMw, 12);
  expect(dacUnit(tech, 2).peakPowerMw).toBeCloseTo(oneBitMw * (7.8 / 3.9), 12);
  expect(dacUnit(tech, 4).peakPowerMw).toBeCloseTo(oneBitMw * (31.2 / 3.9), 12);
});

describe('buffers', () => {
  test('eDRAM 64 KB, 256-bit port at 1.2 GHz is the ISAAC row', () => {
    const b = edramUnit(tech, { sizeBytes: 65536, bandwidthBitsPerCycle: 256, ports: 1, clockHz: ISAAC_CLOCK_HZ });
    expect(b.areaMm2).toBeCloseTo(0.083, 12);
    expect(b.peakPowerMw).toBeCloseTo(20.7, 12);
    expect(b.energyPjPerOp).toBeCloseTo(20.45, 12);
  });
  test('eDRAM: area linear in size, access energy as sqrt(size)', () => {
    const b = edramUnit(tech, { sizeBytes: 4 * 65536, bandwidthBitsPerCycle: 256, ports: 1, clockHz: ISAAC_CLOCK_HZ });
    expect(b.areaMm2).toBeCloseTo(4 * 0.083, 12);
    expect(b.energyPjPerOp).toBeCloseTo(2 * 20.45, 9);
  });
  test("SRAM at ISAAC's register sizes are ISAAC's rows", () => {
    const at = (sizeBytes: number) => sramUnit(tech, { sizeBytes, ports: 1, clockHz: ISAAC_CLOCK_HZ });
    expect(at(256).areaMm2).toBeCloseTo(0.00077, 12);
    expect(at(2048).peakPowerMw).toBeCloseTo(1.24, 12);
    expect(at(3072).areaMm2).toBeCloseTo(0.0032, 12);
  });
  test('SRAM between and beyond the rows grows monotonically', () => {
    const at = (sizeBytes: number) => sramUnit(tech, { sizeBytes, ports: 1, clockHz: ISAAC_CLOCK_HZ });
    for (const [small, large] of [[256, 1024], [1024, 2048], [3072, 65536]]) {
      expect(at(large!).areaMm2).toBeGreaterThan(at(small!).areaMm2);
      expect(at(large!).peakPowerMw).toBeGreaterThan(at(small!).peakPowerMw);
    }
  });
});

test('digital power follows the clock: the ISAAC bus at 600 MHz draws 3.5 mW', () => {
  expect(busUnit(tech, { widthBits: 384, clockHz: 0.6e9 }).peakPowerMw).toBeCloseTo(3.5, 12);
  expect(busUnit(tech, { widthBits: 768, clockHz: ISAAC_CLOCK_HZ }).areaMm2).toBeCloseTo(0.18, 12);
});

test('router: 42 mW and 0.151 mm2 at 32-bit flits and 8 ports', () => {
  const r = routerUnit(tech, { flitBits: 32, ports: 8, clockHz: ISAAC_CLOCK_HZ });
  expect(r.peakPowerMw).toBeCloseTo(42, 12);
  expect(r.areaMm2).toBeCloseTo(0.151, 12);
  expect(r.energyPjPerOp).toBeCloseTo((20.74 * 32) / 256, 9);
});

test('digital MAC: a 16-bit multiplier costs 4x an 8-bit one (Horowitz: multiply ~ bits^2)', () => {
  const eight = digitalMacUnit(tech, { operandBits: 8, clockHz: ISAAC_CLOCK_HZ });
  const sixteen = digitalMacUnit(tech, { operandBits: 16, clockHz: ISAAC_CLOCK_HZ });
  expect(eight.energyPjPerOp).toBeCloseTo(0.3, 12);
  expect(sixteen.energyPjPerOp / eight.energyPjPerOp).toBeCloseTo(4, 12);
});
