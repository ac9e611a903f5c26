// SIGINT and SIGTERM stop a long simulation between chunks of events (scripts/cli/signals.ts): the
// trace's partial file is removed, no trace appears at the path, an earlier good trace there is
// kept, and the exit code is the shell's 128 + signal. Runs the built CLI, as a user would.
import { describe, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../../dist/scripts/cli/ohmflow.js', import.meta.url));

/** Starts a 500-image LeNet-5 simulation with a trace, sends `signal` once its partial trace exists. */
async function interrupted(signal: 'SIGINT' | 'SIGTERM', dir: string, trace: string): Promise<number | null> {
  const child = spawn(process.execPath, [cli, 'simulate', '--net', 'vgg8', '--images', '4', '--trace', trace], { stdio: 'ignore' });
  const partial = () => readdirSync(dir).some((f) => f.includes('.partial-'));
  for (let waited = 0; !partial() && waited < 60_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  // Let the engine get going, so the signal lands mid-run, not during set-up.
  await new Promise((r) => setTimeout(r, 500));
  child.kill(signal);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe.runIf(existsSync(cli))('an interrupted simulation leaves no partial output', () => {
  test.each([['SIGTERM', 143], ['SIGINT', 130]] as const)('%s: exit %i, partial trace removed, earlier trace kept', async (signal, code) => {
    const dir = mkdtempSync(join(tmpdir(), 'ohmflow-signal-'));
    const trace = join(dir, 'run.pftrace');
    writeFileSync(trace, 'an earlier good trace');
    expect(await interrupted(signal, dir, trace)).toBe(code);
    expect(readdirSync(dir)).toEqual(['run.pftrace']);
    expect(readFileSync(trace, 'utf8')).toBe('an earlier good trace');
  }, 90_000);
});
