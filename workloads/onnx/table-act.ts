// Sigmoid, HardSigmoid, HardSwish and SiLU (PyTorch's nn.SiLU exports as Mul(x, Sigmoid(x)), and
// nn.Hardswish below opset 14 as Mul(x, HardSigmoid(x)) with alpha 1/6 and beta 0.5) right
// after a float Conv or Gemm/MatMul fold into it as a lookup-table activation (ActivationTable):
// the layer requantizes to the table's input quantization, chosen by calibration on the
// pre-activation values, and a 256-entry table maps those codes to the output's. In a quantized
// (QDQ) model, Conv/Gemm -> QuantizeLinear -> DequantizeLinear -> activation -> QuantizeLinear
// (onnxruntime's quantize_static in QDQ format) folds the same way, with the file's scales: the
// first QuantizeLinear's are the table's input, the second's the output; com.microsoft QLinearSigmoid
// (QOperator format) likewise, and a QDQ SiLU, whose sigmoid is rounded to int8 before the product.
// Anywhere else they are rejected naming the node.
import { OhmflowError } from '../errors.js';
import type { TableFunction, TensorQuant } from '../ir/types.js';
import { attrFloat, nodeField, type OnnxGraph, type OnnxNode } from './graph.js';
import type { Act, Converter } from './converter.js';
import { preActivationKey, sameQuant, type TableDraft } from './drafts.js';
import type { HardSigmoidParams } from '../quant/table.js';

const isOp = (node: OnnxNode, op: string): boolean => node.opType === op && (node.domain === '' || node.domain === 'ai.onnx');

/** A HardSigmoid with HardSwish's parameters (1/6 and 0.5, as float32 stores them). */
function isHardSwishGate(node: OnnxNode): boolean {
  return isOp(node, 'HardSigmoid') && Math.fround(attrFloat(node, 'alpha', 0.2)) === Math.fround(1 / 6) && Math.fround(attrFloat(node, 'beta', 0.5)) === 0.5;
}

/** The gate of a self-gated Mul: Sigmoid (SiLU) or HardSigmoid(1/6, 0.5) (HardSwish). */
const isSelfGate = (node: OnnxNode): boolean => isOp(node, 'Sigmoid') || isHardSwishGate(node);

/**
 * A SiLU's or HardSwish's nodes: its gate (Sigmoid or HardSwish's HardSigmoid); in QDQ form (SiLU
 * only) also the QuantizeLinear and DequantizeLinear between the Sigmoid and the Mul.
 */
export interface Silu {
  readonly gate: OnnxNode;
  readonly q?: OnnxNode;
  readonly dq?: OnnxNode;
}

/**
 * SiLUs and HardSwishes by their Mul node: Mul(x, gate(x)) in either order, or in QDQ form
 * Mul(x, DequantizeLinear(QuantizeLinear(Sigmoid(x)))).
 */
export function siluMuls(graph: OnnxGraph): Map<OnnxNode, Silu> {
  const producer = new Map<string, OnnxNode>();
  for (const node of graph.nodes) for (const out of node.outputs) producer.set(out, node);
  const of = (tensor: string, op: string): OnnxNode | undefined => {
    const n = producer.get(tensor);
    return n !== undefined && isOp(n, op) ? n : undefined;
  };
  const silu = (x: string, y: string): Silu | undefined => {
    const direct = producer.get(y);
    if (direct !== undefined && isSelfGate(direct)) return direct.inputs[0] === x ? { gate: direct } : undefined;
    const dq = of(y, 'DequantizeLinear');
    const q = dq && of(dq.inputs[0], 'QuantizeLinear');
    const sigmoid = q && of(q.inputs[0], 'Sigmoid');
    return sigmoid?.inputs[0] === x ? { gate: sigmoid, q, dq } : undefined;
  };
  const muls = new Map<OnnxNode, Silu>();
  for (const n of graph.nodes) {
    if (!isOp(n, 'Mul') || n.inputs.length !== 2) continue;
    const found = silu(n.inputs[0], n.inputs[1]) ?? silu(n.inputs[1], n.inputs[0]);
    if (found !== undefined) muls.set(n, found);
  }
  return muls;
}

