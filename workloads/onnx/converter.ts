// Conversion state shared by the node handlers: what each ONNX value is (an activation, a constant
// or a dequantized constant), the drafts made so far, and checked readers for node inputs,
// quantization parameters and window attributes. Every error names the node.
import { OhmflowError } from '../errors.js';
import { windowOutputSize } from '../ir/shapes.js';
import type { Shape, TensorQuant, WeightQuant } from '../ir/types.js';
import { attrInt, attrInts, attrString, nodeField, REEXPORT, type OnnxGraph, type OnnxNode } from './graph.js';
import { DataType } from './proto.js';
import { dataTypeName, type DecodedTensor } from './tensors.js';
import { quantOwner, sameQuant, type Draft } from './drafts.js';
import { foldableNodes, foldNode } from './shape-fold.js';
import { siluBranchNodes, siluMuls, type Silu } from './table-act.js';
import { materializeAffine } from './batchnorm.js';
import type { ChannelView } from './channels.js';

/**
 * uint8 activations are int8 ones shifted: q8 = qu8 - 128 and zero point zu8 - 128 give the same
 * real values, products and requantized outputs (saturation at 0 and 255 becomes -128 and 127).
 */
export const UINT8_SHIFT = 128;

/** The fix for uint8 weights, which are not shifted (ohmflow's crossbars hold int8 weights). */
export const INT8_WEIGHTS_FIX = 'quantize the weights to int8 (onnxruntime quantize_static(..., weight_type=QuantType.QInt8)); activations may stay uint8';

/** Largest activation (one image) the importer accepts: bounds memory and calibration time on corrupt files. */
const MAX_ACTIVATION_ELEMENTS = 1 << 24;
/** Largest network input (one image); ImageNet's 3x224x224 is 150,528. */
export const MAX_INPUT_ELEMENTS = 1 << 22;

export type Fusion = 'float' | 'int8' | 'none';
/** A per-channel y = scale * x + shift still to fold into the next Conv or Gemm (batchnorm.ts). */
export interface Affine {
  /** The BatchNormalization it comes from, as errors name it (nodeField). */
  readonly from: string;
  /** That node's name: an affine layer made of it is named after it. */
  readonly node: string;
  readonly scale: Float64Array;
  readonly shift: Float64Array;
}
/** `view`: a pending 5-D channel view of the layer's output, read only by a channel shuffle (channels.ts). */
export type Act = { kind: 'act'; layer: string; int8: boolean; fusion: Fusion; affine?: Affine; view?: ChannelView };

export type Value =
  /**
   * An activation: the output of draft `layer`. `fusion` says what a following op may fold into the
   * producer: 'float' for a float output whose quantization is still open (Relu, BatchNormalization,
   * bias Add, QuantizeLinear), 'int8' for the direct output of a QLinear op (a Relu-like Clip only).
   */
  | Act
  | { kind: 'const'; tensor: DecodedTensor }
  /** DequantizeLinear of a constant: integers with per-tensor or per-axis scales. */
  | { kind: 'dqconst'; tensor: DecodedTensor; scales: readonly number[]; zeroPoints: readonly number[] };

export interface Converted {
  readonly drafts: Map<string, Draft>;
  readonly order: string[];
  readonly output: string;
  /**
   * The ONNX tensor that holds each draft's float output in the file, by layer name: the last
   * float value mapped to the layer, so after every op folded into it (BatchNorm, bias, Relu, Clip).
   * Layers whose output exists only as int8 in the file have none. Lets an ONNX executor observe
   * the ranges calibration needs on the file itself (ort-ranges.ts).
   */
  readonly tensors: ReadonlyMap<string, string>;
  /** The final Softmax or LogSoftmax dropped (head.ts): the output is the logits before it. */
  readonly droppedHead?: string;
}

