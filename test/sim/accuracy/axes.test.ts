// Sweep axes of `ohmflow accuracy`: short forms resolve to arch JSON paths, ranges and lists
// expand, and every bad axis or bad point is one OhmflowError naming --sweep and a fix.
import { describe, expect, test } from 'vitest';
import { loadArch } from '../../../hw/arch/index.js';
import { archAt, fullPath, parseSweep, sweepPoints } from '../../../sim/accuracy/index.js';
import { isOhmflowError } from '../../../workloads/errors.js';

const arch = loadArch('neurosim-vgg8');

function error(f: () => unknown): { field?: string; fix?: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isOhmflowError(e)) return e;
    throw e;
  }
  throw new Error('expected an OhmflowError');
}

describe('parseSweep', () => {
  test('short forms name the PE section and the device section; full paths pass through', () => {
    expect(fullPath('adc.bits')).toBe('tile.pe.adc.bits');
    expect(fullPath('crossbar.activeRows')).toBe('tile.pe.crossbar.activeRows');
    expect(fullPath('device.d2dSigma')).toBe('device.d2dSigma');
    expect(fullPath('tile.pe.dac.bits')).toBe('tile.pe.dac.bits');
  });

  test('a..b is every whole number, a list is its numbers in order', () => {
    expect(parseSweep('adc.bits=3..8', arch)).toEqual({ label: 'adc.bits', path: 'tile.pe.adc.bits', values: [3, 4, 5, 6, 7, 8] });
    expect(parseSweep('device.d2dSigma=0,0.05,0.1,0.2', arch).values).toEqual([0, 0.05, 0.1, 0.2]);
    expect(parseSweep('tile.pe.crossbar.activeRows=32,64', arch).path).toBe('tile.pe.crossbar.activeRows');
  });

  test('an unknown field names the field and the fields next to it', () => {
    const e = error(() => parseSweep('adc.bitz=3..8', arch));
    expect(e.field).toBe('--sweep');
    expect(e.message).toContain('adc.bitz');
    expect(e.fix).toContain('adc.bits');
    expect(error(() => parseSweep('device.sigma=0.1', arch)).fix).toContain('device.d2dSigma');
    expect(error(() => parseSweep('tile.pe=3', arch)).message).toContain('unknown arch field');
  });

  test('bad values: not FIELD=VALUES, an empty range, text, repeats', () => {
    expect(error(() => parseSweep('adc.bits', arch)).field).toBe('--sweep');
    expect(error(() => parseSweep('adc.bits=8..3', arch)).message).toContain('empty');
    expect(error(() => parseSweep('adc.bits=a,b', arch)).fix).toContain('a..b');
    expect(error(() => parseSweep('adc.bits=4,4', arch)).message).toContain('repeat');
    expect(error(() => parseSweep('adc.bits=1..1000', arch)).message).toContain('at most');
  });
});

describe('archAt', () => {
  const bits = parseSweep('adc.bits=3..4', arch);
  const sigma = parseSweep('device.d2dSigma=0,0.1', arch);

  test('applies the values (creating the device section) and names the point', () => {
    const a = archAt(arch, [bits, sigma], [4, 0.1]);
    expect(a.tile.pe.adc.bits).toBe(4);
    expect(a.device?.d2dSigma).toBe(0.1);
    expect(a.name).toContain('adc.bits=4, device.d2dSigma=0.1');
    expect(arch.tile.pe.adc.bits).toBe(5);
    expect(arch.device).toBeUndefined();
  });

  test('a value the arch refuses is one error naming the swept field and the reason', () => {
    const e = error(() => archAt(arch, [parseSweep('crossbar.activeRows=1000', arch)], [1000]));
    expect(e.field).toBe('--sweep crossbar.activeRows');
    expect(e.message).toContain('activeRows');
    expect(error(() => archAt(arch, [sigma], [-1])).message).toContain('d2dSigma');
  });

  test('a derived ADC count follows a swept columnsPerAdc', () => {
    expect(archAt(arch, [parseSweep('adc.columnsPerAdc=16', arch)], [16]).tile.pe.adc.count).toBe(32);
  });

  test('points run the first axis slowest', () => {
    expect(sweepPoints([bits, sigma])).toEqual([[3, 0], [3, 0.1], [4, 0], [4, 0.1]]);
    expect(sweepPoints([])).toEqual([[]]);
  });
});
