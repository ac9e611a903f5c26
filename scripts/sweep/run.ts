// Runs sweep points and writes OUT/results/<index>.json atomically (temp file + rename), so a
// killed run never leaves a half-written result that a resumed run would take as finished.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { evaluatePoint, type NetCache, type PointResult } from './evaluatePoint.js';
import { resultPath } from './paths.js';
import { isFinished } from './resultState.js';
import { loadSweep, type SweepPoint } from './spec.js';

function writeResultAtomic(out: string, r: PointResult): void {
  const file = resultPath(out, r.index);
  mkdirSync(dirname(file), { recursive: true });
  // pid + thread-unique name: concurrent writers of the same index never share a temp file.
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, JSON.stringify(r) + '\n');
  renameSync(tmp, file);
}

/** Evaluates `indices` of the sweep (skipping finished ones unless `force`; failed ones count as
 *  finished unless `retryFailed`; a result of another point is recomputed); returns what ran. */
export function runIndices(
  sweepFile: string,
  indices: readonly number[],
  out: string,
  opts: { force?: boolean; retryFailed?: boolean; points?: SweepPoint[]; cache?: NetCache } = {},
): number[] {
  const points = opts.points ?? loadSweep(sweepFile);
  const baseDir = dirname(resolve(sweepFile));
  const cache: NetCache = opts.cache ?? new Map();
  const ran: number[] = [];
  for (const i of indices) {
    if (!opts.force && isFinished(out, i, points[i], opts.retryFailed)) continue;
    writeResultAtomic(out, evaluatePoint(i, points[i], baseDir, cache));
    ran.push(i);
  }
  return ran;
}