export class Converter {
  readonly drafts = new Map<string, Draft>();
  readonly order: string[] = [];
  readonly values = new Map<string, Value>();
  readonly uses = new Map<string, number>();
  /** Spatial padding [top, left, bottom, right] of Pad outputs, for the AveragePool reading each (pad.ts). */
  readonly pads = new Map<string, readonly [number, number, number, number]>();
  /**
   * ONNX values mapped to a layer whose tensor in the file is not that layer's output (a Pad's
   * padded tensor, a dropped Softmax's probabilities): calibration must not observe them.
   */
  readonly otherTensors = new Set<string>();
  /** Float tensors of layers no ONNX value maps to directly (a ReduceMean's pool before its flatten). */
  readonly extraTensors = new Map<string, string>();
  /** The final Softmax or LogSoftmax dropped at import (head.ts), as `Softmax node "name"`. */
  droppedHead: string | undefined;
  /** Nodes of shape arithmetic that fold into constants (shape-fold.ts). */
  readonly folded: ReadonlySet<OnnxNode>;
  /** Mul nodes of SiLUs, x * Sigmoid(x) (table-act.ts). */
  readonly siluMuls: ReadonlyMap<OnnxNode, Silu>;
  /** The QuantizeLinear and DequantizeLinear between the Sigmoid and the Mul of QDQ SiLUs. */
  readonly siluBranch: ReadonlySet<OnnxNode>;
  /** Clips on int8 tensors whose zero point was unknown when met: checked once all nodes are read. */
  readonly pendingRelus: { node: OnnxNode; layer: string; floor: number }[] = [];

  constructor(
    readonly graph: OnnxGraph,
    /** Relu/Clip node names an ohmflow export marked as separate IR layers (never folded). */
    readonly separateRelu: ReadonlySet<string>,
  ) {
    this.folded = foldableNodes(graph);
    this.siluMuls = siluMuls(graph);
    this.siluBranch = siluBranchNodes(this.siluMuls);
    // Shape arithmetic reads activations only for their (static) shapes: not a use that blocks a fold.
    for (const node of graph.nodes) if (!this.folded.has(node)) for (const i of node.inputs) if (i) this.uses.set(i, (this.uses.get(i) ?? 0) + 1);
    this.uses.set(graph.output, (this.uses.get(graph.output) ?? 0) + 1);
    for (const [name, tensor] of graph.constants) this.values.set(name, { kind: 'const', tensor });
  }

  /** Folds a node of shape arithmetic (in `folded`) into the constant it computes. */
  fold(node: OnnxNode): void {
    const inputs = node.inputs.map((name) => {
      const v = name ? this.values.get(name) : undefined;
      return v?.kind === 'const' ? v.tensor : undefined;
    });
    const shapeOf = (): readonly number[] => [1, ...this.shapeOf(this.act(node, 0, true).layer)];
    this.setOutput(node, { kind: 'const', tensor: foldNode(node, inputs, shapeOf) });
  }

  add(draft: Draft): void {
    const size = draft.shape.reduce((p, d) => p * d, 1);
    if (!(size <= MAX_ACTIVATION_ELEMENTS)) {
      throw new OhmflowError(`output [${draft.shape.join(', ')}] exceeds ${MAX_ACTIVATION_ELEMENTS} elements`, { field: `layer ${draft.name}`, fix: 'export the model with a smaller input size' });
    }
    this.drafts.set(draft.name, draft);
    this.order.push(draft.name);
  }

  /** A layer name not used yet: ONNX node names may be missing or repeated. */
  uniqueName(wanted: string): string {
    let name = wanted;
    for (let i = 2; this.drafts.has(name); i++) name = `${wanted}_${i}`;
    return name;
  }

  value(node: OnnxNode, index: number, required = true): Value | undefined {
    const name = node.inputs[index];
    if (!name) {
      if (required) throw new OhmflowError(`missing input #${index}`, { field: nodeField(node), fix: REEXPORT });
      return undefined;
    }
    const v = this.values.get(name);
    if (!v) throw new OhmflowError(`input "${name}" is not produced by an earlier node, an initializer or the graph input`, { field: nodeField(node), fix: 'nodes must be sorted topologically' });
    return v;
  }

  /**
   * An activation input; one with a pending BatchNorm only where the caller folds it (`affine`).
   * Any other reader gets the BatchNorm as an affine layer of its own (batchnorm.ts).
   */
  act(node: OnnxNode, index: number, affine = false): Act {
    const v = this.value(node, index)!;
    if (v.kind !== 'act') throw new OhmflowError(`input #${index} must be an activation, not a constant`, { field: nodeField(node), fix: 'feed this input from the previous layer; constant inputs are only supported as weights, biases and quantization parameters' });
    if (v.view) {
      throw new OhmflowError(`input #${index} is a 5-D view of a feature map, which only the rest of a channel shuffle may read`, {
        field: nodeField(node),
        fix: 'only a channel shuffle, Reshape [N, g, C/g, H, W] -> Transpose(perm=[0, 2, 1, 3, 4]) -> Reshape [N, C, H, W], is supported on 5-D views',
      });
    }
    if (v.affine && !affine) return materializeAffine(this, node.inputs[index], v, nodeField(node));
    return v;
  }

