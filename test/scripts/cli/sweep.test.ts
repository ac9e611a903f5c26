// `ohmflow sweep`: list, run by index, merge (CSV, JSON, Pareto PNG) and emit, end to end in-process.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../../scripts/cli/program.js';

async function run(args: string[]): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  await buildProgram().parseAsync(['node', 'ohmflow', ...args]);
  vi.restoreAllMocks();
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('ohmflow sweep', () => {
  it('lists, runs each index, merges and emits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohmflow-sweepcli-'));
    const file = join(dir, 's.json');
    writeFileSync(file, JSON.stringify({ net: 'lenet5', arch: 'isaac', dup: ['none', 'auto', '2'] }));
    const listed = JSON.parse(await run(['sweep', 'list', file, '--json'])) as Array<{ index: number; dup: string }>;
    expect(listed.map((p) => p.dup)).toEqual(['none', 'auto', '2']);
    const out = join(dir, 'out');
    await run(['sweep', 'run', file, '--index', '0', '--chunk', '2', '--out', out]);
    await run(['sweep', 'run', file, '--index', '1', '--chunk', '2', '--out', out]);
    const merged = JSON.parse(await run(['sweep', 'merge', file, '--out', out, '--json'])) as { rows: Array<{ metrics?: { fps: number } }>; missing: number[] };
    expect(merged.missing).toEqual([]);
    expect(merged.rows).toHaveLength(3);
    expect(readFileSync(join(out, 'merged.csv'), 'utf8').split('\n')[0]).toBe('index,net,arch,options,topsPerW,fps,energyPjPerImage,areaMm2,powerW,latencyNs,segments,error');
    expect(existsSync(join(out, 'pareto.png'))).toBe(true);
    await run(['sweep', 'emit', 'slurm', file, '--out', out, '--chunk', '2']);
    expect(readFileSync(join(out, 'sweep.slurm.sh'), 'utf8')).toContain('#SBATCH --array=0-1');
    await run(['sweep', 'emit', 'k8s', file, '--out', out, '--volume-root', dir]);
    expect(readFileSync(join(out, 'sweep.k8s.yaml'), 'utf8')).toContain('completions: 3');
  });
});
