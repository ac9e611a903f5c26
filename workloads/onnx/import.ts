// importOnnx: an .onnx file (or its bytes) -> a validated IR network. Quantized models (QDQ,
// QLinear*) keep their own scales; float models are quantized from a calibration run, here in
// float64 JavaScript (calibrate.ts runs it in ONNX Runtime, with a cache, for the CLI).
import { validateNetwork } from '../ir/validate.js';
import type { Network, NetworkSkeleton, Tensor } from '../ir/types.js';
import { fixOpenQuants, toNetwork } from './finalize.js';
import { observeRanges, type Range } from './float-exec.js';
import { openQuantOwners, parseOnnx, type ParsedOnnx } from './parse.js';
import { calibrationSet } from './calibration-set.js';
import { onnxQuantization, onnxSkeleton, type OnnxQuantization } from './skeleton.js';

export { networkName } from './parse.js';

/** A calibration image: an int8 tensor (dequantized with its own quant) or real values. */
export type CalibrationImage = Tensor | Float32Array | Float64Array;

export interface ImportOptions {
  /** Inputs for choosing scales of float models: 'seeded' (default) or real images in the input's shape. */
  calibration?: 'seeded' | readonly CalibrationImage[];
  /** Seed of the 'seeded' calibration set. */
  seed?: number;
  /** Number of seeded calibration images (default 8). */
  calibrationImages?: number;
  /** Network name; defaults to the graph's name, or the file's when the graph's says nothing (networkName). */
  name?: string;
}

/**
 * The network once `ranges` (by layer name) fix every open quantization; quantizes float weights.
 * Fixes the drafts' quantization in place: call once per parse.
 */
export function finishImport(parsed: ParsedOnnx, ranges: ReadonlyMap<string, Range> | undefined): Network {
  fixOpenQuants(parsed.drafts, parsed.order, ranges);
  const net = toNetwork(parsed.name, parsed.drafts, parsed.order, parsed.output);
  validateNetwork(net);
  return net;
}

/** The ranges of the open layers over the calibration set, run in float64 JavaScript. */
function jsRanges(parsed: ParsedOnnx, options: ImportOptions, onImage?: (done: number, total: number) => void): Map<string, Range> {
  const images = calibrationSet(options, parsed.drafts.get(parsed.order[0])!.shape, parsed.label);
  return observeRanges(parsed.drafts, parsed.order, images, onImage);
}

/**
 * Imports an ONNX model. Throws OhmflowError naming the file, node or field for anything it cannot
 * read: corrupt bytes, unsupported operators, shapes that do not infer.
 */
export function importOnnx(source: string | Uint8Array, options: ImportOptions = {}): Network {
  const parsed = parseOnnx(source, options.name);
  const open = openQuantOwners(parsed).length > 0;
  return finishImport(parsed, open ? jsRanges(parsed, options) : undefined);
}

/** A model's skeleton without calibration (skeleton.ts), with what the file says of its quantization. */
export function importOnnxSkeleton(source: string | Uint8Array, options: Pick<ImportOptions, 'name'> = {}): { net: NetworkSkeleton; quantization: OnnxQuantization } {
  const parsed = parseOnnx(source, options.name);
  return { net: onnxSkeleton(parsed), quantization: onnxQuantization(parsed) };
}
