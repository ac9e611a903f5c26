// Quantities derived from an arch, against closed forms worked out by hand.
import { expect, test } from 'vitest';
import { loadArch } from '../../../hw/arch/load.js';
import { inputBitPlanes, readStepPs, rowGroups, weightSlices, weightsPerCrossbarRow, peakMacsPerSecond } from '../../../hw/arch/derived.js';
import { presetJson } from './presetJson.js';
import { parseArch } from '../../../hw/arch/load.js';

test('isaac: 8 columns per 16-bit weight, 16 weights per row, 16 bit-planes, one row group', () => {
  const arch = loadArch('isaac');
  expect(weightSlices(arch)).toBe(8);
  expect(weightsPerCrossbarRow(arch)).toBe(16);
  expect(inputBitPlanes(arch)).toBe(16);
  expect(rowGroups(arch)).toBe(1);
  // 1024 columns on 8 ADCs at 1.28 GS/s: 128 conversions = 100 ns, equal to the read
  expect(readStepPs(arch)).toBeCloseTo(100_000, 6);
});

test('differential encoding doubles the columns per weight', () => {
  const json = presetJson('isaac');
  json.precision.weightEncoding = 'differential';
  const arch = parseArch(json, 'test');
  expect(weightSlices(arch)).toBe(16);
  expect(weightsPerCrossbarRow(arch)).toBe(8);
});

test('slow ADCs set the read step', () => {
  const json = presetJson('isaac');
  json.tile.pe.adc.sampleRateHz = '640MS/s';
  expect(readStepPs(parseArch(json, 'test'))).toBeCloseTo(200_000, 6);
});

test('rram-lossless-32nm: 8 rows per read means 16 row groups per bit-plane', () => {
  const arch = loadArch('rram-lossless-32nm');
  expect(rowGroups(arch)).toBe(16);
  expect(weightSlices(arch)).toBe(4);
  // 64 tiles x 16 PEs x 4 crossbars, each 128 x 32 MACs per 8 bit-planes x 16 groups x 10 ns
  const expected = 64 * 16 * 4 * ((128 * 32) / (8 * 16 * 10e-9));
  expect(peakMacsPerSecond(arch)).toBeCloseTo(expected, -6);
});

test('aero-hybrid adds its digital MAC lanes to the peak', () => {
  const arch = loadArch('aero-hybrid');
  const analog = 16 * 4 * 4 * ((128 * 32) / (8 * 16 * 10e-9));
  const digital = 16 * 2 * 64 * 1e9;
  expect(peakMacsPerSecond(arch)).toBeCloseTo(analog + digital, -6);
});
