// Pad in front of an AveragePool. PyTorch (opset < 19) exports nn.AvgPool2d(padding=p) with its
// default count_include_pad=True as Pad(p) + AveragePool without pads, since AveragePool could not
// count padding in the divisor before opset 19; the padded zeros are then ordinary cells. The
// importer folds such a Pad into the pool as padding counted in the divisor
// (AvgPoolLayer.countIncludePad). A zero Pad in front of a Conv (PyTorch's F.pad, or
// padding_mode='zeros' written out) is the conv's own padding: it folds into it exactly. A Pad that
// pads nothing is dropped; any other Pad is rejected.
import { OhmflowError } from '../errors.js';
import { windowOutputSize } from '../ir/shapes.js';
import { attrFloat, attrInt, attrInts, attrString, nodeField, type OnnxNode } from './graph.js';
import type { Converter } from './converter.js';

type Padding4 = readonly [number, number, number, number];

const NO_PAD = 'pad with zeros on H and W only, right before the Conv or AveragePool that reads it, or write the padding into that layer (padding=...)';

function reject(node: OnnxNode, message: string): never {
  throw new OhmflowError(message, { field: nodeField(node), fix: NO_PAD });
}

/** The Pad's pads, [x1_begin, x2_begin, ..., x1_end, ...], from its input (opset 11+) or attribute (opset 2). */
function padsOf(c: Converter, node: OnnxNode): number[] {
  return node.attributes.has('pads') ? [...attrInts(node, 'pads', [])] : Array.from(c.constant(node, 1)!.values);
}

/** Converts a Pad: nothing when it pads nothing, else its spatial padding, kept for the AveragePool that reads it. */
export function convertPad(c: Converter, node: OnnxNode): void {
  const x = c.act(node, 0);
  const pads = padsOf(c, node);
  c.setOutput(node, x);
  if (pads.every((p) => p === 0)) return;
  const shape = c.shapeOf(x.layer);
  if (shape.length !== 3 || pads.length !== 8) reject(node, `only padding of [N, C, H, W] feature maps is supported, got pads [${pads.join(', ')}]`);
  if (pads[0] !== 0 || pads[1] !== 0 || pads[4] !== 0 || pads[5] !== 0 || pads.some((p) => p < 0)) {
    reject(node, `only non-negative padding of H and W is supported, got pads [${pads.join(', ')}]`);
  }
  const value = node.attributes.has('value') ? attrFloat(node, 'value', 0) : c.constant(node, 2, false)?.values[0] ?? 0;
  if (attrString(node, 'mode', 'constant') !== 'constant' || value !== 0 || x.int8 || node.inputs[3]) {
    reject(node, 'only padding with zeros (mode constant, value 0, float input, all axes) is supported');
  }
  const readers = c.graph.nodes.filter((n) => n.inputs.includes(node.outputs[0]));
  const folds = readers.length === 1 && readers[0].domain === '' && (readers[0].opType === 'AveragePool' || (readers[0].opType === 'Conv' && readers[0].inputs[0] === node.outputs[0]));
  if (c.uses.get(node.outputs[0]) !== 1 || !folds) {
    reject(node, 'a Pad that pads is supported only in front of the one Conv or AveragePool that reads it');
  }
  c.pads.set(node.outputs[0], [pads[2], pads[3], pads[6], pads[7]]);
  c.otherTensors.add(node.outputs[0]);
}

/** A Conv's padding: its own pads plus a zero Pad's in front of it (zeros either way, so exact). */
export function convPadding(c: Converter, node: OnnxNode, own: readonly [number, number, number, number]): [number, number, number, number] {
  const pad = c.pads.get(node.inputs[0]) ?? [0, 0, 0, 0];
  return [own[0] + pad[0], own[1] + pad[1], own[2] + pad[2], own[3] + pad[3]];
}

/**
 * An AveragePool's padding and whether it counts in the divisor: its own pads (counted with
 * count_include_pad = 1), plus a Pad in front of it, whose zeros always count.
 */
export function averagePoolPadding(
  c: Converter,
  node: OnnxNode,
  w: { kernel: readonly [number, number]; stride: readonly [number, number]; padding: Padding4 },
  ceilMode: boolean,
): { padding: [number, number, number, number]; countIncludePad: boolean } {
  const own = w.padding;
  const counted = attrInt(node, 'count_include_pad', 0) !== 0 && own.some((p) => p > 0);
  const pad = c.pads.get(node.inputs[0]);
  if (pad === undefined) return { padding: [...own], countIncludePad: counted };
  if (own.some((p) => p > 0) && !counted) {
    throw new OhmflowError('a Pad in front of an AveragePool with pads of its own and count_include_pad 0 mixes counted and uncounted padding', {
      field: nodeField(node),
      fix: 'pad in one place: the pool\'s pads with count_include_pad, or the Pad',
    });
  }
  const padding: [number, number, number, number] = [own[0] + pad[0], own[1] + pad[1], own[2] + pad[2], own[3] + pad[3]];
  // In ceil mode ONNX sizes the pool on the padded tensor, the IR on the input and its padding:
  // the last-window rule then differs when a window would start inside the trailing Pad.
  const [, h, wd] = c.shapeOf(c.act(node, 0).layer);
  for (const [axis, size] of [[0, h], [1, wd]] as const) {
    const onnx = windowOutputSize(size + pad[axis] + pad[axis + 2], w.kernel[axis], w.stride[axis], own[axis], own[axis + 2], ceilMode);
    const ir = windowOutputSize(size, w.kernel[axis], w.stride[axis], padding[axis], padding[axis + 2], ceilMode);
    if (onnx !== ir) {
      throw new OhmflowError(`with the Pad in front, ceil_mode gives ${onnx} outputs along ${axis === 0 ? 'H' : 'W'}, where the pool with that padding gives ${ir}`, {
        field: nodeField(node),
        fix: 'export with opset 19 or later (AveragePool then takes the padding itself), or with ceil_mode=False',
      });
    }
  }
  return { padding, countIncludePad: true };
}
