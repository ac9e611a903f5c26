// Export of an IR network to a quantized ONNX model (int8 in, int8 out): QLinearConv, QGemm,
// QLinearAdd, QLinearMul, QLinearConcat, QLinearAveragePool, QLinearGlobalAveragePool, MaxPool, Clip (ReLU and
// fused clips), Gather (channel gathers) and Flatten on int8. An affine layer is a depthwise 1x1 QLinearConv, whose
// arithmetic it shares (the metadata marks it so that import gives the affine layer back).
// ONNX Runtime computes it bit for bit like the reference for the zoo's scales (power-of-two
// activation scales, 8-bit multipliers); on exact ties its add and pools round differently (see
// test/workloads/onnx/ort-crosscheck.test.ts). Each ONNX tensor is named after its IR layer.
import { OhmflowError } from '../errors.js';
import { writeFileAtomic } from '../atomicFile.js';
import type { Layer, Network, OutputClamp, TensorQuant, WeightQuant } from '../ir/types.js';
import { outputRange } from '../ir/activation.js';
import { AttributeType, DataType, encodeModel, type AttributeProto, type NodeProto, type TensorProto, type ValueInfoProto } from './proto.js';
import { encodeTensor } from './tensors.js';
import { outputQuants } from './quant-of.js';
import { validateNetwork } from '../ir/validate.js';
import { networkMetadata } from './metadata.js';

/** Operator set versions written into exported models. */
const EXPORT_OPSET = 13;
const MS_DOMAIN = 'com.microsoft';

interface Emitter {
  readonly nodes: NodeProto[];
  readonly initializers: TensorProto[];
}

function intsAttr(name: string, ints: readonly number[]): AttributeProto {
  return { name, type: AttributeType.INTS, ints: [...ints] };
}

function intAttr(name: string, i: number): AttributeProto {
  return { name, type: AttributeType.INT, i };
}

/** ceil_mode = 1 for pools that round their output size up; floor pools keep the attribute out (its default). */
function ceilAttr(ceilMode: boolean | undefined): AttributeProto[] {
  return ceilMode ? [intAttr('ceil_mode', 1)] : [];
}

/** Adds a per-tensor scale and zero point as initializers and returns their names. */
function quantInputs(e: Emitter, prefix: string, quant: TensorQuant): [string, string] {
  e.initializers.push(encodeTensor(`${prefix}_scale`, DataType.FLOAT, [], [quant.scale]));
  e.initializers.push(encodeTensor(`${prefix}_zero_point`, DataType.INT8, [], [quant.zeroPoint]));
  return [`${prefix}_scale`, `${prefix}_zero_point`];
}

/** Per-tensor weight quantization is written as scalars, per-channel as 1-D tensors. */
function weightQuantInputs(e: Emitter, prefix: string, wq: WeightQuant): [string, string] {
  const dims = wq.scales.length === 1 ? [] : [wq.scales.length];
  e.initializers.push(encodeTensor(`${prefix}_scale`, DataType.FLOAT, dims, wq.scales));
  e.initializers.push(encodeTensor(`${prefix}_zero_point`, DataType.INT8, dims, wq.zeroPoints));
  return [`${prefix}_scale`, `${prefix}_zero_point`];
}

/**
 * ReLU on int8 is max(q, zeroPoint): Clip with an int8 lower bound is exact in ONNX Runtime, whereas
 * QLinearConv and friends have no fused activation.
 */
function emitRelu(e: Emitter, input: string, output: string, quant: TensorQuant, nodeName: string): void {
  e.initializers.push(encodeTensor(`${nodeName}.min`, DataType.INT8, [], [quant.zeroPoint]));
  e.nodes.push({ name: nodeName, opType: 'Clip', input: [input, `${nodeName}.min`], output: [output] });
}

/** A fused clip (with or without a ReLU) on int8 is Clip with both bounds, the layer's output range. */
function emitClamp(e: Emitter, input: string, output: string, quant: TensorQuant, relu: boolean, clamp: OutputClamp, nodeName: string): void {
  const { min, max } = outputRange(quant.zeroPoint, relu, clamp);
  e.initializers.push(encodeTensor(`${nodeName}.min`, DataType.INT8, [], [min]), encodeTensor(`${nodeName}.max`, DataType.INT8, [], [max]));
  e.nodes.push({ name: nodeName, opType: 'Clip', input: [input, `${nodeName}.min`, `${nodeName}.max`], output: [output] });
}

/** The fused activation of a conv, dense or add layer after its QLinear node, which wrote `${n}.pre_relu` or `${n}.pre_clip`. */
function emitActivation(e: Emitter, layer: Layer & { relu: boolean; clamp?: OutputClamp; outQuant: TensorQuant }): void {
  const n = layer.name;
  if (layer.clamp) emitClamp(e, `${n}.pre_clip`, n, layer.outQuant, layer.relu, layer.clamp, `${n}.clip`);
  else if (layer.relu) emitRelu(e, `${n}.pre_relu`, n, layer.outQuant, `${n}.relu`);
}

