// ONNX nodes -> draft layers. One pass over the (topologically sorted) nodes; float ops whose
// output is still unquantized absorb a following Relu, BatchNormalization, bias Add or
// QuantizeLinear, so float, QDQ and QLinear models all land in the same drafts.
import { OhmflowError } from '../errors.js';
import { kernelSpan } from '../ir/shapes.js';
import { attrFloat, attrInt, nodeField, REEXPORT, type OnnxGraph, type OnnxNode } from './graph.js';
import { DataType } from './proto.js';
import { dataTypeName } from './tensors.js';
import type { IrMetadata } from './metadata.js';
import { quantOwner, type BiasData, type ConvDraft, type DenseDraft, type Draft, type WeightData } from './drafts.js';
import { Converter, INT8_WEIGHTS_FIX, MAX_INPUT_ELEMENTS, UINT8_SHIFT, type Act, type Converted, type Fusion } from './converter.js';
import { biasData, checkInt32, int8Weights, transpose, weightData } from './weights.js';
import { opKey, rejectUnsupported } from './support.js';
import { convertConcat, convertQLinearConcat } from './concat.js';
import { convertMul, convertQLinearMul } from './mul.js';
import { convertGather, convertSlice, convertSplit, convertTranspose, reshapeChannels } from './channels.js';
import { dropFinalSoftmax } from './head.js';
import { convertQLinearSigmoid, convertSiluMul, convertTableActivation, passSiluBranch } from './table-act.js';
import { convertBatchNorm, flattenAffine, foldOrMaterialize, materializeAffine } from './batchnorm.js';
import { reduceMeanToPool } from './reduce.js';
import { averagePoolPadding, convertPad, convPadding } from './pad.js';

function convDraft(
  c: Converter,
  node: OnnxNode,
  x: { layer: string },
  dims: readonly number[],
  groups: number,
  weights: WeightData,
  bias: BiasData,
): ConvDraft {
  const input = c.shapeOf(x.layer);
  if (dims.length !== 4) throw new OhmflowError(`weights must be 4-D [O, C/group, kh, kw], got [${dims.join(', ')}]`, { field: nodeField(node), fix: 'only 2-D convolutions are supported: use Conv2d layers on NCHW inputs' });
  const own = c.windowAttrs(node, [dims[2], dims[3]]);
  const w = { ...own, padding: convPadding(c, node, own.padding) };
  if (w.kernel[0] !== dims[2] || w.kernel[1] !== dims[3]) throw new OhmflowError('kernel_shape differs from the weight shape', { field: nodeField(node), fix: REEXPORT });
  if (!(groups >= 1) || input.length !== 3 || input[0] !== dims[1] * groups || dims[0] % groups !== 0) {
    throw new OhmflowError(`weights [${dims.join(', ')}] with group ${groups} do not fit the input [1, ${input.join(', ')}]`, { field: nodeField(node), fix: 'check the model\'s input size and the Conv\'s in_channels and groups' });
  }
  const dilation = c.dilations(node);
  const span = [kernelSpan(w.kernel[0], dilation[0]), kernelSpan(w.kernel[1], dilation[1])];
  return {
    kind: 'conv2d', name: c.uniqueName(node.name), inputs: [x.layer], shape: c.window(node, input, span, w.stride, w.padding, dims[0]),
    outChannels: dims[0], ...w, ...(dilation[0] !== 1 || dilation[1] !== 1 ? { dilation } : {}), groups, weights, bias, relu: false,
  };
}

function denseDraft(
  c: Converter,
  node: OnnxNode,
  x: { layer: string },
  outFeatures: number,
  inFeatures: number,
  weights: WeightData,
  bias: BiasData,
): DenseDraft {
  const input = c.shapeOf(x.layer);
  if (input.length !== 1 || input[0] !== inFeatures) {
    throw new OhmflowError(`weights of ${inFeatures} inputs do not fit the input [1, ${input.join(', ')}]`, { field: nodeField(node), fix: 'flatten the input to [N, features] first' });
  }
  return { kind: 'dense', name: c.uniqueName(node.name), inputs: [x.layer], shape: [outFeatures], outFeatures, weights, bias, relu: false };
}

