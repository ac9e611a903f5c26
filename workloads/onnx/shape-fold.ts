// Constant folding of shape arithmetic. PyTorch exports x.view(x.size(0), -1) as
// Shape -> Gather -> Unsqueeze -> Concat(with [-1]) -> Reshape: every value there is known at import
// (shapes are static, batch 1), so these nodes fold into constants and the Reshape sees a constant
// target. A node folds when its op is one of SHAPE_OPS and each input is a constant or, for Shape,
// any tensor; such nodes are not "unsupported" (support.ts) and make no layer (convert.ts).
import { OhmflowError } from '../errors.js';
import { attrInt, attrInts, nodeField, REEXPORT, type OnnxGraph, type OnnxNode } from './graph.js';
import { DataType } from './proto.js';
import type { DecodedTensor } from './tensors.js';

/** Ops folded when their inputs are constants (Shape: whatever its input). */
const SHAPE_OPS = new Set(['Shape', 'Gather', 'Unsqueeze', 'Squeeze', 'Concat', 'Cast', 'Slice', 'Mul', 'Div', 'Add', 'Sub']);

const isDefaultDomain = (node: OnnxNode): boolean => node.domain === '' || node.domain === 'ai.onnx';

/** The nodes that fold into constants, found by one pass in (topological) node order. */
export function foldableNodes(graph: OnnxGraph): Set<OnnxNode> {
  const known = new Set<string>(graph.constants.keys());
  const nodes = new Set<OnnxNode>();
  for (const node of graph.nodes) {
    if (!isDefaultDomain(node) || !SHAPE_OPS.has(node.opType)) continue;
    if (node.opType !== 'Shape' && !node.inputs.every((i) => !i || known.has(i))) continue;
    nodes.add(node);
    for (const o of node.outputs) known.add(o);
  }
  return nodes;
}

const int64 = (dims: readonly number[], values: ArrayLike<number>): DecodedTensor => ({ dims, dataType: DataType.INT64, values: Float64Array.from(values) });

/** An axis made non-negative for `rank`, or an error naming the node. */
function axisOf(node: OnnxNode, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!(a >= 0 && a < rank)) throw new OhmflowError(`axis ${axis} is out of range for rank ${rank}`, { field: nodeField(node), fix: REEXPORT });
  return a;
}

/** Axes from the attribute (before opset 13) or input 1. */
function axesOf(node: OnnxNode, inputs: readonly (DecodedTensor | undefined)[]): number[] {
  return node.attributes.has('axes') ? [...attrInts(node, 'axes', [])] : Array.from(inputs[1]?.values ?? []);
}

/** Gather along axis 0 of a 1-D (or scalar-indexed) constant: what shape arithmetic needs. */
function gather(node: OnnxNode, data: DecodedTensor, indices: DecodedTensor): DecodedTensor {
  if (data.dims.length !== 1 || attrInt(node, 'axis', 0) !== 0) {
    throw new OhmflowError('only gathers from a 1-D constant (a shape) fold at import', { field: nodeField(node), fix: 'gather only from shapes (x.size(i)); embedding lookups are not supported' });
  }
  const n = data.dims[0];
  const values = Array.from(indices.values, (i) => data.values[axisOf(node, i, n)]);
  return { dims: indices.dims, dataType: data.dataType, values: Float64Array.from(values) };
}

/** Slice of a 1-D constant with steps of 1 (a shape's tail: x.shape[1:]). */
function slice(node: OnnxNode, inputs: readonly (DecodedTensor | undefined)[]): DecodedTensor {
  const data = inputs[0]!;
  const starts = node.attributes.has('starts') ? attrInts(node, 'starts', []) : Array.from(inputs[1]?.values ?? []);
  const ends = node.attributes.has('ends') ? attrInts(node, 'ends', []) : Array.from(inputs[2]?.values ?? []);
  const steps = Array.from(inputs[4]?.values ?? [1]);
  if (data.dims.length !== 1 || starts.length !== 1 || ends.length !== 1 || steps.some((s) => s !== 1)) {
    throw new OhmflowError('only slices of a 1-D constant with step 1 fold at import', { field: nodeField(node), fix: 'slice only shapes (x.shape[1:])' });
  }
  const n = data.dims[0];
  const clampIndex = (i: number): number => Math.max(0, Math.min(n, i < 0 ? i + n : i));
  const values = data.values.slice(clampIndex(starts[0]), Math.max(clampIndex(starts[0]), clampIndex(ends[0])));
  return { dims: [values.length], dataType: data.dataType, values };
}

