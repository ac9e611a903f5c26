// Work past the documented sizes is refused up front with the numbers, unless --force: a billion
// images, a 100000-pixel input, a million-tile chip (they grew to gigabytes or ran for minutes
// with no output). Runs the built CLI, as a user would.
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkImages, checkResolution, LIMITS } from '../../../scripts/cli/limits.js';
import { presetJson } from '../../hw/arch/presetJson.js';

const cli = fileURLToPath(new URL('../../../dist/scripts/cli/ohmflow.js', import.meta.url));

describe('size limits', () => {
  test('the checks pass at the limit, refuse past it, and --force lets it through', () => {
    expect(() => checkResolution(String(LIMITS.resolution))).not.toThrow();
    expect(() => checkResolution(String(LIMITS.resolution + 1))).toThrow(/--resolution: .* past the limit of 4096[\s\S]*--force/);
    expect(() => checkResolution('100000', true)).not.toThrow();
    expect(() => checkImages(LIMITS.images)).not.toThrow();
    expect(() => checkImages(1e9)).toThrow(/--images: 1,000,000,000 images/);
    expect(() => checkImages(1e9, true)).not.toThrow();
  });
});

describe.runIf(existsSync(cli))('commands refuse oversized work within seconds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ohmflow-limits-'));
  const huge = join(dir, 'huge.json');
  const json = presetJson('isaac') as { chip: { tiles: number }; noc: { rows: number; cols: number } };
  json.chip.tiles = 1_000_000;
  json.noc.rows = 1000;
  json.noc.cols = 1000;
  writeFileSync(huge, JSON.stringify(json));
  test.each([
    [['simulate', '--net', 'vgg8', '--images', '1000000000'], /--images: 1,000,000,000 images/],
    [['estimate', '--net', 'resnet18', '--resolution', '100000'], /--resolution: an input of 100000 x 100000/],
    [['estimate', '--net', 'vgg8', '--arch', huge], /chip.tiles: .* 1,000,000 tiles/],
  ])('%j', (args, pattern) => {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).toMatch(/--force/);
  }, 40_000);
});