function emit(c: Converter, node: OnnxNode, draft: Draft, int8: boolean): void {
  c.add(draft);
  const computes = draft.kind === 'conv2d' || draft.kind === 'dense' || draft.kind === 'add';
  const fusion: Fusion = !computes ? 'none' : int8 ? 'int8' : draft.quant === undefined ? 'float' : 'none';
  c.setOutput(node, { kind: 'act', layer: draft.name, int8, fusion });
}

/** Whether input `index` of `node` can be folded into its producer: read by this node only, with the given fusion. */
function canFuse(c: Converter, node: OnnxNode, index: number, fusions: readonly Fusion[] = ['float']): boolean {
  const v = c.values.get(node.inputs[index]);
  return v?.kind === 'act' && fusions.includes(v.fusion) && c.uses.get(node.inputs[index]) === 1;
}

function relu(c: Converter, node: OnnxNode, x: { layer: string; int8: boolean }): void {
  const producer = c.drafts.get(x.layer)!;
  // ReLU after requantization is a clamp at the zero point: it folds into a QLinear op's output too.
  if (!c.separateRelu.has(node.name) && canFuse(c, node, 0, ['float', 'int8']) && (producer.kind === 'conv2d' || producer.kind === 'dense' || producer.kind === 'add' || producer.kind === 'affine') && !producer.relu && (producer.clip?.max ?? 0) >= 0) {
    producer.relu = true;
    c.setOutput(node, c.values.get(node.inputs[0])!);
    return;
  }
  emit(c, node, { kind: 'relu', name: c.uniqueName(node.name), inputs: [x.layer], shape: c.shapeOf(x.layer) }, x.int8);
}

/** Clip's bounds: inputs 1 and 2 (opset 11+) or attributes min and max (opset 6); undefined when absent. */
function clipBounds(c: Converter, node: OnnxNode): { lo: number | undefined; hi: number | undefined } {
  const bound = (index: number, attr: string): number | undefined => {
    if (node.attributes.has(attr)) return attrFloat(node, attr, 0);
    const t = c.constant(node, index, false);
    if (t === undefined) return undefined;
    if (t.values.length !== 1) throw new OhmflowError(`input #${index} must be a scalar`, { field: nodeField(node), fix: 'clip with one min and one max for the whole tensor' });
    // A Clip on a uint8 tensor has uint8 bounds: shifted as the tensor is.
    return t.dataType === DataType.UINT8 ? t.values[0] - UINT8_SHIFT : t.values[0];
  };
  const lo = bound(1, 'min');
  const hi = bound(2, 'max');
  if (lo !== undefined && hi !== undefined && !(lo <= hi)) throw new OhmflowError(`min ${lo} exceeds max ${hi}`, { field: nodeField(node), fix: 'give Clip a min no larger than its max' });
  return { lo, hi };
}

/**
 * Clip: with min 0 (the zero point on int8) and no max, a ReLU; otherwise (ReLU6, Hardtanh) a clamp
 * folded into the requantization of the Conv, Gemm/MatMul or Add right before it (OutputClamp).
 */
