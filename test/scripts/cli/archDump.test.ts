// `ohmflow arch PRESET --dump`: the preset's JSON as a starting point for a custom chip. Saved and
// loaded back, it is the same chip under a new name, and its $schema points at a schema that exists.
import { describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archCommandOutput } from '../../../scripts/cli/commands/arch.js';
import { loadArch } from '../../../hw/arch/index.js';

describe('arch --dump', () => {
  test.each(['isaac', 'neurosim-vgg8'])('%s dumps to a file that loads as the same chip, renamed', (preset) => {
    const text = archCommandOutput(preset, { dump: true });
    const json = JSON.parse(text) as { $schema: string; name: string };
    expect(json.name).toBe(`${preset}-custom`);
    expect(existsSync(json.$schema)).toBe(true);
    const file = join(mkdtempSync(join(tmpdir(), 'ohmflow-dump-')), 'my.json');
    writeFileSync(file, text);
    const custom = loadArch(file);
    const original = loadArch(preset);
    expect({ ...custom, name: original.name, $schema: original.$schema }).toEqual(original);
  });
});