/** The int32 bias initializer's name, or undefined for a layer without bias (the input is then omitted). */
function biasInput(e: Emitter, n: string, bias: Int32Array, hasBias: boolean | undefined): string | undefined {
  if (hasBias === false && bias.every((b) => b === 0)) return undefined;
  e.initializers.push(encodeTensor(`${n}.bias`, DataType.INT32, [bias.length], bias));
  return `${n}.bias`;
}

function emitLayer(e: Emitter, layer: Layer, quants: Map<string, TensorQuant>): void {
  const n = layer.name;
  const inQuant = (i: number): TensorQuant => quants.get(layer.inputs[i])!;
  // A fused ReLU or clip writes the pre-activation tensor under a derived name and clips into the layer's name.
  const fusedOut = (l: { relu: boolean; clamp?: OutputClamp }): string => (l.clamp ? `${n}.pre_clip` : l.relu ? `${n}.pre_relu` : n);
  if ((layer.kind === 'conv2d' || layer.kind === 'dense') && layer.table) {
    // ONNX has no int8 table op that ONNX Runtime would compute bit-exactly as the table does.
    throw new OhmflowError(`a ${layer.table.fn} activation table does not export to ONNX`, { field: `layer ${n}`, fix: 'export the float model instead; ohmflow imports its activation again' });
  }
  switch (layer.kind) {
    case 'input':
      return;
    case 'conv2d': {
      const inChannelsPerGroup = layer.weights.length / (layer.outChannels * layer.kernel[0] * layer.kernel[1]);
      e.initializers.push(encodeTensor(`${n}.weight`, DataType.INT8, [layer.outChannels, inChannelsPerGroup, ...layer.kernel], layer.weights));
      const bias = biasInput(e, n, layer.bias, layer.hasBias);
      const [xs, xz] = quantInputs(e, `${n}.x`, inQuant(0));
      const [ws, wz] = weightQuantInputs(e, `${n}.weight`, layer.weightQuant);
      const [ys, yz] = quantInputs(e, `${n}.y`, layer.outQuant);
      e.nodes.push({
        name: n,
        opType: 'QLinearConv',
        input: [layer.inputs[0], xs, xz, `${n}.weight`, ws, wz, ys, yz, ...(bias ? [bias] : [])],
        output: [fusedOut(layer)],
        attribute: [
          intsAttr('kernel_shape', layer.kernel),
          intsAttr('strides', layer.stride),
          // ONNX pads are [top, left, bottom, right] for 2-D, the IR's order.
          intsAttr('pads', layer.padding),
          intsAttr('dilations', layer.dilation ?? [1, 1]),
          intAttr('group', layer.groups),
        ],
      });
      emitActivation(e, layer);
      return;
    }
    case 'dense': {
      const inFeatures = layer.weights.length / layer.outFeatures;
      // QGemm (com.microsoft) takes the int32 bias in accumulator units and per-column weight
      // scales, so it requantizes exactly like QLinearConv; QLinearMatMul has no bias input.
      e.initializers.push(encodeTensor(`${n}.weight`, DataType.INT8, [layer.outFeatures, inFeatures], layer.weights));
      const bias = biasInput(e, n, layer.bias, layer.hasBias);
      const [xs, xz] = quantInputs(e, `${n}.x`, inQuant(0));
      const [ws, wz] = weightQuantInputs(e, `${n}.weight`, layer.weightQuant);
      const [ys, yz] = quantInputs(e, `${n}.y`, layer.outQuant);
      e.nodes.push({
        name: n,
        opType: 'QGemm',
        domain: MS_DOMAIN,
        input: [layer.inputs[0], xs, xz, `${n}.weight`, ws, wz, bias ?? '', ys, yz],
        output: [fusedOut(layer)],
        attribute: [intAttr('transB', 1)],
      });
      emitActivation(e, layer);
      return;
    }
    case 'maxpool':
      e.nodes.push({
        name: n,
        opType: 'MaxPool',
        input: [layer.inputs[0]],
        output: [n],
        attribute: [intsAttr('kernel_shape', layer.kernel), intsAttr('strides', layer.stride), intsAttr('pads', layer.padding), ...ceilAttr(layer.ceilMode)],
      });
      return;
    case 'avgpool': {
      const [xs, xz] = quantInputs(e, `${n}.x`, inQuant(0));
      const [ys, yz] = quantInputs(e, `${n}.y`, layer.outQuant);
      e.nodes.push({
        name: n,
        opType: 'QLinearAveragePool',
        domain: MS_DOMAIN,
        input: [layer.inputs[0], xs, xz, ys, yz],
        output: [n],
        attribute: [
          intsAttr('kernel_shape', layer.kernel),
          intsAttr('strides', layer.stride),
          intsAttr('pads', layer.padding),
          intAttr('count_include_pad', layer.countIncludePad ? 1 : 0),
          ...ceilAttr(layer.ceilMode),
        ],
      });
      return;
    }
    case 'globalavgpool': {
      const [xs, xz] = quantInputs(e, `${n}.x`, inQuant(0));
      const [ys, yz] = quantInputs(e, `${n}.y`, layer.outQuant);
      // The IR keeps the pooled 1x1 spatial dims, as ONNX does.
      e.nodes.push({
        name: n,
        opType: 'QLinearGlobalAveragePool',
        domain: MS_DOMAIN,
        input: [layer.inputs[0], xs, xz, ys, yz],
        output: [n],
        attribute: [intAttr('channels_last', 0)],
      });
      return;
    }
    case 'add': {
      const [as, az] = quantInputs(e, `${n}.a`, inQuant(0));
      const [bs, bz] = quantInputs(e, `${n}.b`, inQuant(1));
      const [ys, yz] = quantInputs(e, `${n}.y`, layer.outQuant);
      e.nodes.push({
        name: n,
        opType: 'QLinearAdd',
        domain: MS_DOMAIN,
        input: [layer.inputs[0], as, az, layer.inputs[1], bs, bz, ys, yz],
        output: [fusedOut(layer)],
      });
      emitActivation(e, layer);
      return;
    }
    case 'concat': {
      // QLinearConcat: Y scale and zero point, then (X, X scale, X zero point) per input.
      const [ys, yz] = quantInputs(e, `${n}.y`, layer.outQuant);
      const triples = layer.inputs.flatMap((x, k) => [x, ...quantInputs(e, `${n}.x${k}`, inQuant(k))]);
      e.nodes.push({ name: n, opType: 'QLinearConcat', domain: MS_DOMAIN, input: [ys, yz, ...triples], output: [n], attribute: [intAttr('axis', 1)] });
      return;
    }
    case 'affine': {
      const channels = layer.weights.length;
      e.initializers.push(encodeTensor(`${n}.weight`, DataType.INT8, [channels, 1, 1, 1], layer.weights));
      e.initializers.push(encodeTensor(`${n}.bias`, DataType.INT32, [channels], layer.bias));
      const [xs, xz] = quantInputs(e, `${n}.x`, inQuant(0));
      const [ws, wz] = weightQuantInputs(e, `${n}.weight`, layer.weightQuant);
      const [ys, yz] = quantInputs(e, `${n}.y`, layer.outQuant);
      e.nodes.push({
        name: n,
        opType: 'QLinearConv',
        input: [layer.inputs[0], xs, xz, `${n}.weight`, ws, wz, ys, yz, `${n}.bias`],
        output: [fusedOut(layer)],
        attribute: [intsAttr('kernel_shape', [1, 1]), intAttr('group', channels)],
      });
      emitActivation(e, layer);
      return;
    }
    case 'channels':
      e.initializers.push(encodeTensor(`${n}.indices`, DataType.INT64, [layer.indices.length], layer.indices));
      e.nodes.push({ name: n, opType: 'Gather', input: [layer.inputs[0], `${n}.indices`], output: [n], attribute: [intAttr('axis', 1)] });
      return;
    case 'mul': {
      // QLinearMul broadcasts the [1, C, 1, 1] gate over H and W as numpy does.
      const [as, az] = quantInputs(e, `${n}.a`, inQuant(0));
      const [bs, bz] = quantInputs(e, `${n}.b`, inQuant(1));
      const [ys, yz] = quantInputs(e, `${n}.y`, layer.outQuant);
      e.nodes.push({ name: n, opType: 'QLinearMul', domain: MS_DOMAIN, input: [layer.inputs[0], as, az, layer.inputs[1], bs, bz, ys, yz], output: [n] });
      return;
    }
    case 'relu':
      emitRelu(e, layer.inputs[0], n, inQuant(0), n);
      return;
    case 'flatten':
      e.nodes.push({ name: n, opType: 'Flatten', input: [layer.inputs[0]], output: [n], attribute: [intAttr('axis', 1)] });
      return;
  }
}

