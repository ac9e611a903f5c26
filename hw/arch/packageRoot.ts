// Finds the ohmflow package root at run time, so JSON data (presets, tech tables) is read from
// the source tree both under vitest (hw/...) and from the built CLI (dist/hw/...), never copied.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Walks up from `from` (a file URL) to the directory whose package.json is named "ohmflow". */
export function packageRoot(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'ohmflow') return dir;
      } catch {
        // an unreadable package.json on the way up is not ours; keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`ohmflow package root not found above ${fileURLToPath(from)}`);
    dir = parent;
  }
}
