// Test helper: a preset's raw JSON (as a user would edit it), deep-copied for mutation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { presetsDir } from '../../../hw/arch/load.js';

const texts = new Map<string, string>();

export function presetJson(name: string): Record<string, any> {
  let text = texts.get(name);
  if (text === undefined) {
    text = readFileSync(join(presetsDir(), `${name}.json`), 'utf8');
    texts.set(name, text);
  }
  return JSON.parse(text) as Record<string, any>;
}
