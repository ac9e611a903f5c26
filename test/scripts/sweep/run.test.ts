// Running a sweep: per-index runs and run-all merge to identical tables; a finished index is
// skipped on resume; results are written whole. run-all is exercised in-process (jobs = 1, the
// path tests can always take from source) and, when dist/ is built, on two worker threads.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSweep, mergeResults, resultPath, runAll, runIndices, toCsv, workerFile } from '../../../scripts/sweep/index.js';

function sweepFile(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ohmflow-sweep-'));
  const file = join(dir, 'grid.json');
  writeFileSync(file, JSON.stringify({ net: ['lenet5'], arch: ['isaac', 'rram-lossless-32nm'], dup: ['none', 'auto'], overrides: { 'tile.pe.adc.bits': [6, 8] } }));
  return { dir, file };
}

describe('sweep runs', () => {
  it('gives the same merged table per index as with run-all, and run-all resumes', async () => {
    const { dir, file } = sweepFile();
    const n = loadSweep(file).length;
    expect(n).toBe(8);
    const perIndex = join(dir, 'per-index');
    for (let i = 0; i < n; i++) runIndices(file, [i], perIndex);
    const all = join(dir, 'all');
    runIndices(file, [2], all);
    const stamp = statSync(resultPath(all, 2)).mtimeMs;
    const r = await runAll(file, all, { jobs: 1 });
    expect(r.skipped).toBe(1);
    expect(r.ran).toEqual([0, 1, 3, 4, 5, 6, 7]);
    expect(statSync(resultPath(all, 2)).mtimeMs).toBe(stamp);
    const points = loadSweep(file);
    const a = mergeResults(points, perIndex);
    expect(a.missing).toEqual([]);
    expect(toCsv(mergeResults(points, all))).toBe(toCsv(a));
    expect(mergeResults(points, all)).toEqual(a);
    // No temp files left behind: every write was a rename.
    expect(readdirSync(join(all, 'results')).every((f) => f.endsWith('.json'))).toBe(true);
    // A second run-all finds nothing to do.
    expect((await runAll(file, all, { jobs: 1 })).ran).toEqual([]);
  });

  it('records a point that cannot run as an error instead of failing the sweep', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohmflow-sweep-'));
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"net":"lenet5","arch":"isaac","overrides":{"tile.pe.adc.bits":99}}\n');
    runIndices(file, [0], dir);
    const r = JSON.parse(readFileSync(resultPath(dir, 0), 'utf8')) as { error?: string };
    expect(r.error).toMatch(/adc/);
  });

  it.skipIf(workerFile() === undefined)('merges identically from two worker threads (needs npm run build)', async () => {
    const { dir, file } = sweepFile();
    const one = join(dir, 'one');
    const two = join(dir, 'two');
    await runAll(file, one, { jobs: 1 });
    const r = await runAll(file, two, { jobs: 2 });
    expect(r.threads).toBe(2);
    expect(r.errors).toEqual([]);
    const points = loadSweep(file);
    expect(mergeResults(points, two)).toEqual(mergeResults(points, one));
  });
});
