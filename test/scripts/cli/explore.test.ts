// `ohmflow explore`: --json prints exactly the contract's object and writes a loadable arch.json;
// --crossbars runs the AERO sweep and writes its chart.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../../scripts/cli/program.js';
import { loadArch } from '../../../hw/arch/index.js';

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
  });

  it('explores crossbar budgets on one arch and writes the chart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohmflow-aero-'));
    const out = await run(['explore', '--net', 'vgg8', '--arch', 'aero-hybrid', '--crossbars', '100%,50%', '--batches', '1,16', '--plots', dir, '--json']);
    const r = JSON.parse(out) as { points: unknown[] };
    expect(r.points).toHaveLength(4);
    expect(existsSync(join(dir, 'budget.png'))).toBe(true);
  });
});
