// Which ONNX operators the importer understands, and one error listing every node it does not:
// a user converting a PyTorch model learns all the ops to replace from one run instead of one per
// run. Checked before any conversion, so no other error can hide an unsupported op.
import { OhmflowError } from '../errors.js';
import { nodeField, type OnnxGraph, type OnnxNode } from './graph.js';
import { foldableNodes } from './shape-fold.js';
import { siluMuls } from './table-act.js';

/** Operators the importer understands, as "domain:op" for non-default domains. */
export const SUPPORTED_OPS = [
  'Conv', 'Gemm', 'MatMul', 'Add', 'Concat', 'Relu', 'Clip', 'MaxPool', 'AveragePool', 'GlobalAveragePool', 'Flatten', 'Reshape',
  'BatchNormalization', 'Identity', 'Pad', 'ReduceMean', 'Softmax', 'LogSoftmax',
  'Sigmoid', 'HardSigmoid', 'HardSwish', 'QuantizeLinear', 'DequantizeLinear', 'QLinearConv', 'QLinearMatMul',
  'com.microsoft:QGemm', 'com.microsoft:QLinearAdd', 'com.microsoft:QLinearAveragePool', 'com.microsoft:QLinearGlobalAveragePool',
  'com.microsoft:QLinearConcat', 'com.microsoft:QLinearSigmoid', 'Mul', 'com.microsoft:QLinearMul', 'Transpose', 'Slice', 'Split', 'Gather',
] as const;

const SUPPORTED = new Set<string>(SUPPORTED_OPS);

/** What to do about ops PyTorch models often hold; the generic advice covers the rest. */
const HINTS: Readonly<Record<string, string>> = {
  Dropout: 'export the model in eval mode (model.eval()): Dropout then disappears',
  'com.microsoft:QLinearLeakyRelu': 'LeakyRelu is not supported: replace it by ReLU and retrain or fine-tune',
  'com.microsoft:QLinearSoftmax': 'a quantized Softmax is not dropped as a float one is: import the float model, or quantize without the final Softmax',
  Tanh: 'replace Tanh/GELU activations by ReLU, ReLU6, Sigmoid, Hardswish or SiLU and retrain or fine-tune',
  Erf: 'replace GELU activations by ReLU, ReLU6, Hardswish or SiLU and retrain or fine-tune',
};

/** "domain:op" as SUPPORTED_OPS spells it (ai.onnx and the empty domain are the default one). */
export function opKey(node: OnnxNode): string {
  return node.domain === '' || node.domain === 'ai.onnx' ? node.opType : `${node.domain}:${node.opType}`;
}

/** Every node whose operator is not supported, grouped by op in the order first met. */
function unsupportedOps(graph: OnnxGraph): Map<string, OnnxNode[]> {
  const found = new Map<string, OnnxNode[]>();
  const folded = foldableNodes(graph);
  const silu = siluMuls(graph);
  for (const node of graph.nodes) {
    const key = opKey(node);
    if (SUPPORTED.has(key) || folded.has(node) || silu.has(node)) continue;
    const list = found.get(key) ?? [];
    list.push(node);
    found.set(key, list);
  }
  return found;
}

/** Node names shown per op: a model may hold dozens of one op. */
const NAMES_SHOWN = 4;

function nodeList(nodes: readonly OnnxNode[]): string {
  const names = nodes.slice(0, NAMES_SHOWN).map((n) => `"${n.name}"`);
  if (nodes.length > NAMES_SHOWN) names.push(`${nodes.length - NAMES_SHOWN} more`);
  return `${nodes.length === 1 ? 'node' : `${nodes.length} nodes`} ${names.join(', ')}`;
}

/** Throws one OhmflowError naming every unsupported op and its nodes, with what to do about each. */
export function rejectUnsupported(graph: OnnxGraph, source: string): void {
  const found = unsupportedOps(graph);
  if (found.size === 0) return;
  const ops = [...found.keys()];
  const hints = [...new Set(ops.map((op) => HINTS[op]).filter((h): h is string => h !== undefined))];
  const fix = [...hints, `ohmflow imports ${SUPPORTED_OPS.join(', ')}: replace or remove the other ops before export`].join('; ');
  const only = found.get(ops[0])!;
  if (found.size === 1 && only.length === 1) throw new OhmflowError(`unsupported operator ${ops[0]}`, { field: nodeField(only[0]), fix });
  const lines = ops.map((op) => `\n    ${op}: ${nodeList(found.get(op)!)}`);
  throw new OhmflowError(`${ops.length === 1 ? 'one unsupported operator' : `${ops.length} unsupported operators`}${lines.join('')}`, { field: source, fix });
}
