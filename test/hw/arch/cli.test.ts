// `ohmflow arch`, called in-process through the command's own output function (no build needed).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { OhmflowError } from '../../../workloads/errors.js';
import { archCommandOutput } from '../../../scripts/cli/commands/arch.js';
import { archJsonSchemaPath, archJsonSchemaText } from '../../../hw/arch/emitSchema.js';
import type { ArchSummary } from '../../../hw/arch/summary.js';

/** The parts of a JSON Schema the test reads. */
interface SchemaNode {
  additionalProperties?: unknown;
  required?: string[];
  properties?: Record<string, SchemaNode>;
}

describe('ohmflow arch isaac --json', () => {
  const out = JSON.parse(archCommandOutput('isaac', { json: true })) as ArchSummary;

  test('prints the contract fields with ISAAC published values', () => {
    expect(out.areaMm2).toBeCloseTo(85.4, 0);
    expect(out.powerW).toBeCloseTo(65.8, 0);
    expect(out.tile.areaMm2).toBeCloseTo(0.372, 2);
    expect(out.tile.powerMw).toBeCloseTo(330, -1);
    expect(out.peakTops).toBeGreaterThan(0);
    expect(out.peakTopsPerW).toBeCloseTo(0.63, 1);
  });

  test('breakdowns by component kind add up to the chip totals', () => {
    const sum = (r: Record<string, number>) => Object.values(r).reduce((s, v) => s + v, 0);
    expect(sum(out.breakdown.areaMm2)).toBeCloseTo(out.areaMm2, 9);
    expect(sum(out.breakdown.powerMw) / 1000).toBeCloseTo(out.powerW, 9);
    expect(out.breakdown.areaMm2.adc).toBeGreaterThan(0);
    expect(out.breakdown.powerMw.offChipLink).toBeCloseTo(10_400, 9);
  });
});

test('no argument = the default chip, printed as a table', () => {
  const text = archCommandOutput(undefined, {});
  expect(text).toMatch(/^neurosim-vgg8:/);
  expect(text).toMatch(/TOPS\/W/);
  expect(text).toMatch(/lossy: use --fidelity adc/);
});

test('--list names every preset and marks the default', () => {
  const list = JSON.parse(archCommandOutput(undefined, { list: true, json: true })) as Array<{ name: string; default: boolean }>;
  expect(list.map((p) => p.name)).toEqual(expect.arrayContaining(['isaac', 'rram-lossless-32nm', 'aero-hybrid']));
  expect(list.filter((p) => p.default).map((p) => p.name)).toEqual(['neurosim-vgg8']);
});

test('--schema prints the JSON Schema, and hw/arch/arch.schema.json is up to date with it', () => {
  const printed = archCommandOutput(undefined, { schema: true });
  const schema = JSON.parse(printed) as SchemaNode;
  expect(schema.additionalProperties).toBe(false);
  expect(schema.properties?.tile.properties?.pe.properties?.adc.required).toContain('columnsPerAdc');
  expect(readFileSync(archJsonSchemaPath(), 'utf8')).toBe(archJsonSchemaText());
  expect(printed).toBe(archJsonSchemaText());
});

test('a bad arch is an OhmflowError (the entry point prints it and exits 2)', () => {
  expect(() => archCommandOutput('no-such-chip', {})).toThrow(OhmflowError);
});
