// Sigmoid, HardSigmoid, HardSwish and SiLU (PyTorch's nn.SiLU exports as Mul(x, Sigmoid(x))) right
// after a float Conv or Gemm/MatMul fold into it as a lookup-table activation (ActivationTable):
// the layer requantizes to the table's input quantization, chosen by calibration on the
// pre-activation values, and a 256-entry table maps those codes to the output's. In a quantized
// (QDQ) model, Conv/Gemm -> QuantizeLinear -> DequantizeLinear -> activation -> QuantizeLinear
// (onnxruntime's quantize_static in QDQ format) folds the same way, with the file's scales: the
// first QuantizeLinear's are the table's input, the second's the output; com.microsoft QLinearSigmoid
// (QOperator format) likewise. Anywhere else they are rejected naming the node.
import { OhmflowError } from '../errors.js';
import type { TableFunction, TensorQuant } from '../ir/types.js';
import { attrFloat, nodeField, type OnnxGraph, type OnnxNode } from './graph.js';
import type { Act, Converter } from './converter.js';
import { preActivationKey } from './drafts.js';
import type { HardSigmoidParams } from '../quant/table.js';

const isOp = (node: OnnxNode, op: string): boolean => node.opType === op && (node.domain === '' || node.domain === 'ai.onnx');

/** Mul nodes that complete a SiLU, Mul(x, Sigmoid(x)) in either order, by node. */
export function siluMuls(graph: OnnxGraph): Set<OnnxNode> {
  const sigmoidInput = new Map<string, string>();
  for (const node of graph.nodes) if (isOp(node, 'Sigmoid')) sigmoidInput.set(node.outputs[0], node.inputs[0]);
  return new Set(graph.nodes.filter((n) => isOp(n, 'Mul') && n.inputs.length === 2
    && (sigmoidInput.get(n.inputs[1]) === n.inputs[0] || sigmoidInput.get(n.inputs[0]) === n.inputs[1])));
}

const FIX = 'put the activation right after a Conv or Linear (a BatchNorm in between is fine), in a float model';

/** Folds table `fn` into the producer of `x`, which `readers` nodes read (2 for SiLU's x); `node`'s output becomes the layer's. */
function fuseTable(c: Converter, node: OnnxNode, x: Act, readers: number, fn: TableFunction, hard?: HardSigmoidParams): void {
  const producer = c.drafts.get(x.layer)!;
  const fusable = x.fusion === 'float' && c.uses.get(node.inputs[0]) === readers && (producer.kind === 'conv2d' || producer.kind === 'dense');
  if (!fusable || producer.relu || producer.clip || producer.table || producer.quant !== undefined) {
    throw new OhmflowError(`${fn === 'silu' ? 'SiLU (x * sigmoid(x))' : node.opType} is supported only right after a float Conv, Gemm or MatMul whose output nothing else reads (it becomes a lookup table in its requantization)`, {
      field: nodeField(node),
      fix: FIX,
    });
  }
  producer.table = { fn, ...(hard ? { hard } : {}) };
  // Calibration observes the pre-activation tensor for the table's input scale.
  c.extraTensors.set(preActivationKey(producer.name), node.inputs[0]);
  c.setOutput(node, { ...x, fusion: 'none' });
}

const QDQ_FIX = 'quantize the Conv or Gemm right before the activation with nothing in between (QuantizeLinear -> DequantizeLinear -> activation -> QuantizeLinear), '
  + 'or import the float model and let ohmflow calibrate it';

/**
 * Folds table `fn` into the layer whose int8 output `x` is (read once, by `node`): the layer's
 * output quantization becomes the table's input, and its output quantization is `out`, or reopens
 * for the QuantizeLinear after `node` to fix (QDQ form). `node`'s output becomes the layer's.
 */
