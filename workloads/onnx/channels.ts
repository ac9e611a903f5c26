// Channel data movement: ShuffleNet's channel shuffle, Reshape [N, g, C/g, H, W] -> Transpose
// (0, 2, 1, 3, 4) -> Reshape [N, C, H, W], and Split, Slice or Gather along channels. Each becomes a
// channel gather (ChannelsLayer), which copies input channels in a new order and no arithmetic.
// The 5-D tensor between the reshapes exists only as a pending view on the value (Act.view): any
// other reader of it is rejected naming the node.
import { OhmflowError } from '../errors.js';
import { attrInt, attrInts, nodeField, REEXPORT, type OnnxNode } from './graph.js';
import type { Act, Converter } from './converter.js';
import type { ChannelsDraft } from './drafts.js';

/** Channels viewed as a [rows, cols] matrix (channel r * cols + c), transposed or not. */
export interface ChannelView {
  readonly rows: number;
  readonly cols: number;
  readonly transposed: boolean;
}

const SHUFFLE_FIX = 'only a channel shuffle, Reshape [N, g, C/g, H, W] -> Transpose(perm=[0, 2, 1, 3, 4]) -> Reshape [N, C, H, W], is supported on 5-D views';

/** Adds a channel gather of `x` (or, for every channel in order, nothing) as `output`'s value. */
function gather(c: Converter, node: OnnxNode, x: Act, indices: readonly number[], output: string, name = node.name): void {
  const [channels, h, w] = c.shapeOf(x.layer);
  if (indices.length === channels && indices.every((v, i) => v === i)) {
    c.values.set(output, { ...x, fusion: 'none' });
    return;
  }
  const draft: ChannelsDraft = { kind: 'channels', name: c.uniqueName(name), inputs: [x.layer], shape: [indices.length, h, w], indices };
  c.add(draft);
  c.values.set(output, { kind: 'act', layer: draft.name, int8: x.int8, fusion: 'none' });
}

/** The [C, H, W] input of a channel op, or an error naming the node. */
function featureMap(c: Converter, node: OnnxNode, x: Act): readonly number[] {
  const shape = c.shapeOf(x.layer);
  if (shape.length !== 3) throw new OhmflowError(`needs an [N, C, H, W] input, got [1, ${shape.join(', ')}]`, { field: nodeField(node), fix: 'split, slice or shuffle feature maps along channels, before any flattening' });
  return shape;
}

/**
 * A Reshape into or out of a channel view; false when it is neither (an ordinary flatten). Into:
 * [C, H, W] -> [N, g, C/g, H, W]. Out of: the view -> [N, C, H, W], a gather when transposed.
 */
export function reshapeChannels(c: Converter, node: OnnxNode, target: readonly number[]): boolean {
  const v = c.value(node, 0)!;
  if (v.kind !== 'act') return false;
  const batch = (d: number) => d === 1 || d === 0 || d === -1;
  if (v.view === undefined) {
    if (target.length !== 5) return false;
    // A pending BatchNorm becomes its affine layer first: the view carries no arithmetic.
    const x = c.act(node, 0);
    const [channels, h, w] = featureMap(c, node, x);
    const [n, rows, cols, th, tw] = target;
    if (!batch(n) || !(rows >= 1 && cols >= 1) || rows * cols !== channels || th !== h || tw !== w) {
      throw new OhmflowError(`reshapes [1, ${channels}, ${h}, ${w}] to [${target.join(', ')}]`, { field: nodeField(node), fix: SHUFFLE_FIX });
    }
    c.setOutput(node, { ...x, fusion: 'none', view: { rows, cols, transposed: false } });
    c.otherTensors.add(node.outputs[0]);
    return true;
  }
  const [channels, h, w] = c.shapeOf(v.layer);
  const [n, tc, th, tw] = target;
  if (target.length !== 4 || !batch(n) || !(tc === channels || tc === -1) || th !== h || tw !== w) {
    throw new OhmflowError(`reshapes a 5-D channel view to [${target.join(', ')}]`, { field: nodeField(node), fix: SHUFFLE_FIX });
  }
  const x: Act = { kind: 'act', layer: v.layer, int8: v.int8, fusion: 'none' };
  const { rows, cols, transposed } = v.view;
  // The transposed view is [rows, cols] = [b, a] of the original [a, b]: its channel k = j * a + i
  // holds original channel i * b + j.
  const indices = Array.from({ length: channels }, (_, k) => (transposed ? (k % cols) * rows + Math.floor(k / cols) : k));
  gather(c, node, x, indices, node.outputs[0]);
  return true;
}

/** Transpose: only (0, 2, 1, 3, 4) of a channel view (the shuffle's middle step). */
export function convertTranspose(c: Converter, node: OnnxNode): void {
  const v = c.value(node, 0)!;
  const perm = attrInts(node, 'perm', []);
  const ok = v.kind === 'act' && v.view !== undefined && !v.view.transposed && perm.length === 5 && [0, 2, 1, 3, 4].every((p, i) => perm[i] === p);
  if (!ok || v.kind !== 'act') {
    throw new OhmflowError(`Transpose(perm=[${perm.join(', ')}]) is supported only as the middle of a channel shuffle`, {
      field: nodeField(node),
      fix: `keep tensors in NCHW order; ${SHUFFLE_FIX}`,
    });
  }
  c.setOutput(node, { ...v, view: { rows: v.view!.cols, cols: v.view!.rows, transposed: true } });
  c.otherTensors.add(node.outputs[0]);
}

