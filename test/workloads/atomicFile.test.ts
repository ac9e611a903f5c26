// Whole-or-nothing writes: a partial file left by a killed run (which could not clean up in the
// middle of a synchronous write) is removed by the next write of the same path; a partial of a
// process still running is left alone.
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../workloads/atomicFile.js';

describe('writeFileAtomic', () => {
  test('writes the file and removes partials of dead processes only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohmflow-atomic-'));
    const path = join(dir, 'model.onnx');
    const deadPid = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    const stale = `${path}.partial-${deadPid}`;
    const live = `${path}.partial-${process.ppid}`;
    const other = join(dir, `other.onnx.partial-${deadPid}`);
    for (const f of [stale, live, other]) writeFileSync(f, 'half a file');
    writeFileAtomic(path, 'whole');
    expect(readFileSync(path, 'utf8')).toBe('whole');
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
    expect(existsSync(`${path}.partial-${process.pid}`)).toBe(false);
  });
});
