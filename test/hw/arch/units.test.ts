// Typed quantities: strings with units become numbers in the unit a field name carries.
import { describe, expect, test } from 'vitest';
import { parseQuantity, quantity } from '../../../hw/arch/units.js';

describe('parseQuantity', () => {
  test('times become integer picoseconds', () => {
    expect(quantity('100ns', 'timePs')).toBe(100_000);
    expect(quantity('2.5 ns', 'timePs')).toBe(2_500);
    expect(quantity('0.1ns', 'timePs')).toBe(100);
    expect(quantity('1us', 'timePs')).toBe(1_000_000);
    expect(quantity(833, 'timePs')).toBe(833);
  });

  test('fractional picoseconds are refused, not rounded silently', () => {
    const result = parseQuantity('0.5ps', 'timePs');
    expect(result.ok).toBe(false);
  });

  test('frequencies and sample rates become Hz', () => {
    expect(quantity('1.2GHz', 'frequencyHz')).toBeCloseTo(1.2e9, 0);
    expect(quantity('1.28GS/s', 'frequencyHz')).toBeCloseTo(1.28e9, 0);
    expect(quantity('800MS/s', 'frequencyHz')).toBeCloseTo(8e8, 0);
  });

  test('sizes become bytes, KB and KiB both 1024', () => {
    expect(quantity('64KB', 'bytes')).toBe(65_536);
    expect(quantity('64KiB', 'bytes')).toBe(65_536);
    expect(quantity('256B', 'bytes')).toBe(256);
    expect(quantity('2048b', 'bytes')).toBe(256);
    expect(quantity(3072, 'bytes')).toBe(3072);
  });

  test('power, area and energy become mW, mm2 and pJ', () => {
    expect(quantity('2mW', 'powerMw')).toBe(2);
    expect(quantity('3.9uW', 'powerMw')).toBeCloseTo(0.0039, 12);
    expect(quantity('10.4W', 'powerMw')).toBeCloseTo(10_400, 9);
    expect(quantity('0.0096mm2', 'areaMm2')).toBe(0.0096);
    expect(quantity('1200um2', 'areaMm2')).toBeCloseTo(0.0012, 12);
    expect(quantity('1.667pJ', 'energyPj')).toBe(1.667);
    expect(quantity('500fJ', 'energyPj')).toBeCloseTo(0.5, 12);
  });

  test('bad inputs are reported with a reason, never thrown', () => {
    for (const [input, q] of [
      ['100', 'timePs'], // plain string number is fine -> checked below
      ['100 parsecs', 'timePs'],
      ['fast', 'frequencyHz'],
      ['64 MW', 'bytes'],
      [true, 'powerMw'],
      [null, 'areaMm2'],
      [[1], 'energyPj'],
      [Number.POSITIVE_INFINITY, 'powerMw'],
      ['1e999ns', 'timePs'],
    ] as const) {
      const result = parseQuantity(input, q);
      if (input === '100') {
        expect(result).toEqual({ ok: true, value: 100 });
        continue;
      }
      expect(result.ok, String(input)).toBe(false);
      if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
    }
  });

  test('unknown units name the units that are accepted', () => {
    const result = parseQuantity('3 furlongs', 'timePs');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/unknown unit "furlongs".*ns/);
  });
});
