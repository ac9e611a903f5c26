// Calibration of a parsed float model, the way the CLI runs it: in ONNX Runtime when
// onnxruntime-node loads (else float64 JavaScript), with progress, and through the on-disk cache
// (calibration-cache.ts). Models the file fully quantizes need none and return at once.
import { OhmflowError } from '../errors.js';
import type { Network } from '../ir/types.js';
import { cacheEntryPath, calibrationKey, readCachedRanges, writeCachedRanges, type CalibrationExecutor } from './calibration-cache.js';
import { calibrationSet } from './calibration-set.js';
import { runFloat, widenRange, type Range } from './float-exec.js';
import { finishImport, type ImportOptions } from './import.js';
import { loadOnnxRuntime, ortRanges, ortTensors, type OrtModule } from './ort-ranges.js';
import { openQuantOwners, type ParsedOnnx } from './parse.js';

export type CalibrationProgress =
  /** Ranges came from the cache entry at `path`. */
  | { kind: 'cached'; path: string }
  /** ONNX Runtime was asked for but cannot run this model; JavaScript calibrates instead. */
  | { kind: 'fallback'; reason: string }
  | { kind: 'start'; executor: CalibrationExecutor; images: number }
  | { kind: 'image'; done: number; total: number }
  /** Calibrated; `stored` is the cache entry written, or why none was. */
  | { kind: 'done'; wallS: number; stored?: { path: string } | { error: string } };

export interface CalibrateOptions extends ImportOptions {
  /** 'auto' (default): ONNX Runtime when onnxruntime-node loads and can run the model, else JavaScript. */
  executor?: 'auto' | CalibrationExecutor;
  /** The cache directory (defaultCacheDir() for the CLI's); without one, nothing is cached. */
  cacheDir?: string;
  onProgress?: (event: CalibrationProgress) => void;
}

export interface CalibrationInfo {
  /** Images calibrated on, and whether they were seeded (uniform in [-1, 1)) or given. */
  readonly images: number;
  readonly inputs: 'seeded' | 'given';
  readonly executor: CalibrationExecutor;
  readonly cached: boolean;
}

/** Each open layer's range over `images` in float64 JavaScript, yielding between images so progress shows. */
async function jsRangesAsync(
  parsed: ParsedOnnx,
  owners: readonly string[],
  images: readonly Float64Array[],
  onImage: (done: number, total: number) => void,
): Promise<Map<string, Range>> {
  const ranges = new Map<string, Range>();
  for (const [k, image] of images.entries()) {
    const outputs = runFloat(parsed.drafts, parsed.order, image);
    for (const owner of owners) widenRange(ranges, owner, outputs.get(owner)!);
    onImage(k + 1, images.length);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return ranges;
}

/** The executor to use: ONNX Runtime with the tensors to observe, or JavaScript (with why, when ORT was wanted). */
async function chooseExecutor(parsed: ParsedOnnx, owners: readonly string[], options: CalibrateOptions): Promise<
  { executor: 'onnxruntime'; ort: OrtModule; tensors: Map<string, string> } | { executor: 'javascript'; fallback?: string }
> {
  const wanted = options.executor ?? 'auto';
  if (wanted === 'javascript') return { executor: 'javascript' };
  const ort = await loadOnnxRuntime();
  const tensors = ortTensors(parsed, owners);
  const reason = ort === undefined ? 'onnxruntime-node is not installed or does not load' : typeof tensors === 'string' ? tensors : undefined;
  if (reason === undefined) return { executor: 'onnxruntime', ort: ort!, tensors: tensors as Map<string, string> };
  if (wanted === 'onnxruntime') {
    throw new OhmflowError(`cannot calibrate with ONNX Runtime: ${reason}`, { field: parsed.label, fix: 'install onnxruntime-node (npm install onnxruntime-node), or calibrate with the JavaScript executor' });
  }
  // Not installed is the normal case without the optional package: no fallback notice for it.
  return ort === undefined ? { executor: 'javascript' } : { executor: 'javascript', fallback: reason };
}

/**
 * The network of a parsed model, calibrated where the file leaves scales open. Throws OhmflowError
 * for bad calibration images; a cache that cannot be read or written only costs time.
 */
export async function calibrateOnnx(parsed: ParsedOnnx, options: CalibrateOptions = {}): Promise<{ net: Network; calibration?: CalibrationInfo }> {
  const owners = openQuantOwners(parsed);
  if (owners.length === 0) return { net: finishImport(parsed, undefined) };
  const progress = options.onProgress ?? (() => undefined);
  const images = calibrationSet(options, parsed.drafts.get(parsed.order[0])!.shape, parsed.label);
  const inputs = options.calibration === undefined || options.calibration === 'seeded' ? 'seeded' : 'given';
  const choice = await chooseExecutor(parsed, owners, options);
  const { executor } = choice;
  const key = options.cacheDir === undefined ? undefined : calibrationKey(parsed.bytes, images, executor);
  const cached = key === undefined ? undefined : readCachedRanges(options.cacheDir!, key, owners);
  if (cached !== undefined) {
    progress({ kind: 'cached', path: cacheEntryPath(options.cacheDir!, key!) });
    return { net: finishImport(parsed, cached), calibration: { images: images.length, inputs, executor, cached: true } };
  }
  if (choice.executor === 'javascript' && choice.fallback !== undefined) progress({ kind: 'fallback', reason: choice.fallback });
  progress({ kind: 'start', executor, images: images.length });
  const start = performance.now();
  const onImage = (done: number, total: number) => progress({ kind: 'image', done, total });
  const ranges = choice.executor === 'onnxruntime'
    ? await ortRanges(choice.ort, parsed, choice.tensors, images, onImage)
    : await jsRangesAsync(parsed, owners, images, onImage);
  const about = { model: parsed.label, executor, images: images.length };
  const stored = key === undefined ? undefined : writeCachedRanges(options.cacheDir!, key, ranges, owners, about);
  progress({ kind: 'done', wallS: (performance.now() - start) / 1e3, ...(stored === undefined ? {} : { stored }) });
  return { net: finishImport(parsed, ranges), calibration: { images: images.length, inputs, executor, cached: false } };
}
