// importOnnx: an .onnx file (or its bytes) -> a validated IR network. Quantized models (QDQ,
// QLinear*) keep their own scales; float models are quantized from a calibration run.
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { OhmflowError } from '../errors.js';
import { validateNetwork } from '../ir/validate.js';
import type { Network, Tensor } from '../ir/types.js';
import { SeededRandom } from '../random.js';
import { convertGraph } from './convert.js';
import { quantOwner, type Draft } from './drafts.js';
import { fixOpenQuants, toNetwork } from './finalize.js';
import { observeRanges } from './float-exec.js';
import { readGraph } from './graph.js';
import { decodeModel } from './proto.js';
import { readMetadata } from './metadata.js';

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

function readSource(source: string | Uint8Array): { bytes: Uint8Array; label: string } {
  if (typeof source !== 'string') return { bytes: source, label: 'ONNX bytes' };
  try {
    return { bytes: readFileSync(source), label: source };
  } catch (error) {
    throw new OhmflowError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, {
      field: source,
      fix: 'check the path',
      cause: error,
    });
  }
}

/** Real-valued calibration images; seeded ones are uniform in [-1, 1), a normalized image's range. */
function calibrationSet(options: ImportOptions, size: number, label: string): Float64Array[] {
  const cal = options.calibration ?? 'seeded';
  if (cal === 'seeded') {
    const random = new SeededRandom(options.seed ?? 1, 'onnx-calibration');
    return Array.from({ length: options.calibrationImages ?? 8 }, () => Float64Array.from({ length: size }, () => 2 * random.nextFloat() - 1));
  }
  if (cal.length === 0) throw new OhmflowError('the calibration set is empty', { field: `${label}: calibration` });
  return cal.map((image, i) => {
    const values = 'data' in image ? Float64Array.from(image.data, (q) => image.quant.scale * (q - image.quant.zeroPoint)) : Float64Array.from(image);
    if (values.length !== size) {
      throw new OhmflowError(`calibration image ${i} has ${values.length} values, the model's input has ${size}`, { field: `${label}: calibration` });
    }
    return values;
  });
}

/** Graph names exporters give every model: PyTorch's TorchScript export (torch_jit) and dynamo export (main_graph). */
const GENERIC_GRAPH_NAMES = new Set(['', 'torch_jit', 'main_graph']);

/** The graph's name, unless it is missing or generic: then the file's basename without extension ('onnx' for bytes). */
export function networkName(graphName: string, source: string | Uint8Array): string {
  if (!GENERIC_GRAPH_NAMES.has(graphName)) return graphName;
  if (typeof source !== 'string') return graphName || 'onnx';
  return basename(source, extname(source)) || graphName || 'onnx';
}

/** Drafts that the output depends on, in order (dead branches of the ONNX graph are dropped). */
function liveOrder(drafts: ReadonlyMap<string, Draft>, order: readonly string[], output: string): string[] {
  const live = new Set<string>([output]);
  for (let i = order.length - 1; i >= 0; i--) {
    const d = drafts.get(order[i])!;
    if (live.has(d.name)) for (const input of d.inputs) live.add(input);
  }
  return order.filter((n) => live.has(n) || drafts.get(n)!.kind === 'input');
}

/**
 * Imports an ONNX model. Throws OhmflowError naming the file, node or field for anything it cannot
 * read: corrupt bytes, unsupported operators, shapes that do not infer.
 */
export function importOnnx(source: string | Uint8Array, options: ImportOptions = {}): Network {
  const { bytes, label } = readSource(source);
  const model = decodeModel(bytes, label);
  const graph = readGraph(model, label);
  const { drafts, order: allOrder, output } = convertGraph(graph, readMetadata(model, label), label);
  const order = liveOrder(drafts, allOrder, output);
  const open = order.some((n) => quantOwner(drafts, n).quant === undefined);
  const input = drafts.get(order[0])!;
  const ranges = open ? observeRanges(drafts, order, calibrationSet(options, input.shape.reduce((p, d) => p * d, 1), label)) : undefined;
  fixOpenQuants(drafts, order, ranges);
  const net = toNetwork(options.name ?? networkName(graph.name, source), drafts, order, output);
  validateNetwork(net);
  return net;
}
