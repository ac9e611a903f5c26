// `sweep merge`: every result file into one table (rows by index), as JSON rows and CSV. Missing
// indices are listed, not invented. Only deterministic fields go in, so a sweep run per index on a
// cluster and one run locally merge to identical files.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resultState } from './resultState.js';
import type { SweepPoint } from './spec.js';
import type { PointResult } from './evaluatePoint.js';

const METRIC_COLUMNS = ['topsPerW', 'fps', 'energyPjPerImage', 'areaMm2', 'powerW', 'latencyNs', 'segments'] as const;

interface MergedRow {
  index: number;
  net: string;
  arch: string;
  options: string;
  metrics?: PointResult['metrics'];
  error?: string;
}

interface Merged {
  rows: MergedRow[];
  missing: number[];
  /** Indices whose result file holds another point (an edited sweep, or another sweep's folder). */
  stale: number[];
}

function optionsText(p: SweepPoint): string {
  const parts: string[] = [];
  for (const k of ['resolution', 'mapping', 'dup', 'batch', 'reload', 'digital'] as const) if (p[k] !== undefined) parts.push(`${k}=${p[k]}`);
  for (const [k, v] of Object.entries(p.overrides ?? {})) parts.push(`${k}=${JSON.stringify(v)}`);
  return parts.join(' ');
}

/** Results matched to points by the point each result stores, not by index alone. */
export function mergeResults(points: readonly SweepPoint[], out: string): Merged {
  const rows: MergedRow[] = [];
  const missing: number[] = [];
  const stale: number[] = [];
  points.forEach((p, index) => {
    const s = resultState(out, index, p);
    if (s.kind === 'missing') missing.push(index);
    else if (s.kind === 'stale') stale.push(index);
    else rows.push({ index, net: p.net, arch: p.arch, options: optionsText(p), metrics: s.result.metrics, error: s.result.error });
  });
  return { rows, missing, stale };
}

const csvCell = (v: unknown): string => {
  const s = v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function toCsv(m: Merged): string {
  const head = ['index', 'net', 'arch', 'options', ...METRIC_COLUMNS, 'error'];
  const lines = m.rows.map((r) => [r.index, r.net, r.arch, r.options, ...METRIC_COLUMNS.map((c) => r.metrics?.[c]), r.error].map(csvCell).join(','));
  return [head.join(','), ...lines].join('\n') + '\n';
}

/** Writes OUT/merged.json and OUT/merged.csv; returns their paths. */
export function writeMerged(out: string, m: Merged): { json: string; csv: string } {
  const json = join(out, 'merged.json');
  const csv = join(out, 'merged.csv');
  writeFileSync(json, JSON.stringify(m, null, 1) + '\n');
  writeFileSync(csv, toCsv(m));
  return { json, csv };
}
