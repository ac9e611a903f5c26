// On-disk cache of calibration ranges, so a float model is calibrated once, not on every run. An
// entry is keyed by a SHA-256 of the model's bytes, the calibration images' values and the
// executor (ONNX Runtime's float32 and the JavaScript float64 ranges may differ in the last bits),
// so editing the file or changing the images misses and recalibrates. Entries are JSON, written
// whole or not at all; one that does not parse or lacks a layer is ignored and rewritten.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../atomicFile.js';
import type { Range } from './float-exec.js';

/** Bumped when what an entry means changes (how ranges are observed or stored). */
const CACHE_FORMAT = 1;

export type CalibrationExecutor = 'onnxruntime' | 'javascript';

/**
 * The cache directory: $OHMFLOW_CACHE when set, else $XDG_CACHE_HOME/ohmflow, else
 * ~/.cache/ohmflow. Calibration entries go in its calibration/ folder.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OHMFLOW_CACHE) return env.OHMFLOW_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ohmflow');
}

/** The entry's key: a hash of everything the ranges depend on. */
export function calibrationKey(model: Uint8Array, images: readonly Float64Array[], executor: CalibrationExecutor): string {
  const hash = createHash('sha256');
  hash.update(`ohmflow-calibration-${CACHE_FORMAT}\n${executor}\n`);
  hash.update(createHash('sha256').update(model).digest());
  hash.update(`${images.length}\n`);
  for (const image of images) hash.update(new Uint8Array(image.buffer, image.byteOffset, image.byteLength));
  return hash.digest('hex');
}

export function cacheEntryPath(dir: string, key: string): string {
  return join(dir, 'calibration', `${key}.json`);
}

interface Entry {
  format: number;
  model: string;
  executor: CalibrationExecutor;
  images: number;
  /** [min, max] by layer name. */
  ranges: Record<string, [number, number]>;
}

/** The cached ranges of every layer in `owners`, or undefined (no entry, or one not usable). */
export function readCachedRanges(dir: string, key: string, owners: readonly string[]): Map<string, Range> | undefined {
  let entry: Entry;
  try {
    entry = JSON.parse(readFileSync(cacheEntryPath(dir, key), 'utf8')) as Entry;
  } catch {
    return undefined;
  }
  if (entry?.format !== CACHE_FORMAT || typeof entry.ranges !== 'object' || entry.ranges === null) return undefined;
  const ranges = new Map<string, Range>();
  for (const owner of owners) {
    const r = entry.ranges[owner];
    if (!Array.isArray(r) || r.length !== 2 || !r.every(Number.isFinite) || !(r[0] <= r[1])) return undefined;
    ranges.set(owner, { min: r[0], max: r[1] });
  }
  return ranges;
}

/**
 * Stores the ranges of `owners`; returns the entry's path, or the reason it could not be written
 * (the run goes on: a cache that cannot be written only costs the next run a calibration).
 */
export function writeCachedRanges(
  dir: string,
  key: string,
  ranges: ReadonlyMap<string, Range>,
  owners: readonly string[],
  about: { model: string; executor: CalibrationExecutor; images: number },
): { path: string } | { error: string } {
  const entry: Entry = { format: CACHE_FORMAT, ...about, ranges: {} };
  for (const owner of owners) {
    const r = ranges.get(owner);
    if (r === undefined || !Number.isFinite(r.min) || !Number.isFinite(r.max)) return { error: `no finite range for layer "${owner}"` };
    entry.ranges[owner] = [r.min, r.max];
  }
  const path = cacheEntryPath(dir, key);
  try {
    mkdirSync(join(dir, 'calibration'), { recursive: true });
    writeFileAtomic(path, JSON.stringify(entry) + '\n');
    return { path };
  } catch (error) {
    return { error: `cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
}
