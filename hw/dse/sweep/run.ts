// Runs sweep points and writes OUT/results/<index>.json atomically (temp file + rename), so a
// killed run never leaves a half-written result that a resumed run would take as finished.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { evaluatePoint, type NetCache, type PointResult } from './evaluatePoint.js';
import { loadSweep, type SweepPoint } from './spec.js';

export function resultsDir(out: string): string {
  return join(out, 'results');
}

export function resultPath(out: string, index: number): string {
  return join(resultsDir(out), `${index}.json`);
}

/** Default output directory: next to the sweep file, named after it. */
export function defaultOut(sweepFile: string): string {
  return sweepFile.replace(/\.(jsonl?|txt)$/i, '') + '.out';
}

export function writeResultAtomic(out: string, r: PointResult): void {
  const file = resultPath(out, r.index);
  mkdirSync(dirname(file), { recursive: true });
  // pid + thread-unique name: concurrent writers of the same index never share a temp file.
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, JSON.stringify(r) + '\n');
  renameSync(tmp, file);
}

export function isFinished(out: string, index: number): boolean {
  return existsSync(resultPath(out, index));
}

/** Evaluates `indices` of the sweep (skipping finished ones unless `force`); returns what ran. */
export function runIndices(sweepFile: string, indices: readonly number[], out: string, opts: { force?: boolean; points?: SweepPoint[]; cache?: NetCache } = {}): number[] {
  const points = opts.points ?? loadSweep(sweepFile);
  const baseDir = dirname(resolve(sweepFile));
  const cache: NetCache = opts.cache ?? new Map();
  const ran: number[] = [];
  for (const i of indices) {
    if (!opts.force && isFinished(out, i)) continue;
    writeResultAtomic(out, evaluatePoint(i, points[i], baseDir, cache));
    ran.push(i);
  }
  return ran;
}
