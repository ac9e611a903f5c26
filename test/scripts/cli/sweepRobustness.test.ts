// Sweep robustness: results are matched to points by the point they store (an edited sweep file
// or another sweep's folder is refused by merge and recomputed by run-all), invalid points are
// refused before anything runs, failed points make run-all and merge exit non-zero and run again
// with --retry-failed, and a grid too large to expand is refused up front.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../../scripts/cli/program.js';
import { expandGrid, resultPath } from '../../../scripts/sweep/index.js';
import { isOhmflowError } from '../../../workloads/errors.js';

async function run(args: string[]): Promise<{ out: string; err: string; exitCode: number | undefined }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  process.exitCode = undefined;
  try {
    await buildProgram().parseAsync(['node', 'ohmflow', ...args]);
  } finally {
    vi.restoreAllMocks();
  }
  const exitCode = process.exitCode === undefined ? undefined : Number(process.exitCode);
  process.exitCode = undefined;
  return { out, err, exitCode };
}

const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('sweep robustness', () => {
  it('merge refuses results of other points (an inserted network), run-all recomputes them, then rows pair with their own numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohmflow-sweep-pair-'));
    const file = join(dir, 's.json');
    const out = join(dir, 'out');
    writeFileSync(file, JSON.stringify([{ net: 'lenet5', arch: 'isaac' }, { net: 'mlp', arch: 'isaac' }]));
    await run(['sweep', 'run-all', file, '--out', out]);
    const before = JSON.parse((await run(['sweep', 'merge', file, '--out', out, '--json'])).out) as { rows: Array<{ net: string; metrics: { fps: number } }> };
    const fpsOf = new Map(before.rows.map((r) => [r.net, r.metrics.fps]));
    // Insert a network at the front: indices 0 and 1 now name other points than their results.
    writeFileSync(file, JSON.stringify([{ net: 'mlp', arch: 'isaac', dup: 'none' }, { net: 'lenet5', arch: 'isaac' }, { net: 'mlp', arch: 'isaac' }]));
    const e = await failure(run(['sweep', 'merge', file, '--out', out]));
    expect(isOhmflowError(e)).toBe(true);
    expect((e as Error).message).toMatch(/2 result\(s\) .* other points .*\(0,1\)/);
    const r = await run(['sweep', 'run-all', file, '--out', out]);
    expect(r.err).toMatch(/3 points, 0 already finished, ran 3/);
    const after = JSON.parse((await run(['sweep', 'merge', file, '--out', out, '--json'])).out) as { rows: Array<{ net: string; metrics: { fps: number } }>; stale: number[] };
    expect(after.stale).toEqual([]);
    expect(after.rows.map((x) => x.net)).toEqual(['mlp', 'lenet5', 'mlp']);
    expect(after.rows[1].metrics.fps).toBe(fpsOf.get('lenet5'));
    expect(after.rows[2].metrics.fps).toBe(fpsOf.get('mlp'));
  });

  it('refuses invalid points (unknown net, bad mapping, negative resolution, unknown override) before running any', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohmflow-sweep-bad-'));
    const file = join(dir, 's.json');
    const out = join(dir, 'out');
    writeFileSync(file, JSON.stringify([
      { net: 'lenet5', arch: 'isaac' },
      { net: 'lenet6', arch: 'isaac' },
      { net: 'lenet5', arch: 'isaac', mapping: 'diagonal' },
      { net: 'resnet18', arch: 'isaac', resolution: -3 },
      { net: 'lenet5', arch: 'isaac', overrides: { 'tile.pe.adc.bitz': 5 } },
      { net: 'lenet5', arch: 'isaac', overrides: { 'tile.nosuch.bits': 5 } },
    ]));
    for (const cmd of [['sweep', 'list', file], ['sweep', 'run-all', file, '--out', out], ['sweep', 'run', file, '--index', '1', '--out', out]]) {
      const e = await failure(run(cmd));
      expect(isOhmflowError(e)).toBe(true);
    }
    const e = (await failure(run(['sweep', 'list', file]))) as Error;
    expect(e.message).toMatch(/5 invalid point\(s\)/);
    for (const i of [1, 2, 3, 4, 5]) expect(e.message).toContain(`point ${i} `);
    expect(e.message).not.toContain('point 0 ');
    expect(e.message).toMatch(/lenet6/);
    expect(existsSync(resultPath(out, 0))).toBe(false);
  });

  it('a failed point makes run-all and merge exit 1; it is skipped on resume and rerun with --retry-failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohmflow-sweep-fail-'));
    const file = join(dir, 's.json');
    const out = join(dir, 'out');
    // VGG-8's weights do not fit one ISAAC tile without reloading: the run fails, the point is valid.
    writeFileSync(file, JSON.stringify([{ net: 'lenet5', arch: 'isaac' }, { net: 'vgg8', arch: 'isaac', overrides: { 'chip.tiles': 1, 'noc.rows': 1, 'noc.cols': 1 } }]));
    const first = await run(['sweep', 'run-all', file, '--out', out]);
    expect(first.exitCode).toBe(1);
    expect(first.err).toMatch(/1 point\(s\) failed \(1\)/);
    expect(JSON.parse(readFileSync(resultPath(out, 1), 'utf8')).error).toBeTruthy();
    const merged = await run(['sweep', 'merge', file, '--out', out]);
    expect(merged.exitCode).toBe(1);
    expect(merged.err).toMatch(/1 failed \(1\)/);
    expect((await run(['sweep', 'run-all', file, '--out', out])).err).toMatch(/2 already finished, ran 0/);
    expect((await run(['sweep', 'run-all', file, '--out', out, '--retry-failed'])).err).toMatch(/1 already finished, ran 1/);
  });

  it('refuses a grid past the point limit before expanding it', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(() => expandGrid({ net: 'lenet5', arch: 'isaac', batch: values, resolution: values, overrides: { 'tile.pe.adc.bits': [5, 6] } })).toThrow(/2\.00e\+6 points .* past the limit/);
  });
});

describe('the documented example sweep', () => {
  it('docs/examples/adc-sweep.json lists its 12 valid points', async () => {
    const file = new URL('../../../docs/examples/adc-sweep.json', import.meta.url).pathname;
    const points = JSON.parse((await run(['sweep', 'list', file, '--json'])).out) as Array<{ overrides: Record<string, number> }>;
    expect(points).toHaveLength(12);
    expect(points.map((p) => p.overrides['tile.pe.adc.bits']).slice(0, 3)).toEqual([6, 7, 8]);
  });
});
