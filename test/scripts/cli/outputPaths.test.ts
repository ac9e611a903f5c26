// Bad paths fail before any work, with one message and exit 2 (they ended in a Node stack trace
// with exit 1, some after the whole simulation): outputs into a missing directory, onto a
// directory or a file where a directory is needed; inputs that are directories; an existing
// export target without --force. Runs the built CLI (npm ci builds it), as a user would.
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkInputFile, checkOutputDir, checkOutputFile } from '../../../scripts/cli/paths.js';

const cli = fileURLToPath(new URL('../../../dist/scripts/cli/ohmflow.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ohmflow-paths-'));
const file = join(dir, 'a-file');
writeFileSync(file, 'x');
const missing = join(dir, 'missing', 'sub');

describe('path checks', () => {
  test('output files: missing directory, a directory, an existing file with noOverwrite', () => {
    expect(() => checkOutputFile(join(missing, 'x.pftrace'), '--trace')).toThrow(/--trace: the directory .* does not exist/);
    expect(() => checkOutputFile(dir, '--trace')).toThrow(/is a directory/);
    expect(() => checkOutputFile(file, '--out', { noOverwrite: true })).toThrow(/exists[\s\S]*--force/);
    expect(() => checkOutputFile(join(dir, 'new.json'), '--out')).not.toThrow();
  });

  test('output directories: a file on the way is refused, missing parents are fine', () => {
    expect(() => checkOutputDir(file, '--plots')).toThrow(/is a file, not a directory/);
    expect(() => checkOutputDir(join(file, 'charts'), '--plots')).toThrow(/on the way to/);
    expect(() => checkOutputDir(missing, '--plots')).not.toThrow();
  });

  test('input files: missing or a directory', () => {
    expect(() => checkInputFile(join(dir, 'nope'), 'FILE')).toThrow(/does not exist/);
    expect(() => checkInputFile(dir, 'FILE')).toThrow(/is a directory/);
  });
});

describe.runIf(existsSync(cli))('commands check their paths before working', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['simulate --trace into a missing directory', ['simulate', '--net', 'lenet5', '--trace', join(missing, 't.pftrace')], /--trace: the directory/],
    ['simulate --trace onto a directory', ['simulate', '--net', 'lenet5', '--trace', dir], /--trace: .* is a directory/],
    ['simulate --plots onto a file', ['simulate', '--net', 'lenet5', '--plots', file], /--plots: .* is a file/],
    ['simulate --save-output into a missing directory', ['simulate', '--net', 'lenet5', '--save-output', join(missing, 'y.npy')], /--save-output: the directory/],
    ['estimate --plots onto a file', ['estimate', '--net', 'lenet5', '--plots', file], /--plots: .* is a file/],
    ['networks --export into a missing directory', ['networks', '--export', 'lenet5', '--out', join(missing, 'x.onnx')], /--out: the directory/],
    ['trace check of a directory', ['trace', 'check', dir], /FILE: .* is a directory/],
    ['trace summary of a directory', ['trace', 'summary', dir], /FILE: .* is a directory/],
    ['trace export of a directory', ['trace', 'export', dir, '--chrome'], /FILE: .* is a directory/],
    ['trace export onto an existing file without --force', ['trace', 'export', file, '--chrome', '-o', file], /--out: .* exists[\s\S]*--force/],
    ['explore --out onto a file', ['explore', '--net', 'lenet5', '--out', file], /--out: .* is a file/],
    ['sweep list of a directory', ['sweep', 'list', dir], /SWEEP: .* is a directory/],
  ];
  test.each(cases)('%s: exit 2 with the field named, no stack trace', (_, args, pattern) => {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 40_000);
});
