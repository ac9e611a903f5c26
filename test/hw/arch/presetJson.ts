// Test helper: a preset's raw JSON (as a user would edit it), deep-copied for mutation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { presetsDir } from '../../../hw/arch/load.js';
import type { ArchInput } from '../../../hw/arch/schema.js';

const texts = new Map<string, string>();

export function presetJson(name: string): ArchInput {
  let text = texts.get(name);
  if (text === undefined) {
    text = readFileSync(join(presetsDir(), `${name}.json`), 'utf8');
    texts.set(name, text);
  }
  return JSON.parse(text) as ArchInput;
}
