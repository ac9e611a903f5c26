// BatchNormalization in inference mode is a per-channel affine map y = a * x + s, with
// a = gamma / sqrt(var + eps) and s = beta - mean * a. It folds exactly into a linear layer on
// either side:
// - after a float Conv or Gemm/MatMul (the usual Conv-BN): into that layer's weights and bias;
// - anywhere else (after a pool, a ReLU, at the input): it stays pending on its output value
//   (Act.affine) and folds into the input side of the Conv or Gemm/MatMul that reads it:
//   W'[o, i] = W[o, i] * a[i], b'[o] = b[o] + sum_i W[o, i] * s[i]. A Flatten in between carries it
//   (each channel's a and s repeat over its H x W features). This is exact only where every input
//   the layer reads is a BN output: a padded Conv would read padding zeros that a folded shift
//   turns into s.
// Where no fold is exact (a shifted BN before a padded Conv or a quantized layer) or nothing can
// fold it (DenseNet's pre-activation BN -> ReLU -> Conv, a BN read by a pool, a concat or the graph
// output), it becomes an affine layer of its own on the digital units (AffineLayer), which a
// following ReLU or Clip folds into.
import { OhmflowError } from '../errors.js';
import { attrFloat, nodeField, REEXPORT, type OnnxNode } from './graph.js';
import type { Affine, Act, Converter } from './converter.js';
import type { AffineDraft, ConvDraft, DenseDraft } from './drafts.js';

/** The BN's a and s, one per channel, checked against `channels`. */
function affineOf(c: Converter, node: OnnxNode, channels: number): Affine {
  if (node.outputs.slice(1).some((o) => o)) throw new OhmflowError('training-mode outputs are not supported', { field: nodeField(node), fix: 'export the model in eval mode (model.eval())' });
  const [gamma, beta, mean, variance] = [1, 2, 3, 4].map((i) => c.constant(node, i)!.values);
  if ([gamma, beta, mean, variance].some((t) => t.length !== channels)) {
    throw new OhmflowError(`scale, B, mean and var must hold ${channels} values (one per channel)`, { field: nodeField(node), fix: REEXPORT });
  }
  const epsilon = attrFloat(node, 'epsilon', 1e-5);
  const scale = Float64Array.from(gamma, (g, i) => g / Math.sqrt(variance[i] + epsilon));
  if (scale.some((f) => !Number.isFinite(f))) throw new OhmflowError('var + epsilon must be positive', { field: nodeField(node), fix: REEXPORT });
  return { from: nodeField(node), node: node.name, scale, shift: Float64Array.from(beta, (b, i) => b - mean[i] * scale[i]) };
}

/** Folds the BN into the output side of `layer` (it reads the layer's float output and nothing else does). */
function foldAfter(layer: ConvDraft | DenseDraft, a: Affine): void {
  const channels = layer.kind === 'conv2d' ? layer.outChannels : layer.outFeatures;
  const perChannel = layer.weights.real.length / channels;
  layer.weights = { real: Float64Array.from(layer.weights.real, (w, i) => w * a.scale[Math.floor(i / perChannel)]) };
  layer.bias = { real: Float64Array.from(layer.bias.real, (b, i) => b * a.scale[i] + a.shift[i]) };
  delete layer.hasBias;
  if (layer.kind === 'conv2d') layer.foldedBatchNorm = true;
}

/**
 * Converts a BatchNormalization: folded into the float Conv/Gemm right before it when it alone
 * reads that layer's output, else left pending for the next Conv/Gemm (foldBefore).
 */
export function convertBatchNorm(c: Converter, node: OnnxNode, fusesIntoProducer: boolean): void {
  const x = c.act(node, 0);
  const producer = c.drafts.get(x.layer)!;
  const shape = c.shapeOf(x.layer);
  if (fusesIntoProducer && (producer.kind === 'conv2d' || producer.kind === 'dense') && !producer.relu && !producer.clip && !producer.weights.int8 && !producer.bias.int32) {
    foldAfter(producer, affineOf(c, node, producer.kind === 'conv2d' ? producer.outChannels : producer.outFeatures));
    c.setOutput(node, x);
    return;
  }
  if (x.int8) throw new OhmflowError('BatchNormalization of an int8 tensor is not supported', { field: nodeField(node), fix: 'dequantize first, or fold the BatchNorm into the layer before export' });
  c.setOutput(node, { ...x, fusion: 'none', affine: affineOf(c, node, shape[0]) });
  c.otherTensors.add(node.outputs[0]);
}