function int8ValueInfo(name: string, shape: readonly number[]): ValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: DataType.INT8, shape: { dim: [1, ...shape].map((d) => ({ dimValue: d })) } } },
  };
}

/** Serializes a (validated) network as an ONNX model; invalid networks get the IR's errors. */
export function exportOnnx(net: Network): Uint8Array {
  const shapes = validateNetwork(net);
  const shapeOf = (name: string) => shapes.get(name)!;
  const quants = outputQuants(net);
  const e: Emitter = { nodes: [], initializers: [] };
  for (const layer of net.layers) emitLayer(e, layer, quants);
  const inputs = net.layers.filter((l) => l.kind === 'input');
  return encodeModel({
    irVersion: 8,
    producerName: 'ohmflow',
    metadataProps: [networkMetadata(net)],
    opsetImport: [{ domain: '', version: EXPORT_OPSET }, { domain: MS_DOMAIN, version: 1 }],
    graph: {
      name: net.name,
      node: e.nodes,
      initializer: e.initializers,
      input: inputs.map((l) => int8ValueInfo(l.name, shapeOf(l.name))),
      output: [int8ValueInfo(net.output, shapeOf(net.output))],
    },
  });
}

/** Writes the model next to its destination first and renames it, so a failed run leaves no partial file. */
export function writeOnnx(path: string, net: Network): void {
  writeFileAtomic(path, exportOnnx(net));
}
