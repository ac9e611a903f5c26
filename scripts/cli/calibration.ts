// Calibration of float ONNX models on the commands that compute int8 values (`simulate`,
// `estimate --activity-from-run`, `networks --net FILE --calibrate`): the flags that choose the
// images and the cache, and progress on stderr. Zoo networks and quantized files need none.
import { OhmflowError } from '../../workloads/errors.js';
import type { Network } from '../../workloads/ir/types.js';
import {
  calibrateOnnx, calibrationSet, defaultCacheDir, openQuantOwners, readNpyFloatImages,
  type CalibrateOptions, type CalibrationInfo, type CalibrationProgress, type ParsedOnnx,
} from '../../workloads/onnx/index.js';
import { progressBar } from './progressBar.js';
import { checkInputFile } from './paths.js';
import { checkNoCalibrationFlags, type CalibrationFlags } from './calibrationFlags.js';


/** An image count flag's value: a whole number >= 1. */
export function imageCount(text: string, field = '--calibration-images'): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < 1) {
    throw new OhmflowError(`expected a whole number >= 1, got "${text}"`, { field, fix: `pass ${field} 8, for example` });
  }
  return n;
}

/** What the flags ask of calibration, for a model whose input has `shape`. */
function options(flags: CalibrationFlags, shape: readonly number[]): CalibrateOptions {
  const count = flags.calibrationImages === undefined ? undefined : imageCount(flags.calibrationImages);
  const cache = flags.calibrationCache === false ? {} : { cacheDir: defaultCacheDir() };
  if (flags.calibration === undefined) return { ...cache, ...(count === undefined ? {} : { calibrationImages: count }) };
  checkInputFile(flags.calibration, '--calibration');
  const images = readNpyFloatImages(flags.calibration, shape);
  if (count !== undefined && count > images.length) {
    throw new OhmflowError(`--calibration-images ${count} but ${flags.calibration} holds ${images.length} image(s)`, { field: '--calibration-images', fix: `pass ${images.length} or fewer` });
  }
  return { ...cache, calibration: count === undefined ? images : images.slice(0, count) };
}

/** Progress of a calibration on stderr: what runs, a bar per image, where the result is cached. */
function reporter(name: string): (event: CalibrationProgress) => void {
  const bar = progressBar(`calibrate ${name}`);
  return (event) => {
    switch (event.kind) {
      case 'cached':
        process.stderr.write(`calibration: scales of ${name} read from the cache (${event.path}; --no-calibration-cache calibrates again)\n`);
        return;
      case 'fallback':
        process.stderr.write(`calibration: ONNX Runtime cannot run ${name} (${event.reason}); calibrating in JavaScript, which is slower\n`);
        return;
      case 'start':
        process.stderr.write(`calibration: running ${name} in float on ${event.images} image(s) with ${event.executor === 'onnxruntime' ? 'ONNX Runtime' : 'the JavaScript executor (install onnxruntime-node for a native run)'}\n`);
        return;
      case 'image':
        bar.update(event.done, event.total, `${event.done}/${event.total} images`);
        return;
      case 'done':
        bar.stop(true, `calibrated in ${event.wallS.toFixed(1)} s`);
        if (event.stored !== undefined) {
          process.stderr.write('path' in event.stored ? `calibration: cached as ${event.stored.path}\n` : `warning: calibration not cached: ${event.stored.error}\n`);
        }
        return;
    }
  };
}

/** A parsed model calibrated as the flags say where it is a float model, with progress on stderr. */
export async function calibrateForRun(parsed: ParsedOnnx, flags: CalibrationFlags): Promise<{ net: Network; calibration?: CalibrationInfo }> {
  if (openQuantOwners(parsed).length === 0) checkNoCalibrationFlags(flags, `${parsed.label} is quantized and states its own scales`);
  return calibrateOnnx(parsed, { ...options(flags, parsed.drafts.get(parsed.order[0])!.shape), onProgress: reporter(parsed.name) });
}

/** The real images calibration runs on for these flags (seeded, or read from --calibration). */
export function calibrationImagesForRun(parsed: ParsedOnnx, flags: CalibrationFlags): Float64Array[] {
  const shape = parsed.drafts.get(parsed.order[0])!.shape;
  return calibrationSet(options(flags, shape), shape, parsed.label);
}