  constant(node: OnnxNode, index: number, required = true): DecodedTensor | undefined {
    const v = this.value(node, index, required);
    if (v === undefined) return undefined;
    if (v.kind !== 'const') throw new OhmflowError(`input #${index} must be a constant (initializer)`, { field: nodeField(node), fix: 'fold constants before export (torch.onnx.export(..., do_constant_folding=True))' });
    return v.tensor;
  }

  shapeOf(layer: string): Shape {
    return this.drafts.get(layer)!.shape;
  }

  setOutput(node: OnnxNode, value: Value): void {
    this.values.set(node.outputs[0], value);
  }

  /** Per-tensor scale and int8 zero point from constant inputs `si` and `zi` (a uint8 zero point shifted: UINT8_SHIFT). */
  tensorQuant(node: OnnxNode, si: number, zi: number): TensorQuant {
    const s = this.constant(node, si)!;
    const z = this.constant(node, zi, false);
    if (s.values.length !== 1 || !(s.values[0] > 0) || !Number.isFinite(s.values[0])) {
      throw new OhmflowError(`input #${si} must be one positive finite scale`, { field: nodeField(node), fix: 'quantize per tensor with one positive scale' });
    }
    // A QuantizeLinear without a zero point outputs uint8 with zero point 0.
    if (z === undefined && node.opType === 'QuantizeLinear') return { scale: s.values[0], zeroPoint: -UINT8_SHIFT };
    const uint8 = z?.dataType === DataType.UINT8;
    const zeroPoint = uint8 ? z.values[0] - UINT8_SHIFT : this.zeroPoints(node, zi, z, 1)[0];
    if (uint8 && z.values.length !== 1) throw new OhmflowError(`zero point #${zi} has ${z.values.length} values, expected 1`, { field: nodeField(node), fix: REEXPORT });
    return { scale: s.values[0], zeroPoint };
  }

  /** Weight (or int8-only) zero points: uint8 ones are rejected, since weights are not shifted. */
  zeroPoints(node: OnnxNode, index: number, z: DecodedTensor | undefined, count: number): number[] {
    if (z === undefined) {
      // ONNX's default zero point is uint8; ohmflow's weights are int8.
      throw new OhmflowError(`input #${index} (zero point) is missing, which makes the tensor uint8`, { field: nodeField(node), fix: 'quantize weights to int8 with an explicit int8 zero point' });
    }
    if (z.dataType === DataType.UINT8) {
      throw new OhmflowError(`zero point #${index} is uint8: uint8 weights are not supported (uint8 activations are)`, { field: nodeField(node), fix: INT8_WEIGHTS_FIX });
    }
    if (z.dataType !== DataType.INT8) {
      throw new OhmflowError(`zero point #${index} is ${dataTypeName(z.dataType)}; only int8 and uint8 are supported`, { field: nodeField(node), fix: 'quantize activations to int8 or uint8 and weights to int8' });
    }
    if (z.values.length !== count) throw new OhmflowError(`zero point #${index} has ${z.values.length} values, expected ${count}`, { field: nodeField(node), fix: REEXPORT });
    return Array.from(z.values);
  }

  /** Weight scales (1 or `channels` of them) and zero points from constant inputs `si`, `zi`. */
  weightQuant(node: OnnxNode, si: number, zi: number, channels: number): WeightQuant {
    const s = this.constant(node, si)!;
    if (s.values.length !== 1 && s.values.length !== channels) {
      throw new OhmflowError(`weight scale #${si} has ${s.values.length} values, expected 1 or ${channels}`, { field: nodeField(node), fix: 'quantize weights per tensor or per output channel' });
    }
    if (s.values.some((x) => !(x > 0) || !Number.isFinite(x))) throw new OhmflowError(`weight scale #${si} must be positive and finite`, { field: nodeField(node), fix: REEXPORT });
    return { scales: Array.from(s.values), zeroPoints: this.zeroPoints(node, zi, this.constant(node, zi, false), s.values.length) };
  }

