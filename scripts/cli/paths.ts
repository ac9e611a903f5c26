// Every file a command reads or writes is checked before the command's work starts, so a typo'd
// or read-only path costs one clear message and exit 2, not a stack trace after a long run.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { OhmflowError } from '../../workloads/errors.js';

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** A file the command will create or replace: its directory exists and is writable, and it is not
 *  a directory. With `noOverwrite`, an existing file is refused (the flag's `--force` allows it). */
export function checkOutputFile(path: string, flag: string, o: { noOverwrite?: boolean } = {}): void {
  const full = resolve(path);
  if (existsSync(full)) {
    if (statSync(full).isDirectory()) throw new OhmflowError(`${path} is a directory`, { field: flag, fix: 'name a file, e.g. ' + `${path.replace(/\/$/, '')}/out` });
    if (o.noOverwrite) throw new OhmflowError(`${path} exists`, { field: flag, fix: 'choose another path, or add --force to replace it' });
    if (!writable(full)) throw new OhmflowError(`${path} is read-only`, { field: flag, fix: 'choose a path you can write' });
  }
  const dir = dirname(full);
  if (!existsSync(dir)) throw new OhmflowError(`the directory ${dirname(path)} does not exist`, { field: flag, fix: `create it (mkdir -p ${dirname(path)}) or choose another path` });
  if (!statSync(dir).isDirectory()) throw new OhmflowError(`${dirname(path)} is not a directory`, { field: flag, fix: 'choose a path inside a directory' });
  if (!writable(dir)) throw new OhmflowError(`cannot write in ${dirname(path)}`, { field: flag, fix: 'choose a directory you can write' });
}

/** A directory the command will create (with its parents) or write into. */
export function checkOutputDir(path: string, flag: string): void {
  let at = resolve(path);
  // The first part of the path that exists must be a writable directory; mkdir -p makes the rest.
  while (!existsSync(at)) at = dirname(at);
  if (!statSync(at).isDirectory()) {
    throw new OhmflowError(at === resolve(path) ? `${path} is a file, not a directory` : `${at} (on the way to ${path}) is a file`, { field: flag, fix: 'name a directory' });
  }
  if (!writable(at)) throw new OhmflowError(`cannot write in ${at}`, { field: flag, fix: 'choose a directory you can write' });
}

/** A file the command reads. */
export function checkInputFile(path: string, flag: string): void {
  const full = resolve(path);
  if (!existsSync(full)) throw new OhmflowError(`${path} does not exist`, { field: flag, fix: 'check the path' });
  if (statSync(full).isDirectory()) throw new OhmflowError(`${path} is a directory`, { field: flag, fix: 'name a file' });
  try {
    accessSync(full, constants.R_OK);
  } catch {
    throw new OhmflowError(`${path} is not readable`, { field: flag, fix: 'check its permissions' });
  }
}
