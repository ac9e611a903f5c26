// What a result file on disk says about a sweep point. A result stores the point it was computed
// for; it counts only for the same point. An edited sweep file (a point inserted) or another
// sweep's folder gives results of other points at these indices: "stale", recomputed by run and
// run-all, refused by merge. A point that failed counts as finished unless failures are retried.
import { existsSync, readFileSync } from 'node:fs';
import type { PointResult } from './evaluatePoint.js';
import { resultPath } from './paths.js';
import type { SweepPoint } from './spec.js';

type ResultState =
  | { kind: 'missing' }
  | { kind: 'stale'; storedPoint?: unknown }
  | { kind: 'failed'; result: PointResult }
  | { kind: 'done'; result: PointResult };

/** JSON with object keys sorted at every level, so equal points give equal text. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function samePoint(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

export function resultState(out: string, index: number, point: SweepPoint): ResultState {
  const file = resultPath(out, index);
  if (!existsSync(file)) return { kind: 'missing' };
  let r: PointResult;
  try {
    r = JSON.parse(readFileSync(file, 'utf8')) as PointResult;
  } catch {
    return { kind: 'stale' };
  }
  if (r.index !== index || !samePoint(r.point, point)) return { kind: 'stale', storedPoint: r.point };
  return r.error !== undefined ? { kind: 'failed', result: r } : { kind: 'done', result: r };
}

/** Whether run and run-all skip a point in this state: a current result, or a failed one unless retried. */
export function finishedIn(state: ResultState['kind'], retryFailed = false): boolean {
  return state === 'done' || (state === 'failed' && !retryFailed);
}

export function isFinished(out: string, index: number, point: SweepPoint, retryFailed = false): boolean {
  return finishedIn(resultState(out, index, point).kind, retryFailed);
}
