// Whole-or-nothing file writes: the data goes to `<path>.partial-<pid>` beside the destination and
// is renamed over it only when complete, so a crash or a signal never leaves a truncated file at
// the path (and never destroys an earlier complete one there). A run killed mid-write leaves its
// `.partial-<pid>` behind; the next write of the same path removes it.
import { readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes `<path>.partial-<pid>` files left by runs that were killed while writing `path` (a
 * process killed in the middle of a synchronous write cannot clean up): called before a new write
 * of the same path. Partials of processes still running are left alone.
 */
export function removeStalePartials(path: string): void {
  const dir = dirname(path);
  const prefix = `${basename(path)}.partial-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processAlive(pid)) rmSync(join(dir, name), { force: true });
  }
}

export function writeFileAtomic(path: string, data: string | Uint8Array, options: { mode?: number } = {}): void {
  removeStalePartials(path);
  const partial = `${path}.partial-${process.pid}`;
  try {
    writeFileSync(partial, data, options);
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}