function clip(c: Converter, node: OnnxNode, x: Act): void {
  const { lo, hi } = clipBounds(c, node);
  // On int8 the ReLU floor is the zero point; an int8 graph input learns it from a later consumer.
  const open = x.int8 && quantOwner(c.drafts, x.layer).quant === undefined;
  const quant = x.int8 && !open ? quantOwner(c.drafts, x.layer).quant! : undefined;
  const floor = !x.int8 ? 0 : open ? lo : quant!.zeroPoint;
  // An int8 max of 127 clips nothing: ONNX Runtime's quantizer writes ReLUs that way.
  if (lo !== undefined && lo === floor && (hi === undefined || (x.int8 && hi === 127))) {
    if (open) c.pendingRelus.push({ node, layer: x.layer, floor: lo });
    relu(c, node, x);
    return;
  }
  const producer = c.drafts.get(x.layer)!;
  const fusions: Fusion[] = x.int8 ? ['int8'] : ['float'];
  if (!canFuse(c, node, 0, fusions) || (producer.kind !== 'conv2d' && producer.kind !== 'dense' && producer.kind !== 'add' && producer.kind !== 'affine') || producer.clip !== undefined) {
    throw new OhmflowError('a Clip other than a ReLU (min 0, no max) is supported only right after a Conv, Gemm, MatMul or Add', {
      field: nodeField(node),
      fix: 'put the Clip (ReLU6, Hardtanh) right after the Conv, Linear or residual add it clips, with nothing in between but a BatchNorm',
    });
  }
  // Bounds are kept as real values until calibration fixes the output quantization (finalize.ts).
  const real = (v: number | undefined, none: number): number => (v === undefined ? none : quant ? quant.scale * (v - quant.zeroPoint) : v);
  const bounds = { min: real(lo, -Infinity), max: real(hi, Infinity) };
  if (producer.relu && bounds.max < 0) {
    throw new OhmflowError(`a ReLU followed by a Clip with max ${hi} below 0 outputs a constant`, { field: nodeField(node), fix: 'remove the ReLU or the Clip' });
  }
  producer.clip = bounds;
  c.setOutput(node, c.values.get(node.inputs[0])!);
}