/** Element-wise Mul, Div, Add or Sub of two constants, one of them a scalar or both the same shape
 *  (torch.chunk's split points: (size + 1) // 2 * k). */
function arithmetic(node: OnnxNode, a: DecodedTensor, b: DecodedTensor): DecodedTensor {
  const [big, small] = a.values.length >= b.values.length ? [a, b] : [b, a];
  if (small.values.length !== 1 && small.values.length !== big.values.length) {
    throw new OhmflowError('only arithmetic of a constant and a scalar folds at import', { field: nodeField(node), fix: REEXPORT });
  }
  const at = (t: DecodedTensor, i: number): number => t.values[t.values.length === 1 ? 0 : i];
  const integer = a.dataType === DataType.INT64 || a.dataType === DataType.INT32;
  const values = Float64Array.from(big.values, (_, i) => {
    if (node.opType === 'Mul') return at(a, i) * at(b, i);
    if (node.opType === 'Add') return at(a, i) + at(b, i);
    if (node.opType === 'Sub') return at(a, i) - at(b, i);
    const q = at(a, i) / at(b, i);
    return integer ? Math.trunc(q) : q;
  });
  return { dims: big.dims, dataType: a.dataType, values };
}

/**
 * The constant a foldable node computes. `shapeOf` gives an activation's shape with the batch
 * (for Shape); `inputs` holds each input's constant (undefined for Shape's activation or absent inputs).
 */
export function foldNode(node: OnnxNode, inputs: readonly (DecodedTensor | undefined)[], shapeOf: () => readonly number[]): DecodedTensor {
  const x = inputs[0];
  switch (node.opType) {
    case 'Shape': {
      const shape = x ? x.dims : shapeOf();
      const start = axisOrEnd(attrInt(node, 'start', 0), shape.length);
      const end = axisOrEnd(attrInt(node, 'end', shape.length), shape.length);
      return int64([Math.max(0, end - start)], shape.slice(start, Math.max(start, end)));
    }
    case 'Gather':
      return gather(node, x!, inputs[1]!);
    case 'Unsqueeze':
    case 'Squeeze': {
      const axes = axesOf(node, inputs);
      let dims = [...x!.dims];
      if (node.opType === 'Unsqueeze') {
        const rank = dims.length + axes.length;
        for (const a of axes.map((v) => axisOf(node, v, rank)).sort((p, q) => p - q)) dims.splice(a, 0, 1);
      } else {
        const drop = new Set(axes.length ? axes.map((v) => axisOf(node, v, dims.length)) : dims.flatMap((d, i) => (d === 1 ? [i] : [])));
        dims = dims.filter((_, i) => !drop.has(i));
      }
      return { dims, dataType: x!.dataType, values: x!.values };
    }
    case 'Concat': {
      const parts = inputs.filter((t): t is DecodedTensor => t !== undefined);
      if (parts.some((t) => t.dims.length !== 1)) throw new OhmflowError('only concatenations of 1-D constants (shapes) fold at import', { field: nodeField(node), fix: REEXPORT });
      const values = Float64Array.from(parts.flatMap((t) => Array.from(t.values)));
      return { dims: [values.length], dataType: parts[0].dataType, values };
    }
    case 'Cast': {
      const to = attrInt(node, 'to', DataType.FLOAT);
      const integer = to !== DataType.FLOAT && to !== DataType.DOUBLE;
      return { dims: x!.dims, dataType: to, values: integer ? x!.values.map(Math.trunc) : x!.values };
    }
    case 'Slice':
      return slice(node, inputs);
    default:
      return arithmetic(node, x!, inputs[1]!);
  }
}

/** Shape's start and end: negative counts from the end, clamped to [0, rank]. */
function axisOrEnd(v: number, rank: number): number {
  return Math.max(0, Math.min(rank, v < 0 ? v + rank : v));
}