  /** Binds an activation's quantization: fixes it where still open, else it must match. */
  bindQuant(node: OnnxNode, layer: string, quant: TensorQuant): void {
    const owner = quantOwner(this.drafts, layer);
    if (owner.quant === undefined) {
      owner.quant = quant;
    } else if (!sameQuant(owner.quant, quant)) {
      throw new OhmflowError(
        `reads "${layer}" with scale ${quant.scale} and zero point ${quant.zeroPoint}, but it was quantized with scale ${owner.quant.scale} and zero point ${owner.quant.zeroPoint}`,
        { field: nodeField(node), fix: 'requantization between layers is not supported: give producer and consumer the same quantization' },
      );
    }
  }

  /** Output shape of a sliding window (ceil mode for pools that ask for it), with an error naming the node when it does not fit. */
  window(node: OnnxNode, input: Shape, kernel: readonly number[], stride: readonly number[], pads: readonly number[], channels: number, ceil = false): Shape {
    if (input.length !== 3) throw new OhmflowError(`needs a [N, C, H, W] input, got [1, ${input.join(', ')}]`, { field: nodeField(node), fix: 'apply it to a feature map, before any flattening' });
    const h = windowOutputSize(input[1], kernel[0], stride[0], pads[0], pads[2], ceil);
    const w = windowOutputSize(input[2], kernel[1], stride[1], pads[1], pads[3], ceil);
    if (!(h >= 1 && w >= 1)) throw new OhmflowError(`kernel ${kernel.join('x')} does not fit the input [${input.join(', ')}]`, { field: nodeField(node), fix: 'export the model with a larger input size, or use a smaller kernel' });
    return [channels, h, w];
  }

  /** A pool's ceil_mode: 0 (floor, the default) or 1. */
  ceilMode(node: OnnxNode): boolean {
    const mode = attrInt(node, 'ceil_mode', 0);
    if (mode !== 0 && mode !== 1) throw new OhmflowError(`ceil_mode ${mode} is neither 0 nor 1`, { field: nodeField(node), fix: REEXPORT });
    return mode === 1;
  }

  /** A Conv's dilations [dh, dw] (1 to 64 each); windowAttrs rejects them on pools. */
  dilations(node: OnnxNode): [number, number] {
    const d = attrInts(node, 'dilations', [1, 1]);
    if (d.length !== 2 || d.some((v) => !(v >= 1 && v <= 64))) throw new OhmflowError(`invalid dilations [${d.join(', ')}]`, { field: nodeField(node), fix: 'give a 2-D Conv two dilations between 1 and 64' });
    return [d[0], d[1]];
  }

  windowAttrs(
    node: OnnxNode,
    kernelFallback?: readonly number[],
  ): { kernel: [number, number]; stride: [number, number]; padding: [number, number, number, number] } {
    const autoPad = attrString(node, 'auto_pad', 'NOTSET');
    if (autoPad !== 'NOTSET' && autoPad !== 'VALID') {
      throw new OhmflowError(`auto_pad ${autoPad} is not supported`, { field: nodeField(node), fix: 'export the model with explicit pads' });
    }
    const kernel = attrInts(node, 'kernel_shape', kernelFallback ?? []);
    const stride = attrInts(node, 'strides', [1, 1]);
    const pads = attrInts(node, 'pads', [0, 0, 0, 0]);
    const dilations = attrInts(node, 'dilations', [1, 1]);
    if (kernel.length !== 2 || stride.length !== 2 || pads.length !== 4) {
      throw new OhmflowError('only 2-D windows are supported (kernel_shape of 2, strides of 2, pads of 4)', { field: nodeField(node), fix: 'use 2-D layers (Conv2d, MaxPool2d, AvgPool2d)' });
    }
    // Convs read theirs with dilations(); a dilated pool has no IR form.
    const conv = node.opType === 'Conv' || node.opType === 'QLinearConv';
    if (!conv && (dilations.length !== 2 || dilations.some((d) => d !== 1))) throw new OhmflowError('dilations other than 1 are supported on Conv only', { field: nodeField(node), fix: 'use pools with dilation=1' });
    if (kernel.some((k) => k < 1 || k > 1024) || stride.some((s) => s < 1 || s > 1024) || pads.some((p) => p < 0 || p > 1024)) {
      throw new OhmflowError(`invalid window: kernel [${kernel.join(', ')}], strides [${stride.join(', ')}], pads [${pads.join(', ')}]`, { field: nodeField(node), fix: REEXPORT });
    }
    return { kernel: [kernel[0], kernel[1]], stride: [stride[0], stride[1]], padding: [pads[0], pads[1], pads[2], pads[3]] };
  }
}
