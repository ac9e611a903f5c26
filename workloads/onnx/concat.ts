// ONNX Concat (float or QDQ: DequantizeLinear -> Concat -> QuantizeLinear) and com.microsoft
// QLinearConcat -> a concat draft. Only channel concatenation of NCHW feature maps is supported:
// axis 1 (or -3), inputs of equal H and W. The output quantization comes from the QuantizeLinear
// after a Concat, QLinearConcat's own Y scale, or calibration.
import { OhmflowError } from '../errors.js';
import { attrInt, nodeField, type OnnxNode } from './graph.js';
import type { Converter } from './converter.js';
import type { ConcatDraft } from './drafts.js';

/** Channels add up; every input must be a [C, H, W] feature map of the first one's H and W. */
function concatShape(c: Converter, node: OnnxNode, layers: readonly string[]): number[] {
  const axis = attrInt(node, 'axis', Number.NaN);
  if (axis !== 1 && axis !== -3) {
    throw new OhmflowError(`only concatenation along channels (axis 1) is supported, got axis ${Number.isNaN(axis) ? '(missing)' : axis}`, {
      field: nodeField(node),
      fix: 'concatenate NCHW feature maps along channels: torch.cat([a, b], dim=1)',
    });
  }
  const first = c.shapeOf(layers[0]);
  let channels = 0;
  for (const layer of layers) {
    const shape = c.shapeOf(layer);
    if (shape.length !== 3 || shape[1] !== first[1] || shape[2] !== first[2]) {
      throw new OhmflowError(`inputs must be feature maps of equal height and width, got [1, ${first.join(', ')}] and [1, ${shape.join(', ')}]`, {
        field: nodeField(node),
        fix: 'concatenate feature maps of the same H and W before any flattening (resize or pad the smaller one first)',
      });
    }
    channels += shape[0];
  }
  return [channels, first[1], first[2]];
}

/** Concat of float (or dequantized) activations; its quantization is fixed later. */
export function convertConcat(c: Converter, node: OnnxNode): void {
  if (node.inputs.length === 0) throw new OhmflowError('has no inputs', { field: nodeField(node), fix: 'remove the empty Concat' });
  // torch.cat([x], 1) (DenseNet's first dense layer) is x itself: an identity, as ONNX defines it.
  if (node.inputs.length === 1) {
    concatShape(c, node, [c.act(node, 0).layer]);
    c.setOutput(node, c.value(node, 0)!);
    return;
  }
  const acts = node.inputs.map((_, i) => c.act(node, i));
  if (acts.some((a) => a.int8)) {
    throw new OhmflowError('concatenating int8 tensors directly is not supported', {
      field: nodeField(node),
      fix: 'dequantize each input first (DequantizeLinear -> Concat -> QuantizeLinear, as ONNX Runtime\'s QDQ quantizer writes it), or use QLinearConcat',
    });
  }
  const inputs = acts.map((a) => a.layer);
  const draft: ConcatDraft = { kind: 'concat', name: c.uniqueName(node.name), inputs, shape: concatShape(c, node, inputs) };
  c.add(draft);
  c.setOutput(node, { kind: 'act', layer: draft.name, int8: false, fusion: 'none' });
}

/** com.microsoft QLinearConcat: inputs Y scale, Y zero point, then (X, X scale, X zero point) per input. */
export function convertQLinearConcat(c: Converter, node: OnnxNode): void {
  const count = (node.inputs.length - 2) / 3;
  if (!Number.isInteger(count) || count < 2) {
    throw new OhmflowError(`needs a Y scale and zero point then 2 or more (X, scale, zero point) triples, got ${node.inputs.length} inputs`, {
      field: nodeField(node),
      fix: 're-export the model with ONNX Runtime\'s quantizer',
    });
  }
  const inputs: string[] = [];
  for (let k = 0; k < count; k++) {
    const x = c.act(node, 2 + 3 * k);
    c.bindQuant(node, x.layer, c.tensorQuant(node, 3 + 3 * k, 4 + 3 * k));
    inputs.push(x.layer);
  }
  const draft: ConcatDraft = { kind: 'concat', name: c.uniqueName(node.name), inputs, shape: concatShape(c, node, inputs), quant: c.tensorQuant(node, 0, 1) };
  c.add(draft);
  c.setOutput(node, { kind: 'act', layer: draft.name, int8: true, fusion: 'none' });
}
