// A chip whose input buffers cannot hold a tile's line buffers is simulated with the size they
// need (the engine would deadlock otherwise), and simulate says so on stderr at once, naming the
// field to grow: the run is of a different chip than the one described.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../../scripts/cli/program.js';
import { presetJson } from '../../hw/arch/presetJson.js';

afterEach(() => vi.restoreAllMocks());

describe('short input buffers', () => {
  test('simulate warns on stderr with the field to grow', async () => {
    const json = presetJson('rram-lossless-32nm') as { name: string; tile: { inputBuffer: { sizeBytes: string | number } } };
    json.name = 'tiny-buffers';
    json.tile.inputBuffer.sizeBytes = '1KB';
    const file = join(mkdtempSync(join(tmpdir(), 'ohmflow-buffers-')), 'tiny.json');
    writeFileSync(file, JSON.stringify(json));
    let err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
    await buildProgram().parseAsync(['node', 'ohmflow', 'simulate', '--net', 'resnet18', '--resolution', '32', '--arch', file, '--images', '1', '--jobs', '1', '--json']);
    vi.restoreAllMocks();
    expect(err).toMatch(/warning: \d+ tile\(s\) need a larger input buffer than tile\.inputBuffer\.sizeBytes \(1024 B\)/);
    expect(err).toMatch(/Grow tile\.inputBuffer\.sizeBytes/);
  }, 60_000);
});
