// Sigmoid, HardSigmoid, HardSwish and SiLU (PyTorch's nn.SiLU exports as Mul(x, Sigmoid(x)), and
// nn.Hardswish below opset 14 as Mul(x, HardSigmoid(x)) with alpha 1/6 and beta 0.5) right
// after a float Conv or Gemm/MatMul fold into it as a lookup-table activation (ActivationTable):
// the layer requantizes to the table's input quantization, chosen by calibration on the
// pre-activation values, and a 256-entry table maps those codes to the output's. Anywhere else,
// or in an already-quantized model, they are rejected naming the node.
import { OhmflowError } from '../errors.js';
import type { TableFunction } from '../ir/types.js';
import { attrFloat, nodeField, type OnnxGraph, type OnnxNode } from './graph.js';
import type { Act, Converter } from './converter.js';
import { preActivationKey } from './drafts.js';
import type { HardSigmoidParams } from '../quant/table.js';

const isOp = (node: OnnxNode, op: string): boolean => node.opType === op && (node.domain === '' || node.domain === 'ai.onnx');

/** A HardSigmoid with HardSwish's parameters (1/6 and 0.5, as float32 stores them). */
function isHardSwishGate(node: OnnxNode): boolean {
  return isOp(node, 'HardSigmoid') && Math.fround(attrFloat(node, 'alpha', 0.2)) === Math.fround(1 / 6) && Math.fround(attrFloat(node, 'beta', 0.5)) === 0.5;
}

/** The gate of a self-gated Mul: Sigmoid (SiLU) or HardSigmoid(1/6, 0.5) (HardSwish). */
const isSelfGate = (node: OnnxNode): boolean => isOp(node, 'Sigmoid') || isHardSwishGate(node);

/** Mul nodes that complete a SiLU or HardSwish, Mul(x, gate(x)) in either order, by node. */
export function siluMuls(graph: OnnxGraph): Set<OnnxNode> {
  const gateInput = new Map<string, string>();
  for (const node of graph.nodes) if (isSelfGate(node)) gateInput.set(node.outputs[0], node.inputs[0]);
  return new Set(graph.nodes.filter((n) => isOp(n, 'Mul') && n.inputs.length === 2
    && (gateInput.get(n.inputs[1]) === n.inputs[0] || gateInput.get(n.inputs[0]) === n.inputs[1])));
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

/** Converts a Sigmoid, HardSigmoid or HardSwish node; the gate of a SiLU or HardSwish Mul waits for its Mul. */
export function convertTableActivation(c: Converter, node: OnnxNode): void {
  const x = c.act(node, 0);
  if (isSelfGate(node) && [...c.siluMuls].some((m) => m.inputs.includes(node.outputs[0]) && m.inputs.includes(node.inputs[0]))) {
    if (c.uses.get(node.outputs[0]) !== 1) throw new OhmflowError(`the ${node.opType} of a ${node.opType === 'Sigmoid' ? 'SiLU' : 'HardSwish'} is read by more than its Mul`, { field: nodeField(node), fix: FIX });
    c.otherTensors.add(node.outputs[0]);
    c.setOutput(node, { ...x, fusion: 'none' });
    return;
  }
  if (node.opType === 'Sigmoid') fuseTable(c, node, x, 1, 'sigmoid');
  else if (node.opType === 'HardSwish') fuseTable(c, node, x, 1, 'hardswish');
  else fuseTable(c, node, x, 1, 'hardsigmoid', { alpha: attrFloat(node, 'alpha', 0.2), beta: attrFloat(node, 'beta', 0.5) });
}

/** Converts the Mul of a SiLU or HardSwish (one of siluMuls): its table folds into the producer of x. */
export function convertSiluMul(c: Converter, node: OnnxNode): void {
  const gate = c.graph.nodes.find((n) => isSelfGate(n) && node.inputs.includes(n.outputs[0]) && node.inputs.includes(n.inputs[0]))!;
  const xIndex = node.inputs[0] === gate.outputs[0] ? 1 : 0;
  const x = c.act(node, xIndex);
  const shadow: OnnxNode = { ...node, inputs: [node.inputs[xIndex]] };
  fuseTable(c, shadow, x, 2, gate.opType === 'Sigmoid' ? 'silu' : 'hardswish');
}
