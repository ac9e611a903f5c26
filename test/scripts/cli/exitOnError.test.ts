// A failed command exits at once with code 2: no progress-bar timer or idle worker thread keeps the
// process alive after the error (explore with an impossible budget used to hang after printing it).
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
    expect(r.stderr).toMatch(/--area-budget: no feasible design/);
  }, 70_000);

  test('a power budget no design meets exits 2 too', () => {
    const r = spawnSync(process.execPath, [cli, 'explore', '--net', 'lenet5', '--power-budget', '1e-6', '--iterations', '2'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(2);
  }, 70_000);
});
