// Whole-or-nothing file writes: the data goes to `<path>.partial-<pid>` beside the destination and
// is renamed over it only when complete, so a crash or a signal never leaves a truncated file at
// the path (and never destroys an earlier complete one there).
import { renameSync, rmSync, writeFileSync } from 'node:fs';

export function writeFileAtomic(path: string, data: string | Uint8Array, options: { mode?: number } = {}): void {
  const partial = `${path}.partial-${process.pid}`;
  try {
    writeFileSync(partial, data, options);
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}