function convertNode(c: Converter, node: OnnxNode): void {
  if (c.folded.has(node)) {
    c.fold(node);
    return;
  }
  if (c.siluMuls.has(node)) {
    convertSiluMul(c, node);
    return;
  }
  if (c.siluBranch.has(node)) {
    passSiluBranch(c, node);
    return;
  }
  const op = opKey(node);
  const ms = node.domain === 'com.microsoft';
  switch (op) {
    case 'Identity':
      c.setOutput(node, c.value(node, 0)!);
      return;
    case 'Pad':
      convertPad(c, node);
      return;
    case 'Conv': {
      const x = c.act(node, 0, true);
      const wv = c.value(node, 1)!;
      if (wv.kind === 'act') throw new OhmflowError('weights must be a constant', { field: nodeField(node), fix: 'export with constant weights (torch.onnx.export(..., do_constant_folding=True)); weights computed at run time are not supported' });
      const dims = wv.tensor.dims;
      const weights = weightData(c, node, 1, dims[0] ?? 0);
      const draft = convDraft(c, node, x, dims, attrInt(node, 'group', 1), weights, biasData(c, node, 2, dims[0] ?? 0));
      if (!node.inputs[2]) draft.hasBias = false;
      emit(c, node, foldOrMaterialize(c, node, x, draft), false);
      return;
    }
    case 'Gemm':
    case 'MatMul': {
      const x = c.act(node, 0, true);
      const wv = c.value(node, 1)!;
      if (wv.kind === 'act') throw new OhmflowError('the second input must be constant weights', { field: nodeField(node), fix: 'only products with constant weights (nn.Linear) are supported; products of two activations (attention) are not' });
      if (attrInt(node, 'transA', 0) !== 0 || attrFloat(node, 'alpha', 1) !== 1 || attrFloat(node, 'beta', 1) !== 1) {
        throw new OhmflowError('only transA = 0, alpha = 1 and beta = 1 are supported', { field: nodeField(node), fix: 'use nn.Linear layers (PyTorch exports them as Gemm with alpha = beta = 1) or fold the factors into the weights' });
      }
      const dims = wv.tensor.dims;
      if (dims.length !== 2) throw new OhmflowError(`weights must be 2-D, got [${dims.join(', ')}]`, { field: nodeField(node), fix: 'only [N, features] x [features, outputs] products are supported: flatten the input first' });
      const transB = op === 'Gemm' && attrInt(node, 'transB', 0) === 1;
      const [outF, inF] = transB ? [dims[0], dims[1]] : [dims[1], dims[0]];
      if (!transB && wv.kind === 'dqconst' && wv.scales.length > 1) {
        throw new OhmflowError('per-column scales of untransposed weights are not supported', { field: nodeField(node), fix: 'quantize the weights per tensor, or store them transposed (Gemm transB = 1)' });
      }
      let weights = weightData(c, node, 1, outF);
      if (!transB) {
        const real = transpose(weights.real, inF, outF);
        weights = weights.int8 ? { real, int8: { q: Int8Array.from(transpose(weights.int8.q, inF, outF)), quant: weights.int8.quant } } : { real };
      }
      const bias = op === 'Gemm' ? biasData(c, node, 2, outF) : { real: new Float64Array(outF) };
      const draft = denseDraft(c, node, x, outF, inF, weights, bias);
      if (!(op === 'Gemm' && node.inputs[2])) draft.hasBias = false;
      emit(c, node, foldOrMaterialize(c, node, x, draft), false);
      return;
    }
    case 'Add': {
      const a = c.value(node, 0)!;
      const b = c.value(node, 1)!;
      if (a.kind === 'act' && b.kind === 'act') {
        [0, 1].forEach((i) => c.act(node, i));
        const shape = c.shapeOf(a.layer);
        const other = c.shapeOf(b.layer);
        if (shape.length !== other.length || shape.some((d, i) => d !== other[i])) {
          throw new OhmflowError(`shape mismatch: [${shape.join(', ')}] + [${other.join(', ')}]`, { field: nodeField(node), fix: 'broadcasting adds are not supported' });
        }
        emit(c, node, { kind: 'add', name: c.uniqueName(node.name), inputs: [a.layer, b.layer], shape, relu: false }, false);
        return;
      }
      // Activation + constant: the bias of a preceding MatMul or Conv.
      const [actIndex, cst] = a.kind === 'act' ? [0, b] : [1, a];
      const act = c.act(node, actIndex);
      const producer = c.drafts.get(act.layer)!;
      if (!canFuse(c, node, actIndex) || (producer.kind !== 'dense' && producer.kind !== 'conv2d') || producer.relu || producer.clip || cst.kind !== 'const') {
        throw new OhmflowError('adding a constant is supported only as the bias of the MatMul, Gemm or Conv right before it', { field: nodeField(node), fix: 'fold the constant into the bias of the layer before it, or remove it' });
      }
      const channels = producer.kind === 'dense' ? producer.outFeatures : producer.outChannels;
      if (cst.tensor.values.length !== channels || producer.bias.int32) {
        throw new OhmflowError(`the bias must hold ${channels} values (one per output channel)`, { field: nodeField(node), fix: 'broadcasting adds are not supported: give the bias one value per output channel' });
      }
      producer.bias = { real: Float64Array.from(producer.bias.real, (r, i) => r + cst.tensor.values[i]) };
      delete producer.hasBias;
      c.setOutput(node, act);
      return;
    }
    case 'Relu':
      relu(c, node, c.act(node, 0));
      return;
    case 'Concat':
      convertConcat(c, node);
      return;
    case 'Mul':
      convertMul(c, node);
      return;
    case 'com.microsoft:QLinearMul':
      convertQLinearMul(c, node);
      return;
    case 'com.microsoft:QLinearConcat':
      convertQLinearConcat(c, node);
      return;
    case 'Clip':
      clip(c, node, c.act(node, 0));
      return;
    case 'MaxPool': {
      const x = c.act(node, 0);
      if (node.outputs.length > 1 && node.outputs[1]) throw new OhmflowError('the Indices output is not supported', { field: nodeField(node), fix: 'use MaxPool2d without return_indices' });
      if (attrInt(node, 'storage_order', 0) !== 0) throw new OhmflowError('storage_order 1 is not supported', { field: nodeField(node), fix: 'export the pool with the default storage_order 0' });
      const w = c.windowAttrs(node);
      const ceilMode = c.ceilMode(node);
      const shape = c.window(node, c.shapeOf(x.layer), w.kernel, w.stride, w.padding, c.shapeOf(x.layer)[0], ceilMode);
      emit(c, node, { kind: 'maxpool', name: c.uniqueName(node.name), inputs: [x.layer], shape, ...w, ceilMode }, x.int8);
      return;
    }
    case 'AveragePool':
    case 'com.microsoft:QLinearAveragePool': {
      const x = c.act(node, 0);
      const w = c.windowAttrs(node);
      const ceilMode = c.ceilMode(node);
      const { padding, countIncludePad } = averagePoolPadding(c, node, w, ceilMode);
      const shape = c.window(node, c.shapeOf(x.layer), w.kernel, w.stride, padding, c.shapeOf(x.layer)[0], ceilMode);
      const draft: Draft = { kind: 'avgpool', name: c.uniqueName(node.name), inputs: [x.layer], shape, ...w, padding, ceilMode, countIncludePad };
      if (ms) {
        c.bindQuant(node, x.layer, c.tensorQuant(node, 1, 2));
        draft.quant = c.tensorQuant(node, 3, 4);
      }
      emit(c, node, draft, ms);
      return;
    }
    case 'GlobalAveragePool':
    case 'com.microsoft:QLinearGlobalAveragePool': {
      const x = c.act(node, 0);
      const input = c.shapeOf(x.layer);
      if (input.length !== 3) throw new OhmflowError(`needs a [N, C, H, W] input, got [1, ${input.join(', ')}]`, { field: nodeField(node), fix: 'pool a feature map, before any flattening' });
      if (ms && attrInt(node, 'channels_last', 0) !== 0) throw new OhmflowError('channels_last 1 is not supported', { field: nodeField(node), fix: 'quantize with channels_last 0 (NCHW)' });
      const draft: Draft = { kind: 'globalavgpool', name: c.uniqueName(node.name), inputs: [x.layer], shape: [input[0], 1, 1] };
      if (ms) {
        c.bindQuant(node, x.layer, c.tensorQuant(node, 1, 2));
        draft.quant = c.tensorQuant(node, 3, 4);
      }
      emit(c, node, draft, ms);
      return;
    }
    case 'ReduceMean':
      emit(c, node, reduceMeanToPool(c, node), false);
      return;
    case 'Sigmoid':
    case 'HardSigmoid':
    case 'HardSwish':
      convertTableActivation(c, node);
      return;
    case 'com.microsoft:QLinearSigmoid':
      convertQLinearSigmoid(c, node);
      return;
    case 'Softmax':
    case 'LogSoftmax':
      dropFinalSoftmax(c, node);
      return;
    case 'Transpose':
      convertTranspose(c, node);
      return;
    case 'Slice':
      convertSlice(c, node);
      return;
    case 'Split':
      convertSplit(c, node);
      return;
    case 'Gather':
      convertGather(c, node);
      return;
    case 'Flatten':
    case 'Reshape': {
      if (op === 'Reshape' && reshapeChannels(c, node, Array.from(c.constant(node, 1)!.values))) return;
      const x = c.act(node, 0, true);
      const input = c.shapeOf(x.layer);
      const size = input.reduce((p, d) => p * d, 1);
      if (op === 'Flatten' && attrInt(node, 'axis', 1) !== 1) throw new OhmflowError('only Flatten with axis 1 is supported', { field: nodeField(node), fix: 'flatten to [N, features]: torch.flatten(x, 1)' });
      if (op === 'Reshape') {
        const target = c.constant(node, 1)!.values;
        // [batch, features] with batch written as 1, 0 (copy) or -1 (infer), and features as -1 or the size.
        const ok = target.length === 2
          && (target[0] === 1 || target[0] === 0 || (target[0] === -1 && target[1] === size))
          && (target[1] === -1 || target[1] === size);
        if (!ok) throw new OhmflowError(`only reshapes that flatten to [N, ${size}] are supported, got [${Array.from(target).join(', ')}]`, { field: nodeField(node), fix: 'only flattening reshapes are supported: use torch.flatten(x, 1) or x.view(x.size(0), -1)' });
      }
      emit(c, node, { kind: 'flatten', name: c.uniqueName(node.name), inputs: [x.layer], shape: [size] }, x.int8);
      if (x.affine) {
        c.setOutput(node, { ...(c.values.get(node.outputs[0]) as Act), affine: flattenAffine(x.affine, input) });
        c.otherTensors.add(node.outputs[0]);
      }
      return;
    }
    case 'BatchNormalization':
      convertBatchNorm(c, node, canFuse(c, node, 0));
      return;
    case 'QuantizeLinear': {
      const x = c.act(node, 0);
      if (attrInt(node, 'axis', 1) !== 1 && c.constant(node, 1)!.values.length > 1) throw new OhmflowError('per-axis activation quantization is not supported', { field: nodeField(node), fix: 'quantize activations per tensor (one scale and zero point)' });
      const quant = c.tensorQuant(node, 1, 2);
      if (x.int8) throw new OhmflowError('input is already quantized', { field: nodeField(node), fix: 'remove the second QuantizeLinear (requantizing an int8 tensor is not supported)' });
      c.bindQuant(node, x.layer, quant);
      c.setOutput(node, { kind: 'act', layer: x.layer, int8: true, fusion: 'none' });
      return;
    }
    case 'DequantizeLinear': {
      const v = c.value(node, 0)!;
      if (v.kind === 'act') {
        if (!v.int8) throw new OhmflowError('input is not quantized', { field: nodeField(node), fix: 'dequantize only int8 tensors (a QuantizeLinear output)' });
        c.bindQuant(node, v.layer, c.tensorQuant(node, 1, 2));
        c.setOutput(node, { kind: 'act', layer: v.layer, int8: false, fusion: 'none' });
        return;
      }
      if (v.kind !== 'const') throw new OhmflowError('dequantizing twice is not supported', { field: nodeField(node), fix: 'dequantize each constant once' });
      const s = c.constant(node, 1)!;
      const axis = attrInt(node, 'axis', 1);
      const channels = s.values.length;
      if (channels > 1 && (axis !== 0 || v.tensor.dims[0] !== channels)) {
        throw new OhmflowError('per-axis scales are supported on axis 0 (output channels) only', { field: nodeField(node), fix: 'quantize weights per output channel (axis 0) or per tensor' });
      }
      if (s.values.some((x) => !(x > 0) || !Number.isFinite(x))) throw new OhmflowError('scales must be positive and finite', { field: nodeField(node), fix: REEXPORT });
      const z = c.constant(node, 2, false);
      // int32 biases have no zero point input in QDQ models (it is zero).
      const zeroPoints = v.tensor.dataType === DataType.INT32 && z === undefined ? new Array<number>(channels).fill(0) : c.zeroPoints(node, 2, z, channels);
      c.setOutput(node, { kind: 'dqconst', tensor: v.tensor, scales: Array.from(s.values), zeroPoints });
      return;
    }
    case 'QLinearConv': {
      const x = c.act(node, 0);
      const xq = c.tensorQuant(node, 1, 2);
      const w = c.constant(node, 3)!;
      if (w.dataType !== DataType.INT8) throw new OhmflowError(`weights must be int8, not ${dataTypeName(w.dataType)}`, { field: nodeField(node), fix: INT8_WEIGHTS_FIX });
      const out = w.dims[0] ?? 0;
      const wq = c.weightQuant(node, 4, 5, out);
      const b = c.constant(node, 8, false);
      const int32 = b === undefined ? new Int32Array(out) : checkInt32(node, b, out);
      const weights = int8Weights(Int8Array.from(w.values), wq, out);
      const bias: BiasData = { int32, real: Float64Array.from(int32, (v, i) => v * xq.scale * wq.scales[wq.scales.length === 1 ? 0 : i]) };
      c.bindQuant(node, x.layer, xq);
      const draft = convDraft(c, node, x, w.dims, attrInt(node, 'group', 1), weights, bias);
      draft.quant = c.tensorQuant(node, 6, 7);
      if (b === undefined) draft.hasBias = false;
      emit(c, node, draft, true);
      return;
    }
    case 'QLinearMatMul':
    case 'com.microsoft:QGemm': {
      const x = c.act(node, 0);
      const xq = c.tensorQuant(node, 1, 2);
      const w = c.constant(node, 3)!;
      if (w.dataType !== DataType.INT8 || w.dims.length !== 2) throw new OhmflowError('weights must be a 2-D int8 constant', { field: nodeField(node), fix: `a constant [K, N] matrix: ${INT8_WEIGHTS_FIX}` });
      const gemm = op === 'com.microsoft:QGemm';
      if (gemm && (attrInt(node, 'transA', 0) !== 0 || attrFloat(node, 'alpha', 1) !== 1)) throw new OhmflowError('only transA = 0 and alpha = 1 are supported', { field: nodeField(node), fix: 'fold alpha into the weights and keep A untransposed' });
      const transB = gemm && attrInt(node, 'transB', 0) === 1;
      const [outF, inF] = transB ? [w.dims[0], w.dims[1]] : [w.dims[1], w.dims[0]];
      const wq = c.weightQuant(node, 4, 5, outF);
      const q = Int8Array.from(transB ? w.values : transpose(w.values, inF, outF));
      const b = gemm ? c.constant(node, 6, false) : undefined;
      const int32 = b === undefined ? new Int32Array(outF) : checkInt32(node, b, outF);
      if (gemm && !node.inputs[7]) throw new OhmflowError('QGemm with a float output is not supported', { field: nodeField(node), fix: 'give the QGemm an output scale and zero point (int8 output)' });
      const yq = gemm ? c.tensorQuant(node, 7, 8) : c.tensorQuant(node, 6, 7);
      c.bindQuant(node, x.layer, xq);
      const bias: BiasData = { int32, real: Float64Array.from(int32, (v, i) => v * xq.scale * wq.scales[wq.scales.length === 1 ? 0 : i]) };
      const draft = denseDraft(c, node, x, outF, inF, int8Weights(q, wq, outF), bias);
      draft.quant = yq;
      if (b === undefined) draft.hasBias = false;
      emit(c, node, draft, true);
      return;
    }
    case 'com.microsoft:QLinearAdd': {
      const a = c.act(node, 0);
      const b = c.act(node, 3);
      c.bindQuant(node, a.layer, c.tensorQuant(node, 1, 2));
      c.bindQuant(node, b.layer, c.tensorQuant(node, 4, 5));
      const shape = c.shapeOf(a.layer);
      const other = c.shapeOf(b.layer);
      if (shape.length !== other.length || shape.some((d, i) => d !== other[i])) {
        throw new OhmflowError(`shape mismatch: [${shape.join(', ')}] + [${other.join(', ')}]`, { field: nodeField(node), fix: 'broadcasting adds are not supported: add tensors of the same shape' });
      }
      emit(c, node, { kind: 'add', name: c.uniqueName(node.name), inputs: [a.layer, b.layer], shape, relu: false, quant: c.tensorQuant(node, 6, 7) }, true);
      return;
    }
    default:
      unsupported(node);
  }
}