/** The QuantizeLinear and DequantizeLinear inside QDQ SiLUs: converted with their Mul, not on their own. */
export function siluBranchNodes(muls: ReadonlyMap<OnnxNode, Silu>): Set<OnnxNode> {
  return new Set([...muls.values()].flatMap((s) => (s.q && s.dq ? [s.q, s.dq] : [])));
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
function fuseQuantizedTable(c: Converter, node: OnnxNode, x: Act, readOnce: boolean, table: Omit<TableDraft, 'preQuant'>, out?: TensorQuant): void {
  const producer = c.drafts.get(x.layer)!;
  if (!readOnce || (producer.kind !== 'conv2d' && producer.kind !== 'dense') || producer.relu || producer.clip || producer.table || producer.quant === undefined) {
    const what = table.fn === 'silu' ? 'SiLU (x * sigmoid(x))' : node.opType;
    throw new OhmflowError(`${what} in a quantized model is supported only on the quantized output of a Conv, Gemm or MatMul that nothing else reads, with no Relu or Clip before it`, {
      field: nodeField(node),
      fix: QDQ_FIX,
    });
  }
  producer.table = { ...table, preQuant: producer.quant };
  producer.quant = out;
  c.setOutput(node, { kind: 'act', layer: producer.name, int8: out !== undefined, fusion: 'none' });
}

/** Whether int8 `tensor` is a layer's own output (a QLinear op's, or a QuantizeLinear of nothing but its float output), read once. */
function int8OutputOnce(c: Converter, tensor: string): boolean {
  const q = c.graph.nodes.find((n) => n.outputs[0] === tensor);
  return q !== undefined && (!isOp(q, 'QuantizeLinear') || c.uses.get(q.inputs[0]) === 1) && c.uses.get(tensor) === 1;
}

/**
 * Whether `tensor` is the DequantizeLinear of a layer's own int8 output read once (int8OutputOnce),
 * itself read by `readers` nodes; undefined when it is no DequantizeLinear's output (a float model's).
 */
function dequantizedOutputOnce(c: Converter, tensor: string, readers: number): boolean | undefined {
  const dq = c.graph.nodes.find((n) => n.outputs[0] === tensor);
  if (dq === undefined || !isOp(dq, 'DequantizeLinear')) return undefined;
  return int8OutputOnce(c, dq.inputs[0]) && c.uses.get(tensor) === readers;
}

/** The QDQ form: `node` reads a dequantized layer output. Returns false when it does not (a float model). */
function fuseQdqTable(c: Converter, node: OnnxNode, x: Act, fn: TableFunction, hard?: HardSigmoidParams): boolean {
  const once = dequantizedOutputOnce(c, node.inputs[0], 1);
  if (once === undefined || x.int8) return false;
  fuseQuantizedTable(c, node, x, once, { fn, ...(hard ? { hard } : {}) });
  return true;
}

/** com.microsoft QLinearSigmoid (onnxruntime's QOperator format): a table with the node's own input and output scales. */
export function convertQLinearSigmoid(c: Converter, node: OnnxNode): void {
  const x = c.act(node, 0);
  if (!x.int8) throw new OhmflowError('input is not quantized', { field: nodeField(node), fix: 'feed QLinearSigmoid an int8 tensor (a QLinearConv, QGemm or QuantizeLinear output)' });
  c.bindQuant(node, x.layer, c.tensorQuant(node, 1, 2));
  fuseQuantizedTable(c, node, x, int8OutputOnce(c, node.inputs[0]), { fn: 'sigmoid' }, c.tensorQuant(node, 3, 4));
}

/** Converts a Sigmoid, HardSigmoid or HardSwish node; the gate of a SiLU or HardSwish Mul waits for its Mul. */
export function convertTableActivation(c: Converter, node: OnnxNode): void {
  const x = c.act(node, 0);
  if ([...c.siluMuls.values()].some((s) => s.gate === node)) {
    if (c.uses.get(node.outputs[0]) !== 1) {
      throw new OhmflowError(`the ${node.opType} of a ${node.opType === 'Sigmoid' ? 'SiLU' : 'HardSwish'} is read by more than its Mul`, { field: nodeField(node), fix: FIX });
    }
    c.otherTensors.add(node.outputs[0]);
    c.setOutput(node, { ...x, fusion: 'none' });
    return;
  }
  const fn: TableFunction = node.opType === 'Sigmoid' ? 'sigmoid' : node.opType === 'HardSwish' ? 'hardswish' : 'hardsigmoid';
  const hard = fn === 'hardsigmoid' ? { alpha: attrFloat(node, 'alpha', 0.2), beta: attrFloat(node, 'beta', 0.5) } : undefined;
  if (fuseQdqTable(c, node, x, fn, hard)) return;
  fuseTable(c, node, x, 1, fn, hard);
}

/** A QuantizeLinear or DequantizeLinear inside a QDQ SiLU: stands for the Sigmoid until the Mul converts the whole. */
export function passSiluBranch(c: Converter, node: OnnxNode): void {
  c.otherTensors.add(node.outputs[0]);
  c.setOutput(node, c.value(node, 0)!);
}

/**
 * Converts the Mul of a SiLU or HardSwish (one of siluMuls): its table folds into the producer of
 * x. In QDQ form (SiLU) the table also rounds the sigmoid to its QuantizeLinear's codes before the
 * product, as ONNX Runtime computes it.
 */
export function convertSiluMul(c: Converter, node: OnnxNode): void {
  const silu = c.siluMuls.get(node)!;
  const xIndex = node.inputs[0] === silu.gate.inputs[0] ? 0 : 1;
  const x = c.act(node, xIndex);
  const shadow: OnnxNode = { ...node, inputs: [node.inputs[xIndex]] };
  const once = dequantizedOutputOnce(c, node.inputs[xIndex], 2);
  if (silu.q === undefined || silu.dq === undefined) {
    if (once !== undefined) throw new OhmflowError('a SiLU on a dequantized tensor needs its Sigmoid quantized too (QuantizeLinear -> DequantizeLinear before the Mul)', { field: nodeField(node), fix: QDQ_FIX });
    fuseTable(c, shadow, x, 2, silu.gate.opType === 'Sigmoid' ? 'silu' : 'hardswish');
    return;
  }
  const sigmoidQuant = c.tensorQuant(silu.q, 1, 2);
  if (!sameQuant(sigmoidQuant, c.tensorQuant(silu.dq, 1, 2))) {
    throw new OhmflowError('dequantizes the Sigmoid with another scale or zero point than its QuantizeLinear', { field: nodeField(silu.dq), fix: QDQ_FIX });
  }
  const branchOnce = [silu.gate, silu.q, silu.dq].every((n) => c.uses.get(n.outputs[0]) === 1);
  fuseQuantizedTable(c, shadow, x, once === true && branchOnce, { fn: 'silu', sigmoidQuant });
}
