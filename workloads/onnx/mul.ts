// Mul of two activations where one is a per-channel gate: x [N, C, H, W] * g [N, C, 1, 1] in either
// order, as squeeze-and-excitation computes it (MobileNetV3, EfficientNet). It becomes a
// channel-broadcast product on the digital units (ChannelMulLayer); QLinearMul (com.microsoft)
// likewise. Any other Mul (by a constant, of two feature maps) is rejected naming the node.
import { OhmflowError } from '../errors.js';
import { nodeField, type OnnxNode } from './graph.js';
import type { Act, Converter } from './converter.js';
import type { MulDraft } from './drafts.js';

const FIX = 'multiply a feature map only by a per-channel gate [N, C, 1, 1] computed from activations (squeeze-and-excitation); '
  + 'fold constant factors into the weights of the layer before';

/** Orders the two inputs as [x, gate] by shape, or rejects the Mul. */
function xAndGate(c: Converter, node: OnnxNode, a: Act, b: Act): [Act, Act] {
  const isGate = (g: Act, x: Act): boolean => {
    const [gs, xs] = [c.shapeOf(g.layer), c.shapeOf(x.layer)];
    return gs.length === 3 && xs.length === 3 && gs[0] === xs[0] && gs[1] === 1 && gs[2] === 1;
  };
  if (isGate(b, a)) return [a, b];
  if (isGate(a, b)) return [b, a];
  const shape = (v: Act) => `[1, ${c.shapeOf(v.layer).join(', ')}]`;
  throw new OhmflowError(`multiplies ${shape(a)} by ${shape(b)}: only a feature map times a per-channel gate [1, C, 1, 1] of the same C is supported`, { field: nodeField(node), fix: FIX });
}

function mulDraft(c: Converter, node: OnnxNode, x: Act, gate: Act): MulDraft {
  return { kind: 'mul', name: c.uniqueName(node.name), inputs: [x.layer, gate.layer], shape: c.shapeOf(x.layer) };
}

/** A float (or QDQ) Mul. */
export function convertMul(c: Converter, node: OnnxNode): void {
  if ([0, 1].some((i) => c.value(node, i)!.kind !== 'act')) {
    throw new OhmflowError('Mul by a constant is not supported', { field: nodeField(node), fix: FIX });
  }
  const [x, gate] = xAndGate(c, node, c.act(node, 0), c.act(node, 1));
  if (x.int8 || gate.int8) throw new OhmflowError('Mul of an int8 tensor is not supported', { field: nodeField(node), fix: 'dequantize both inputs first (QDQ), or use com.microsoft QLinearMul' });
  const draft = mulDraft(c, node, x, gate);
  c.add(draft);
  c.setOutput(node, { kind: 'act', layer: draft.name, int8: false, fusion: 'none' });
}

/** QLinearMul: A, A scale, A zero point, B, B scale, B zero point, C scale, C zero point. */
export function convertQLinearMul(c: Converter, node: OnnxNode): void {
  const a = c.act(node, 0);
  const b = c.act(node, 3);
  c.bindQuant(node, a.layer, c.tensorQuant(node, 1, 2));
  c.bindQuant(node, b.layer, c.tensorQuant(node, 4, 5));
  const [x, gate] = xAndGate(c, node, a, b);
  const draft: MulDraft = { ...mulDraft(c, node, x, gate), quant: c.tensorQuant(node, 6, 7) };
  c.add(draft);
  c.setOutput(node, { kind: 'act', layer: draft.name, int8: true, fusion: 'none' });
}