function fuseQuantizedTable(
  c: Converter,
  node: OnnxNode,
  x: Act,
  readOnce: boolean,
  fn: TableFunction,
  hard: HardSigmoidParams | undefined,
  out?: TensorQuant,
): void {
  const producer = c.drafts.get(x.layer)!;
  if (!readOnce || (producer.kind !== 'conv2d' && producer.kind !== 'dense') || producer.relu || producer.clip || producer.table || producer.quant === undefined) {
    throw new OhmflowError(`${node.opType} in a quantized model is supported only on the quantized output of a Conv, Gemm or MatMul that nothing else reads, with no Relu or Clip before it`, {
      field: nodeField(node),
      fix: QDQ_FIX,
    });
  }
  producer.table = { fn, ...(hard ? { hard } : {}), preQuant: producer.quant };
  producer.quant = out;
  c.setOutput(node, { kind: 'act', layer: producer.name, int8: out !== undefined, fusion: 'none' });
}

/**
 * The QDQ form: `node` reads DequantizeLinear(QuantizeLinear(layer output)) or DequantizeLinear of
 * a QLinear op's output. Returns false when `node` does not read a DequantizeLinear (a float model).
 */
function fuseQdqTable(c: Converter, node: OnnxNode, x: Act, fn: TableFunction, hard?: HardSigmoidParams): boolean {
  const dq = c.graph.nodes.find((n) => n.outputs[0] === node.inputs[0]);
  if (dq === undefined || !isOp(dq, 'DequantizeLinear') || x.int8) return false;
  const q = c.graph.nodes.find((n) => n.outputs[0] === dq.inputs[0]);
  // The int8 tensor must be the layer's own output, a QuantizeLinear of nothing but its float output.
  const direct = q !== undefined && (!isOp(q, 'QuantizeLinear') || c.uses.get(q.inputs[0]) === 1);
  fuseQuantizedTable(c, node, x, direct && c.uses.get(dq.inputs[0]) === 1 && c.uses.get(node.inputs[0]) === 1, fn, hard);
  return true;
}

/** com.microsoft QLinearSigmoid (onnxruntime's QOperator format): a table with the node's own input and output scales. */
export function convertQLinearSigmoid(c: Converter, node: OnnxNode): void {
  const x = c.act(node, 0);
  if (!x.int8) throw new OhmflowError('input is not quantized', { field: nodeField(node), fix: 'feed QLinearSigmoid an int8 tensor (a QLinearConv, QGemm or QuantizeLinear output)' });
  c.bindQuant(node, x.layer, c.tensorQuant(node, 1, 2));
  fuseQuantizedTable(c, node, x, c.uses.get(node.inputs[0]) === 1, 'sigmoid', undefined, c.tensorQuant(node, 3, 4));
}

/** Converts a Sigmoid, HardSigmoid or HardSwish node; a Sigmoid inside a SiLU waits for its Mul. */
export function convertTableActivation(c: Converter, node: OnnxNode): void {
  const x = c.act(node, 0);
  const fn: TableFunction = node.opType === 'Sigmoid' ? 'sigmoid' : node.opType === 'HardSwish' ? 'hardswish' : 'hardsigmoid';
  const hard = fn === 'hardsigmoid' ? { alpha: attrFloat(node, 'alpha', 0.2), beta: attrFloat(node, 'beta', 0.5) } : undefined;
  if (fuseQdqTable(c, node, x, fn, hard)) return;
  if (node.opType === 'Sigmoid' && [...c.siluMuls].some((m) => m.inputs.includes(node.outputs[0]) && m.inputs.includes(node.inputs[0]))) {
    if (c.uses.get(node.outputs[0]) !== 1) throw new OhmflowError('the Sigmoid of a SiLU is read by more than its Mul', { field: nodeField(node), fix: FIX });
    c.otherTensors.add(node.outputs[0]);
    c.setOutput(node, { ...x, fusion: 'none' });
    return;
  }
  fuseTable(c, node, x, 1, fn, hard);
}

/** Converts the Mul of a SiLU (one of siluMuls): the SiLU table folds into the producer of x. */
export function convertSiluMul(c: Converter, node: OnnxNode): void {
  const sigmoidOutput = c.graph.nodes.find((n) => isOp(n, 'Sigmoid') && node.inputs.includes(n.outputs[0]) && node.inputs.includes(n.inputs[0]))!.outputs[0];
  const xIndex = node.inputs[0] === sigmoidOutput ? 1 : 0;
  const x = c.act(node, xIndex);
  const shadow: OnnxNode = { ...node, inputs: [node.inputs[xIndex]] };
  fuseTable(c, shadow, x, 2, 'silu');
}
