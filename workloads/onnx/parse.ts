// The first half of every import: an .onnx file (or its bytes) read, checked and converted into
// draft layers, before any scale is chosen. Shapes, MACs and parameters are known from here on;
// a float model's activation scales still wait for calibration (calibrate.ts).
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { OhmflowError } from '../errors.js';
import { convertGraph } from './convert.js';
import { preActivationKey, quantOwner, type Draft } from './drafts.js';
import { readGraph, type OnnxGraphInput } from './graph.js';
import { readMetadata } from './metadata.js';
import { decodeModel } from './proto.js';

export interface ParsedOnnx {
  /** The network's name (networkName). */
  readonly name: string;
  /** The file path, or 'ONNX bytes': names the source in errors. */
  readonly label: string;
  /** The file's bytes: what calibration hashes and what ONNX Runtime runs. */
  readonly bytes: Uint8Array;
  readonly input: OnnxGraphInput;
  readonly drafts: ReadonlyMap<string, Draft>;
  /** Draft names in topological order, dead branches dropped; the input first. */
  readonly order: readonly string[];
  readonly output: string;
  /** The file's float tensor of each draft's output, by layer name (Converted.tensors). */
  readonly tensors: ReadonlyMap<string, string>;
  /** The final Softmax or LogSoftmax dropped at import, as `Softmax node "name"`: outputs are the logits before it. */
  readonly droppedHead?: string;
  /** The version of the default (ai.onnx) operator set the file imports; undefined if it names none. */
  readonly opset?: number;
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
 * Reads and converts an ONNX model. Throws OhmflowError naming the file, node or field for anything
 * it cannot read: corrupt bytes, unsupported operators, shapes that do not infer.
 */
export function parseOnnx(source: string | Uint8Array, name?: string): ParsedOnnx {
  const { bytes, label } = readSource(source);
  const model = decodeModel(bytes, label);
  const graph = readGraph(model, label);
  const { drafts, order, output, tensors, droppedHead } = convertGraph(graph, readMetadata(model, label), label);
  const opset = model.opsetImport?.find((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx')?.version;
  return {
    name: name ?? networkName(graph.name, source), label, bytes, input: graph.input, drafts, order: liveOrder(drafts, order, output), output, tensors,
    ...(droppedHead ? { droppedHead } : {}),
    ...(opset === undefined ? {} : { opset }),
  };
}

/**
 * Layers whose output quantization the file leaves open (a float model's, typically all of them):
 * the ranges calibration must observe. Passthrough layers are covered by the layer they follow.
 */
export function openQuantOwners(parsed: ParsedOnnx): string[] {
  const owners = new Set<string>();
  for (const n of parsed.order) {
    const owner = quantOwner(parsed.drafts, n);
    if (owner.quant === undefined) owners.add(owner.name);
    const d = parsed.drafts.get(n)!;
    if ((d.kind === 'conv2d' || d.kind === 'dense') && d.table && !d.table.preQuant) owners.add(preActivationKey(n));
  }
  return [...owners];
}
