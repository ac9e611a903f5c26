// A failed command exits at once with code 2: no progress-bar timer or idle worker thread keeps the
// process alive after the error (explore with an impossible budget used to hang after printing it).
// Usage errors exit 2 as well (they exited 1 with the whole help).
// Runs the built CLI (npm ci builds it), as a user would.
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../../dist/scripts/cli/ohmflow.js', import.meta.url));

describe.runIf(existsSync(cli))('exit on error', () => {
  test('explore with an area budget no design meets exits 2 with the reason, within seconds', () => {
    const r = spawnSync(process.execPath, [cli, 'explore', '--net', 'lenet5', '--area-budget', '1e-9', '--iterations', '2'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--area-budget: no feasible design within a budget of 1e-9 mm2: /);
  }, 70_000);

  test('a power budget no design meets exits 2 too', () => {
    const r = spawnSync(process.execPath, [cli, 'explore', '--net', 'lenet5', '--power-budget', '1e-6', '--iterations', '2'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(2);
  }, 70_000);

  test('exact fidelity on a lossy chip is refused before any image is built or checked', () => {
    // It used to be refused inside the engine, after the reference check had started beside it,
    // and the error waited for that check (about 8 s for 16 VGG-8 images).
    const r = spawnSync(process.execPath, [cli, 'simulate', '--net', 'vgg8', '--images', '16', '--fidelity', 'exact'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/tile\.pe\.adc\.bits: exact fidelity needs a lossless ADC/);
    expect(r.stderr).not.toMatch(/^inputs: /m);
  }, 70_000);

  test('a usage error (unknown option, unknown command, missing value) exits 2 with a suggestion, not the whole help', () => {
    for (const [args, pattern] of [
      [['estimate', '--nett', 'vgg8'], /unknown option '--nett'\n\(Did you mean --net\?\)/],
      [['estimat'], /unknown command 'estimat'\n\(Did you mean estimate\?\)/],
      [['estimate', '--net'], /argument missing/],
    ] as const) {
      const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 30_000 });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).toMatch(/run with --help for the options/);
      expect(r.stderr).not.toMatch(/Options:/);
    }
  }, 60_000);

  test('--help still exits 0', () => {
    const r = spawnSync(process.execPath, [cli, 'estimate', '--help'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Options:/);
  }, 60_000);
});
