// A bad config is rejected with an OhmflowError naming the JSON path of the field and the reason.
import { describe, expect, test } from 'vitest';
import { OhmflowError } from '../../../workloads/errors.js';
import { parseArch } from '../../../hw/arch/load.js';
import type { ArchInput } from '../../../hw/arch/schema.js';
import { presetJson } from './presetJson.js';

/** The mutations that break the schema on purpose (unknown fields, wrong types) widen what they
 *  edit to Record<string, unknown>; the others edit the typed JSON. */
function rejection(mutate: (json: ArchInput) => void, preset = 'isaac'): OhmflowError {
  const json = presetJson(preset);
  mutate(json);
  try {
    parseArch(json, 'test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(OhmflowError);
    return error as OhmflowError;
  }
  throw new Error('expected parseArch to reject the config');
}

describe('schema errors name the field', () => {
  const cases: Array<[string, (j: ArchInput) => void, string, RegExp]> = [
    ['unknown field', (j) => { (j.tile.pe.adc as Record<string, unknown>).resolution = 8; }, 'tile.pe.adc.resolution', /unknown field/],
    ['unknown top-level field', (j) => { (j as Record<string, unknown>).voltage = 1; }, 'voltage', /unknown field/],
    ['missing field', (j) => { delete (j.tile.pe.crossbar as Record<string, unknown>).rows; }, 'tile.pe.crossbar.rows', /missing/],
    ['negative size', (j) => { j.tile.inputBuffer.sizeBytes = -64; }, 'tile.inputBuffer.sizeBytes', /greater than 0/],
    ['zero size with unit', (j) => { j.tile.pe.inputRegister.sizeBytes = '0KB'; }, 'tile.pe.inputRegister.sizeBytes', /greater than 0/],
    ['bad unit', (j) => { j.tile.pe.crossbar.readLatencyPs = '100 lightyears'; }, 'tile.pe.crossbar.readLatencyPs', /unknown unit/],
    ['wrong quantity', (j) => { j.clockHz = '1.2ns'; }, 'clockHz', /unknown unit "ns"/],
    ['weightBits above 16', (j) => { j.precision.weightBits = 32; }, 'precision.weightBits', /16/],
    ['fractional count', (j) => { j.tile.peCount = 1.5; }, 'tile.peCount', /int/i],
    ['zero crossbars', (j) => { j.tile.pe.crossbar.count = 0; }, 'tile.pe.crossbar.count', />=\s*1|too small/i],
    // Found by the loader fuzz: a 1e308 Hz clock rolled up to Infinity TOPS.
    ['a clock no chip has', (j) => { j.clockHz = 1e308; }, 'clockHz', /at most 1e\+11/],
    ['bad enum', (j) => { (j.tile.inputBuffer as Record<string, unknown>).kind = 'DRAM'; }, 'tile.inputBuffer.kind', /eDRAM/],
    ['bad encoding', (j) => { (j.precision as Record<string, unknown>).weightEncoding = 'twos'; }, 'precision.weightEncoding', /offset/],
    ['string where object', (j) => { (j.tile as Record<string, unknown>).pe = 'big'; }, 'tile.pe', /object/],
    ['non-string note', (j) => { (j as Record<string, unknown>).notes = ['fine', 3]; }, 'notes[1]', /string/],
  ];
  for (const [what, mutate, path, reason] of cases) {
    test(what, () => {
      const error = rejection(mutate);
      expect(error.field).toBe(path);
      expect(error.message).toMatch(reason);
      expect(error.message).toContain('test.json');
    });
  }
});

describe('cross-field errors name the field and say how to fix it', () => {
  const cases: Array<[string, (j: ArchInput) => void, string, RegExp]> = [
    ['ADC spanning part of a crossbar', (j) => { j.tile.pe.adc.columnsPerAdc = 192; }, 'tile.pe.adc.columnsPerAdc', /192 columns must serve whole crossbars of 128 columns[\s\S]*one of 256, 512, 1024/],
    ['ADC groups that do not split the PE evenly', (j) => { j.tile.pe.adc.columnsPerAdc = 384; }, 'tile.pe.adc.columnsPerAdc', /8 crossbars do not split evenly into groups of 3/],
    ['too few ADCs for all columns', (j) => { j.tile.pe.adc.count = 4; }, 'tile.pe.adc.count', /cannot serve the 1024 columns/],
    ['more ADCs than columnsPerAdc gives (a contradiction)', (j) => { j.tile.pe.adc.count = 16; }, 'tile.pe.adc.count', /16 ADCs contradict columnsPerAdc 128: .* need 8, so 8 would sit idle/],
    ['activeRows above rows', (j) => { j.tile.pe.crossbar.activeRows = 256; }, 'tile.pe.crossbar.activeRows', /only 128 rows/],
    ['cells wider than weights', (j) => { j.precision.weightBits = 1; }, 'tile.pe.crossbar.cellBits', /exceed/],
    ['DACs wider than inputs', (j) => { j.tile.pe.dac.bits = 4; j.precision.inputBits = 2; }, 'tile.pe.dac.bits', /exceed/],
    ['too few DACs for one read', (j) => { j.tile.pe.dac.count = 64; }, 'tile.pe.dac.count', /cannot drive/],
    ['a weight wider than the crossbar', (j) => { j.tile.pe.crossbar.cols = 4; j.tile.pe.adc.columnsPerAdc = 4; }, 'tile.pe.crossbar.cols', /needs 8 columns/],
    ['more tiles than the mesh holds', (j) => { j.chip.tiles = 169; }, 'chip.tiles', /do not fit/],
    ['router ports', (j) => { j.noc.routerPorts = 4; }, 'noc.routerPorts', /cannot connect/],
    ['unknown tech table', (j) => { j.tech = 'tsmc-3nm'; }, 'tech', /unknown technology table/],
  ];
  for (const [what, mutate, path, reason] of cases) {
    test(what, () => {
      const error = rejection(mutate);
      expect(error.field).toBe(path);
      expect(error.message).toMatch(reason);
      expect(error.fix).toBeTruthy();
    });
  }

  test('digital MACs narrower than the operands', () => {
    const error = rejection((j) => { j.tile.digitalMacPes!.operandBits = 4; }, 'aero-hybrid');
    expect(error.field).toBe('tile.digitalMacPes.operandBits');
  });
});

test('several problems: the first is the field, the others are listed', () => {
  const error = rejection((j) => { j.tile.peCount = -1; j.clockHz = 'x'; });
  expect(['clockHz', 'tile.peCount']).toContain(error.field);
  expect(error.message).toMatch(/also:/);
});
