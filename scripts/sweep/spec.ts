// A sweep file and its expansion into indexed design points. Three forms: a JSON array of points,
// JSONL (one point per line), or a grid object whose list-valued keys are crossed in file order:
//   { "net": ["lenet5","vgg8"], "arch": ["isaac"], "dup": ["none","auto"],
//     "overrides": { "tile.pe.adc.bits": [5, 6, 7] } }
// Index order is fixed (first key slowest, the last override fastest), so an index names the same
// point on every machine.
import { readFileSync, statSync } from 'node:fs';
import { OhmflowError } from '../../workloads/errors.js';

/** One design point: network, chip and mapping flags in their text form, plus arch overrides. */
export interface SweepPoint {
  net: string;
  arch: string;
  resolution?: number;
  mapping?: string;
  dup?: string;
  batch?: number;
  reload?: boolean;
  digital?: string;
  /** Dotted arch paths (e.g. "tile.pe.adc.bits") -> value, applied before validation. */
  overrides?: Record<string, unknown>;
}

const POINT_KEYS = ['net', 'arch', 'resolution', 'mapping', 'dup', 'batch', 'reload', 'digital'] as const;

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

function checkPoint(p: Record<string, unknown>, where: string): SweepPoint {
  for (const k of Object.keys(p)) {
    if (k !== 'overrides' && !(POINT_KEYS as readonly string[]).includes(k)) {
      throw new OhmflowError(`${where}: unknown key "${k}"`, { field: 'SWEEP', fix: `use ${[...POINT_KEYS, 'overrides'].join(', ')}` });
    }
  }
  if (typeof p.net !== 'string' || typeof p.arch !== 'string') {
    throw new OhmflowError(`${where}: a point needs "net" and "arch" strings`, { field: 'SWEEP', fix: 'add e.g. "net": "lenet5", "arch": "isaac"' });
  }
  const out: SweepPoint = { net: p.net, arch: p.arch };
  if (p.resolution !== undefined) out.resolution = Number(p.resolution);
  if (p.mapping !== undefined) out.mapping = String(p.mapping);
  if (p.dup !== undefined) out.dup = String(p.dup);
  if (p.batch !== undefined) out.batch = Number(p.batch);
  if (p.reload !== undefined) out.reload = Boolean(p.reload);
  if (p.digital !== undefined) out.digital = String(p.digital);
  if (p.overrides !== undefined) out.overrides = p.overrides as Record<string, unknown>;
  return out;
}

/** The most points a sweep file may expand to: a grid past it is refused before it is built
 *  (a 1e9-point grid grew to 4.7 GB before failing). */
const MAX_SWEEP_POINTS = 1_000_000;

/** Cartesian product of a grid spec, first key slowest. */
export function expandGrid(grid: Record<string, unknown>): SweepPoint[] {
  const axes: Array<[string, unknown[]]> = [];
  for (const k of Object.keys(grid)) {
    if (k === 'overrides') continue;
    axes.push([k, asList(grid[k])]);
  }
  const overrides = (grid.overrides ?? {}) as Record<string, unknown>;
  for (const k of Object.keys(overrides)) axes.push([`overrides:${k}`, asList(overrides[k])]);
  const size = axes.reduce((n, [, values]) => n * values.length, 1);
  if (size > MAX_SWEEP_POINTS) {
    throw new OhmflowError(`the grid expands to ${size.toExponential(2)} points (${axes.map(([k, v]) => `${k.replace('overrides:', '')} ${v.length}`).join(' x ')}), past the limit of ${MAX_SWEEP_POINTS.toLocaleString('en-US')}`, {
      field: 'SWEEP', fix: 'split the sweep into several files, or drop values from its longest lists',
    });
  }
  let combos: Array<Record<string, unknown>> = [{}];
  for (const [key, values] of axes) {
    combos = combos.flatMap((c) => values.map((v) => {
      if (!key.startsWith('overrides:')) return { ...c, [key]: v };
      const o = { ...((c.overrides as Record<string, unknown>) ?? {}), [key.slice('overrides:'.length)]: v };
      return { ...c, overrides: o };
    }));
  }
  return combos.map((c, i) => checkPoint(c, `grid point ${i}`));
}

/** Points of a sweep file's text (JSON array, grid object or JSONL). */
export function parseSweep(text: string, label: string): SweepPoint[] {
  const trimmed = text.trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    // Not one JSON value: JSONL, one point per non-empty line.
    return trimmed.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('//')).map((l, i) => {
      try {
        return checkPoint(JSON.parse(l) as Record<string, unknown>, `${label} line ${i + 1}`);
      } catch (error) {
        if (error instanceof OhmflowError) throw error;
        throw new OhmflowError(`${label} line ${i + 1} is not JSON: ${(error as Error).message}`, { field: 'SWEEP', fix: 'a sweep is a JSON array, a grid object or JSONL' });
      }
    });
  }
  if (Array.isArray(parsed)) return parsed.map((p, i) => checkPoint(p as Record<string, unknown>, `${label} point ${i}`));
  if (parsed && typeof parsed === 'object') return expandGrid(parsed as Record<string, unknown>);
  throw new OhmflowError(`${label}: expected a JSON array, a grid object or JSONL`, { field: 'SWEEP' });
}

export function loadSweep(file: string): SweepPoint[] {
  let text: string;
  try {
    if (statSync(file).isDirectory()) throw new OhmflowError(`${file} is a directory`, { field: 'SWEEP', fix: 'name the sweep file (.json or .jsonl)' });
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof OhmflowError) throw error;
    throw new OhmflowError(`cannot read sweep file ${file}`, { field: 'SWEEP', fix: 'check the path', cause: error });
  }
  const points = parseSweep(text, file);
  if (points.length === 0) throw new OhmflowError(`${file} has no points`, { field: 'SWEEP' });
  return points;
}

/** Indices of chunk `index` when each run takes `chunk` points. */
export function chunkIndices(index: number, chunk: number, total: number): number[] {
  const start = index * chunk;
  if (!Number.isInteger(index) || index < 0 || start >= total) {
    throw new OhmflowError(`index ${index} is out of range: ${Math.ceil(total / chunk)} chunk(s) of ${chunk} over ${total} points`, { field: '--index', fix: `use 0..${Math.ceil(total / chunk) - 1}` });
  }
  return Array.from({ length: Math.min(chunk, total - start) }, (_, i) => start + i);
}
