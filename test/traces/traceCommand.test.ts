// `ohmflow trace check|summary|export`: exit codes, one-line verdicts, JSON output, clear errors.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../scripts/cli/program.js';
import { OhmflowError } from '../../workloads/errors.js';
import { writeSyntheticTrace } from './synthetic.js';
import { SLICE_END, validPrelude, writeHandmadeTrace } from './perfetto/handmade.js';

const dir = mkdtempSync(join(tmpdir(), 'ohmflow-cli-trace-'));
const good = join(dir, 'good.pftrace');
const feed = writeSyntheticTrace(good);

async function run(args: string[]): Promise<{ out: string; err: string; exitCode: number | undefined }> {
  let out = '';
  let err = '';
  const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  try {
    await buildProgram().exitOverride().parseAsync(['node', 'ohmflow', ...args]);
  } finally {
    outSpy.mockRestore();
    errSpy.mockRestore();
  }
  const exitCode = process.exitCode === undefined ? undefined : Number(process.exitCode);
  process.exitCode = undefined;
  return { out, err, exitCode };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('ohmflow trace', () => {
  it('check prints "ok: N packets, M tracks" for a good trace', async () => {
    const { out, exitCode } = await run(['trace', 'check', good]);
    expect(out).toMatch(/^ok: \d+ packets, \d+ tracks\n$/);
    expect(exitCode ?? 0).toBe(0);
  });

  it('check exits 2 and lists the problems of a broken trace', async () => {
    const broken = join(dir, 'broken.pftrace');
    writeHandmadeTrace(broken, [
      ...validPrelude(),
      { trustedPacketSequenceId: 1, sequenceFlags: 2, timestamp: 5, trackEvent: { type: SLICE_END, trackUuid: 1 } },
    ]);
    const { err, exitCode } = await run(['trace', 'check', broken]);
    expect(exitCode).toBe(2);
    expect(err).toMatch(/1 problem\(s\)/);
    expect(err).toMatch(/has no BEGIN/);
  });

  it('check of a file that is not a trace throws an OhmflowError (the CLI prints it, exit 2)', async () => {
    const text = join(dir, 'readme.txt');
    writeFileSync(text, 'not a trace');
    await expect(run(['trace', 'check', text])).rejects.toBeInstanceOf(OhmflowError);
  });

  it('summary --json prints one JSON object whose energy equals what was fed', async () => {
    const { out } = await run(['trace', 'summary', good, '--by', 'component', '--json']);
    const summary = JSON.parse(out) as { totalEnergyPj: number; by: string; rows: { group: string }[] };
    expect(summary.by).toBe('component');
    expect(summary.totalEnergyPj).toBe(feed.totalEnergyPj);
    expect(summary.rows.map((row) => row.group)).toEqual(['adc', 'crossbar', 'router']);
  });

  it('summary rejects an unknown --by', async () => {
    await expect(run(['trace', 'summary', good, '--by', 'pe'])).rejects.toThrow(/--by: unknown grouping "pe"/);
  });

  it('export --chrome writes JSON next to the trace or to -o', async () => {
    const out = join(dir, 'chrome-out.json');
    await run(['trace', 'export', '--chrome', good, '-o', out]);
    expect(existsSync(out)).toBe(true);
    expect(JSON.parse(readFileSync(out, 'utf8')).traceEvents.length).toBeGreaterThan(0);
    await run(['trace', 'export', '--chrome', good]);
    expect(existsSync(join(dir, 'good.json'))).toBe(true);
  });
});
