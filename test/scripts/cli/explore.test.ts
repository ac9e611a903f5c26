// `ohmflow explore`: --json prints exactly the contract's object and writes a loadable arch.json;
// --crossbars runs the AERO sweep and writes its chart.
import { afterEach, describe, expect, it, test, vi } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../../scripts/cli/program.js';
import { loadArch } from '../../../hw/arch/index.js';
import { RELOAD_FASTER } from '../../../scripts/cli/commands/explore.js';
import { budgetText } from '../../../hw/dse/index.js';

async function run(args: string[]): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  await buildProgram().parseAsync(['node', 'ohmflow', ...args]);
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('ohmflow explore', () => {
  it('prints best, baseline, evaluated and wallS as one JSON object and writes DIR/arch.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohmflow-explore-'));
    const out = await run(['explore', '--net', 'lenet5', '--seed', '3', '--iterations', '3', '--population', '6', '--anneal-steps', '100', '--out', dir, '--json']);
    const r = JSON.parse(out) as Record<string, Record<string, number> | number>;
    for (const k of ['best', 'baseline'] as const) {
      expect(Object.keys(r[k] as object).sort()).toEqual(['areaMm2', 'energyPjPerImage', 'fps', 'powerW', 'topsPerW']);
    }
    expect(r.evaluated).toBeGreaterThan(0);
    expect(r.wallS).toBeGreaterThan(0);
    expect(loadArch(join(dir, 'arch.json')).name).toBe('dse-best');
    expect(existsSync(join(dir, 'mapping.json'))).toBe(true);
    expect(r.lossyAdc).toBeUndefined();
  });

  it('flags a lossy best design (--adc-bits below what exact column sums need), in text and JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohmflow-explore-'));
    const flags = ['explore', '--net', 'lenet5', '--seed', '3', '--iterations', '2', '--population', '4', '--anneal-steps', '50', '--adc-bits', '3', '--out', dir];
    const r = JSON.parse(await run([...flags, '--json'])) as { lossyAdc?: { adcBits: number; requiredBits: number } };
    expect(r.lossyAdc?.adcBits).toBe(3);
    expect(r.lossyAdc!.requiredBits).toBeGreaterThan(3);
    expect(await run(flags)).toMatch(/warning: the best design is lossy: 3-bit ADCs where exact column sums need \d+/);
  });

  it('explores crossbar budgets on one arch and writes the chart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohmflow-aero-'));
    const out = await run(['explore', '--net', 'vgg8', '--arch', 'aero-hybrid', '--crossbars', '100%,50%', '--batches', '1,16', '--plots', dir, '--json']);
    const r = JSON.parse(out) as { points: unknown[] };
    expect(r.points).toHaveLength(4);
    expect(existsSync(join(dir, 'budget.png'))).toBe(true);
  });

  it('says why, when a reloading point beats the weight-stationary chip on FPS', async () => {
    const flags = ['explore', '--net', 'vgg8', '--arch', 'aero-hybrid', '--crossbars', '100%,50%', '--batches', '1,16'];
    const r = JSON.parse(await run([...flags, '--json'])) as { points: Array<{ fpsVsStationary: number }> };
    const text = await run(flags);
    expect(text.includes(RELOAD_FASTER)).toBe(r.points.some((p) => p.fpsVsStationary > 1));
  });
});

describe('the text report states the budget in words, not JSON', () => {
  test('power, area, both, none', () => {
    expect(budgetText({ powerW: 65.80807999999999 })).toBe('a budget of 65.81 W peak power');
    expect(budgetText({ areaMm2: 120 })).toBe('a budget of 120 mm2');
    expect(budgetText({ powerW: 10, areaMm2: 50.5 })).toBe('a budget of 10 W peak power and 50.5 mm2');
    expect(budgetText({})).toBe('no budget');
  });
});