function checkPendingRelus(c: Converter): void {
  for (const { node, layer, floor } of c.pendingRelus) {
    const owner = quantOwner(c.drafts, layer);
    if (owner.quant === undefined) owner.quant = { scale: 1, zeroPoint: floor };
    else if (owner.quant.zeroPoint !== floor) {
      throw new OhmflowError(`clips at ${floor}, but the zero point of its input is ${owner.quant.zeroPoint}`, { field: nodeField(node), fix: 'only Clip as ReLU (min = zero point) is supported' });
    }
  }
}

/** rejectUnsupported (support.ts) lists these before conversion; reaching here is a bug. */
function unsupported(node: OnnxNode): never {
  throw new Error(`${nodeField(node)}: ${opKey(node)} passed the supported-op check but has no converter`);
}

/** The graph input as an input draft: [N, C, H, W] or [N, F] with N = 1. */
function inputDraft(graph: OnnxGraph): { draft: Draft; int8: boolean } {
  const { name, elemType, dims } = graph.input;
  const field = `graph input "${name}"`;
  if (elemType !== DataType.FLOAT && elemType !== DataType.INT8 && elemType !== DataType.UINT8) {
    throw new OhmflowError(`input type ${dataTypeName(elemType)} is not supported`, { field, fix: 'use a float, int8 or uint8 input' });
  }
  if ((dims.length !== 4 && dims.length !== 2) || dims.slice(1).some((d) => d === undefined) || (dims[0] !== undefined && dims[0] !== 1)) {
    throw new OhmflowError(`input shape [${dims.map((d) => d ?? '?').join(', ')}] is not [N, C, H, W] or [N, F] with static C, H, W, F`, { field, fix: 'export the model with a fixed input size' });
  }
  const shape = dims.slice(1) as number[];
  if (shape.reduce((p, d) => p * d, 1) > MAX_INPUT_ELEMENTS) throw new OhmflowError(`input shape [${shape.join(', ')}] exceeds ${MAX_INPUT_ELEMENTS} elements`, { field, fix: 'export the model with a smaller input size' });
  // A uint8 input is int8 shifted by UINT8_SHIFT (its zero point comes shifted from its reader).
  return { draft: { kind: 'input', name, inputs: [], shape }, int8: elemType !== DataType.FLOAT };
}