/** A pending affine over [C, H, W] as one over its flattening (each channel's values repeat H x W times). */
export function flattenAffine(a: Affine, shape: readonly number[]): Affine {
  const plane = shape.length === 3 ? shape[1] * shape[2] : 1;
  const spread = (v: Float64Array) => Float64Array.from({ length: v.length * plane }, (_, i) => v[Math.floor(i / plane)]);
  return { from: a.from, node: a.node, scale: spread(a.scale), shift: spread(a.shift) };
}

/**
 * The pending BN on ONNX value `value` as an affine layer reading its input; the value then names
 * the layer's output, so every later reader shares it. `reader` names the node that needs it.
 */
export function materializeAffine(c: Converter, value: string, x: Act, reader: string): Act {
  const a = x.affine!;
  const shape = c.shapeOf(x.layer);
  if (shape.length !== 3) {
    throw new OhmflowError(`reads the output of ${a.from} through a Flatten, and only a Gemm or MatMul can fold it there`, {
      field: reader,
      fix: 'apply the BatchNorm before the Flatten, or feed the flattened tensor to a Linear layer',
    });
  }
  const draft: AffineDraft = {
    kind: 'affine', name: c.uniqueName(a.node || 'affine'), inputs: [x.layer], shape,
    weights: { real: Float64Array.from(a.scale) }, bias: { real: Float64Array.from(a.shift) }, relu: false,
  };
  c.add(draft);
  const act: Act = { kind: 'act', layer: draft.name, int8: false, fusion: c.uses.get(value) === 1 ? 'float' : 'none' };
  c.values.set(value, act);
  // The BN's output in the file is now this layer's float output: calibration may observe it.
  c.otherTensors.delete(value);
  return act;
}

/** Whether folding the pending BN into `layer`'s input side is exact (see the header). */
function foldsExactly(a: Affine, layer: ConvDraft | DenseDraft): boolean {
  if (layer.weights.int8 || layer.bias.int32) return false;
  const shifted = a.shift.some((s) => s !== 0);
  return !(layer.kind === 'conv2d' && shifted && layer.padding.some((p) => p > 0));
}

/**
 * `layer` (built on `x`, input #0 of `node`) with a pending BN on its input folded in where that is
 * exact, else reading the BN as an affine layer.
 */
export function foldOrMaterialize<T extends ConvDraft | DenseDraft>(c: Converter, node: OnnxNode, x: Act, layer: T): T {
  if (x.affine === undefined) return layer;
  if (foldsExactly(x.affine, layer)) {
    foldBefore(x, layer);
    return layer;
  }
  return { ...layer, inputs: [c.act(node, 0).layer] };
}

/** Folds a pending BN on the layer's input into its weights and bias (see the header; foldsExactly holds). */
function foldBefore(x: Act, layer: ConvDraft | DenseDraft): void {
  const a = x.affine!;
  const channels = layer.kind === 'conv2d' ? layer.outChannels : layer.outFeatures;
  const perOut = layer.weights.real.length / channels;
  const groups = layer.kind === 'conv2d' ? layer.groups : 1;
  // Taps per input channel: kh * kw for a conv, 1 for a dense layer.
  const taps = layer.kind === 'conv2d' ? layer.kernel[0] * layer.kernel[1] : 1;
  const inPerGroup = perOut / taps;
  const outPerGroup = channels / groups;
  const w = layer.weights.real;
  const weights = new Float64Array(w.length);
  const bias = Float64Array.from(layer.bias.real);
  for (let o = 0; o < channels; o++) {
    const firstIn = Math.floor(o / outPerGroup) * inPerGroup;
    for (let t = 0; t < perOut; t++) {
      const ic = firstIn + Math.floor(t / taps);
      weights[o * perOut + t] = w[o * perOut + t] * a.scale[ic];
      bias[o] += w[o * perOut + t] * a.shift[ic];
    }
  }
  layer.weights = { real: weights };
  layer.bias = { real: bias };
  delete layer.hasBias;
}