/** Constant integer input `index`, or attribute `attr` (older opsets), or undefined. */
function ints(c: Converter, node: OnnxNode, index: number, attr: string): number[] | undefined {
  if (node.attributes.has(attr)) return [...attrInts(node, attr, [])];
  const t = c.constant(node, index, false);
  return t === undefined ? undefined : Array.from(t.values);
}

/** ONNX Slice's index range along one axis of size `dim`. */
function sliceRange(start: number, end: number, step: number, dim: number): number[] {
  const norm = (v: number) => (v < 0 ? v + dim : v);
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  const [s, e] = step > 0 ? [clamp(norm(start), 0, dim), clamp(norm(end), 0, dim)] : [clamp(norm(start), 0, dim - 1), clamp(norm(end), -1, dim - 1)];
  const out: number[] = [];
  for (let i = s; step > 0 ? i < e : i > e; i += step) out.push(i);
  return out;
}

/** Slice of a feature map along channels (other axes whole). */
export function convertSlice(c: Converter, node: OnnxNode): void {
  const x = c.act(node, 0);
  const shape = featureMap(c, node, x);
  const starts = ints(c, node, 1, 'starts');
  const ends = ints(c, node, 2, 'ends');
  if (starts === undefined || ends === undefined || starts.length !== ends.length) throw new OhmflowError('starts and ends must be constants of equal length', { field: nodeField(node), fix: REEXPORT });
  const axes = ints(c, node, 3, 'axes') ?? starts.map((_, i) => i);
  const steps = c.constant(node, 4, false)?.values ?? starts.map(() => 1);
  let indices = Array.from({ length: shape[0] }, (_, i) => i);
  axes.forEach((a, k) => {
    const axis = a < 0 ? a + 4 : a;
    const dim = axis === 0 ? 1 : shape[axis - 1];
    const range = sliceRange(starts[k], ends[k], steps[k], dim);
    if (!(steps[k] !== 0)) throw new OhmflowError('a step of 0', { field: nodeField(node), fix: REEXPORT });
    if (axis === 1) indices = range.map((i) => indices[i]);
    else if (range.length !== dim || range.some((v, i) => v !== i)) {
      throw new OhmflowError(`slices axis ${a}; only channels (axis 1) may be sliced`, { field: nodeField(node), fix: 'slice feature maps along channels only (x[:, a:b] or torch.chunk(x, n, dim=1))' });
    }
  });
  if (indices.length === 0) throw new OhmflowError('selects no channel', { field: nodeField(node), fix: 'give the Slice a non-empty channel range' });
  gather(c, node, x, indices, node.outputs[0]);
}

/** Split along channels into the outputs' sizes (input 1, attribute split, or equal parts). */
export function convertSplit(c: Converter, node: OnnxNode): void {
  const x = c.act(node, 0);
  const [channels] = featureMap(c, node, x);
  const axis = attrInt(node, 'axis', 0);
  if (axis !== 1 && axis !== -3) throw new OhmflowError(`splits axis ${axis}; only channels (axis 1) may be split`, { field: nodeField(node), fix: 'split feature maps along channels only (torch.chunk(x, n, dim=1))' });
  const outputs = node.outputs.length;
  const sizes = ints(c, node, 1, 'split') ?? Array.from({ length: outputs }, (_, k) => {
    const part = Math.ceil(channels / outputs);
    return Math.max(0, Math.min(part, channels - k * part));
  });
  if (sizes.length !== outputs || sizes.some((s) => !(s >= 1)) || sizes.reduce((a, b) => a + b, 0) !== channels) {
    throw new OhmflowError(`split sizes [${sizes.join(', ')}] do not cover ${channels} channels in ${outputs} parts`, { field: nodeField(node), fix: REEXPORT });
  }
  let first = 0;
  sizes.forEach((size, k) => {
    if (node.outputs[k]) gather(c, node, x, Array.from({ length: size }, (_, i) => first + i), node.outputs[k], `${node.name}/${k}`);
    first += size;
  });
}

/** Gather along channels with constant indices (how ohmflow exports a channel gather). */
export function convertGather(c: Converter, node: OnnxNode): void {
  const x = c.act(node, 0);
  const [channels] = featureMap(c, node, x);
  const indices = c.constant(node, 1)!;
  const axis = attrInt(node, 'axis', 0);
  if ((axis !== 1 && axis !== -3) || indices.dims.length !== 1) {
    throw new OhmflowError('only a Gather of channels (axis 1) by a 1-D constant is supported', { field: nodeField(node), fix: 'gather feature maps along channels only' });
  }
  gather(c, node, x, Array.from(indices.values, (i) => (i < 0 ? i + channels : i)), node.outputs[0]);
}