/**
 * Converts every node; errors name the node (`source`, the file, when they concern the whole graph).
 * `metadata` carries IR facts an ohmflow export stored.
 */
export function convertGraph(graph: OnnxGraph, metadata: IrMetadata = { foldedBatchNorm: [], noBias: [], separateRelu: [] }, source = graph.name || 'onnx'): Converted {
  rejectUnsupported(graph, source);
  const c = new Converter(graph, new Set(metadata.separateRelu));
  const { draft, int8 } = inputDraft(graph);
  c.add(draft);
  c.values.set(draft.name, { kind: 'act', layer: draft.name, int8, fusion: 'none' });
  for (const node of graph.nodes) convertNode(c, node);
  for (const name of metadata.foldedBatchNorm) {
    const d = c.drafts.get(name);
    if (d?.kind === 'conv2d') d.foldedBatchNorm = true;
  }
  for (const name of metadata.affine ?? []) {
    const d = c.drafts.get(name);
    // An exported affine layer: a depthwise 1x1 QLinearConv (export.ts); anything else stays a conv.
    if (d?.kind === 'conv2d' && d.groups === d.outChannels && d.kernel.every((k) => k === 1) && d.stride.every((s) => s === 1) && d.padding.every((p) => p === 0)) {
      c.drafts.set(name, { kind: 'affine', name, inputs: d.inputs, shape: d.shape, weights: d.weights, bias: d.bias, relu: d.relu, ...(d.clip ? { clip: d.clip } : {}), ...(d.quant ? { quant: d.quant } : {}) });
    }
  }
  for (const name of metadata.noBias) {
    const d = c.drafts.get(name);
    if (d?.kind === 'conv2d' || d?.kind === 'dense') d.hasBias = false;
  }
  if (draft.quant === undefined && metadata.inputQuant && int8) draft.quant = metadata.inputQuant;
  checkPendingRelus(c);
  let out = c.values.get(graph.output);
  if (out?.kind !== 'act') throw new OhmflowError(`graph output "${graph.output}" is not computed from the input`, { field: source, fix: 'the graph output must depend on the graph input' });
  if (out.affine) out = materializeAffine(c, graph.output, out, `graph output "${graph.output}"`);
  return { drafts: c.drafts, order: c.order, output: out.layer, tensors: floatTensors(c), ...(c.droppedHead ? { droppedHead: c.droppedHead } : {}) };
}

/** Converted.tensors: values are set once each in node order, so a later value of a layer is further down its folds. */
function floatTensors(c: Converter): Map<string, string> {
  const tensors = new Map<string, string>();
  for (const [name, v] of c.values) {
    if (v.kind === 'act' && !v.int8 && !c.otherTensors.has(name)) tensors.set(v.layer, name);
  }
  for (const [layer, name] of c.extraTensors) if (!tensors.has(layer)) tensors.set(layer, name);
  return tensors;
}
