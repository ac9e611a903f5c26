// Loading presets by name and configs by path; every failure is an OhmflowError that says where.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { OhmflowError } from '../../../workloads/errors.js';
import { listPresets, loadArch, parseArch } from '../../../hw/arch/load.js';
import { DEFAULT_ARCH_PRESET } from '../../../hw/arch/defaultPreset.js';
import { adcLossless, losslessAdcBits } from '../../../hw/arch/lossless.js';
import { presetJson } from './presetJson.js';

const dir = mkdtempSync(join(tmpdir(), 'ohmflow-arch-'));

describe('presets', () => {
  test('ship isaac, rram-lossless-32nm, neurosim-vgg8 and aero-hybrid', () => {
    expect(listPresets()).toEqual(expect.arrayContaining(['isaac', 'rram-lossless-32nm', 'neurosim-vgg8', 'aero-hybrid']));
  });

  test.each(['isaac', 'rram-lossless-32nm', 'neurosim-vgg8', 'aero-hybrid'])('%s loads and documents itself', (name) => {
    const arch = loadArch(name);
    expect(arch.name).toBe(name);
    expect(arch.notes.length).toBeGreaterThan(0);
  });

  test('isaac is ISAAC as published', () => {
    const arch = loadArch('isaac');
    expect(arch.chip.tiles).toBe(168);
    expect(arch.noc.tilesPerRouter).toBe(4);
    expect(arch.tile.peCount).toBe(12);
    expect(arch.tile.pe.crossbar).toMatchObject({ count: 8, rows: 128, cols: 128, cellBits: 2, readLatencyPs: 100_000 });
    expect(arch.tile.pe.dac).toEqual({ bits: 1, count: 8 * 128 });
    expect(arch.tile.pe.adc).toMatchObject({ bits: 8, count: 8, columnsPerAdc: 128, sampleRateHz: 1.28e9 });
    expect(arch.precision).toMatchObject({ weightBits: 16, inputBits: 16 });
    expect(arch.tile.inputBuffer).toMatchObject({ kind: 'eDRAM', sizeBytes: 64 * 1024 });
    expect(arch.clockHz).toBe(1.2e9);
    expect(arch.chip.offChipLinks).toEqual({ count: 4, kind: 'HyperTransport' });
  });

  test('ISAAC needs its flip encoding to be lossless: 9 bits without, 8 with', () => {
    expect(losslessAdcBits(128, 2, 1, false)).toBe(9);
    expect(adcLossless(loadArch('isaac'))).toEqual({ requiredBits: 8, adcBits: 8, lossless: true });
  });

  test('the default chip is the 22 nm NeuroSim-calibrated design, lossy: simulate defaults to adc fidelity there', () => {
    expect(loadArch().name).toBe(DEFAULT_ARCH_PRESET);
    expect(DEFAULT_ARCH_PRESET).toBe('neurosim-vgg8');
    const arch = loadArch(DEFAULT_ARCH_PRESET);
    expect(arch.tech).toBe('neurosim-22nm');
    const { crossbar, dac, adc } = arch.tile.pe;
    // ceil(log2(activeRows * (2^cellBits - 1) * (2^dacBits - 1) + 1)), computed here independently
    const needed = Math.ceil(Math.log2(crossbar.activeRows * (2 ** crossbar.cellBits - 1) * (2 ** dac.bits - 1) + 1));
    expect(needed).toBe(9);
    expect(adc.bits).toBeLessThan(needed);
    expect(adcLossless(arch).lossless).toBe(false);
  });

  test('rram-lossless-32nm admits --fidelity exact (8 rows per read of 2-bit cells on 5-bit ADCs)', () => {
    const arch = loadArch('rram-lossless-32nm');
    const { crossbar, dac, adc } = arch.tile.pe;
    const needed = Math.ceil(Math.log2(crossbar.activeRows * (2 ** crossbar.cellBits - 1) * (2 ** dac.bits - 1) + 1));
    expect(adc.bits).toBeGreaterThanOrEqual(needed);
    expect(adc.bits).toBe(5);
    expect(adc.columnsPerAdc).toBe(8);
    expect(adcLossless(arch).lossless).toBe(true);
  });

  test("neurosim-vgg8 is NeuroSim V1.4's RRAM VGG-8 design: all 128 rows per read, lossy 5-bit ADCs per 8 columns", () => {
    const arch = loadArch('neurosim-vgg8');
    expect(arch.tech).toBe('neurosim-22nm');
    expect(arch.clockHz).toBe(601e6);
    expect(arch.tile.pe.crossbar).toMatchObject({ rows: 128, cols: 128, cellBits: 2, activeRows: 128 });
    expect(arch.tile.pe.adc).toMatchObject({ bits: 5, columnsPerAdc: 8, sampleRateHz: 601e6 });
    // One DAC per row of every array, 16 ADCs per array.
    expect(arch.tile.pe.dac).toEqual({ bits: 1, count: 128 * arch.tile.pe.crossbar.count });
    expect(arch.tile.pe.adc.count).toBe(16 * arch.tile.pe.crossbar.count);
    expect(arch.precision).toMatchObject({ weightBits: 8, inputBits: 8, weightEncoding: 'offset' });
    expect(arch.chip.offChipLinks.count).toBe(0);
    expect(adcLossless(arch)).toEqual({ requiredBits: 9, adcBits: 5, lossless: false });
  });

  test('the ADC count may be left out: it follows from columnsPerAdc', () => {
    const json = presetJson('isaac') as { tile: { pe: { adc: Record<string, unknown> } } };
    delete json.tile.pe.adc.count;
    json.tile.pe.adc.columnsPerAdc = 64;
    const arch = parseArch(json, 'no-count.json');
    expect(arch.tile.pe.adc.count).toBe((8 * 128) / 64);
  });

  test('an ADC may span whole crossbars: four 128-column crossbars per ADC leave two ADCs per PE', () => {
    const json = presetJson('isaac') as { tile: { pe: { adc: Record<string, unknown> } } };
    delete json.tile.pe.adc.count;
    json.tile.pe.adc.columnsPerAdc = 512;
    expect(parseArch(json, 'spanning.json').tile.pe.adc.count).toBe(2);
  });

  test('aero-hybrid has digital MAC PEs', () => {
    expect(loadArch('aero-hybrid').tile.digitalMacPes?.count).toBeGreaterThan(0);
  });
});

describe('files', () => {
  test('a JSON path loads like a preset', () => {
    const file = join(dir, 'mine.json');
    writeFileSync(file, JSON.stringify({ ...presetJson('isaac'), name: 'mine' }));
    expect(loadArch(file).name).toBe('mine');
  });

  test('malformed JSON names the file', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "name": "x", ');
    expect(() => loadArch(file)).toThrow(OhmflowError);
    expect(() => loadArch(file)).toThrow(/broken\.json.*not valid JSON/);
  });

  test('a missing file says so', () => {
    expect(() => loadArch(join(dir, 'nope.json'))).toThrow(/cannot read arch file .*nope\.json/);
  });

  test('an unknown preset lists the presets', () => {
    expect(() => loadArch('tpu-v9')).toThrow(OhmflowError);
    expect(() => loadArch('tpu-v9')).toThrow(/isaac/);
  });

  test('errors from a file name the file', () => {
    const file = join(dir, 'bad.json');
    const json = presetJson('isaac');
    json.tile.pe.adc.columnsPerAdc = 384;
    writeFileSync(file, JSON.stringify(json));
    expect(() => loadArch(file)).toThrow(/tile\.pe\.adc\.columnsPerAdc: .*bad\.json/);
  });
});
