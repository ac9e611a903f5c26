// ReduceMean over H and W is a global average pool: PyTorch exports x.mean((2, 3), keepdim=True)
// and torch.mean(x, dim=[-1, -2]) as ReduceMean. With keepdims 1 it becomes a GlobalAveragePool
// layer ([C, 1, 1]); with keepdims 0 the pool plus a flatten ([C]). Other axes are rejected.
import { OhmflowError } from '../errors.js';
import { attrInt, attrInts, nodeField, type OnnxNode } from './graph.js';
import type { Converter } from './converter.js';
import type { Draft } from './drafts.js';

/** The reduced axes, from the attribute (opset < 18) or input 1 (opset 18), made non-negative for rank 4. */
function reducedAxes(c: Converter, node: OnnxNode): number[] {
  const raw = node.attributes.has('axes') ? attrInts(node, 'axes', []) : Array.from(c.constant(node, 1, false)?.values ?? []);
  return raw.map((a) => (a < 0 ? a + 4 : a)).sort((a, b) => a - b);
}

/** Adds the pool (and flatten) a ReduceMean over H and W stands for; returns the output layer. */
export function reduceMeanToPool(c: Converter, node: OnnxNode): Draft {
  const x = c.act(node, 0);
  const input = c.shapeOf(x.layer);
  const axes = reducedAxes(c, node);
  const fix = 'average over H and W only: x.mean((2, 3)) or nn.AdaptiveAvgPool2d(1)';
  if (input.length !== 3 || axes.length !== 2 || axes[0] !== 2 || axes[1] !== 3) {
    throw new OhmflowError(`only a mean over H and W of an [N, C, H, W] tensor is supported, got axes [${axes.join(', ')}] of [1, ${input.join(', ')}]`, { field: nodeField(node), fix });
  }
  if (attrInt(node, 'noop_with_empty_axes', 0) !== 0) throw new OhmflowError('noop_with_empty_axes is not supported', { field: nodeField(node), fix });
  const pool: Draft = { kind: 'globalavgpool', name: c.uniqueName(node.name), inputs: [x.layer], shape: [input[0], 1, 1] };
  if (attrInt(node, 'keepdims', 1) !== 0) return pool;
  c.add(pool);
  c.extraTensors.set(pool.name, node.outputs[0]);
  return { kind: 'flatten', name: c.uniqueName(`${node.name}/flatten`), inputs: [pool.name], shape: [input[0]] };
}
