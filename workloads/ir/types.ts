// The network IR: a DAG of layers over int8 NCHW tensors (batch dimension implicit, one image).
// Every view (reference, ONNX, mapping, engine) reads these types; they are plain data.

/** Shape of one image's tensor without the batch dimension: [C, H, W] for feature maps, [F] for vectors. */
export type Shape = readonly number[];

/** Affine quantization of an int8 tensor: real = scale * (q - zeroPoint). Per tensor. */
export interface TensorQuant {
  readonly scale: number;
  readonly zeroPoint: number; // in [-128, 127]
}

/**
 * Weight quantization: per tensor (one entry) or per output channel (one entry per output channel).
 * Zero points are usually 0 (symmetric weights) but may be set, as ONNX allows.
 */
export interface WeightQuant {
  readonly scales: readonly number[];
  readonly zeroPoints: readonly number[];
}

/**
 * A clip folded into a layer's requantization (ONNX Clip, e.g. ReLU6), in int8 codes of the layer's
 * output quantization: outputs below `min` become `min`, above `max` become `max`. With a fused ReLU
 * as well, the lower bound is the larger of `min` and the zero point. ReLU6 at output scale s and
 * zero point z is { min: z, max: z + round(6 / s) } (saturated to int8).
 */
export interface OutputClamp {
  readonly min: number;
  readonly max: number;
}

/** The float functions an activation table can hold (ONNX Sigmoid, HardSigmoid, HardSwish; SiLU = x * sigmoid(x)). */
export type TableFunction = 'sigmoid' | 'hardsigmoid' | 'hardswish' | 'silu';

/**
 * A digital lookup-table activation after requantization: the accumulator is requantized (with
 * any fused ReLU or clip) to `preQuant` codes q, and the output is table[q + 128], an int8 code of
 * the layer's outQuant. The table is f(real) requantized, computed once at import (quant/table.ts),
 * so any element-wise function costs one lookup per output in the activation unit.
 */
export interface ActivationTable {
  /** What the table computes; the table itself is the definition. */
  readonly fn: TableFunction;
  readonly preQuant: TensorQuant;
  /** 256 int8 codes: entry q + 128 for pre-activation code q. */
  readonly table: Int8Array;
}

interface LayerBase {
  /** Unique within the network; errors name layers by it. */
  readonly name: string;
  /** Names of the producing layers (the network input is the layer of kind 'input'). */
  readonly inputs: readonly string[];
}

export interface InputLayer extends LayerBase {
  readonly kind: 'input';
  readonly shape: Shape;
  readonly quant: TensorQuant;
}

export interface Conv2dLayer extends LayerBase {
  readonly kind: 'conv2d';
  readonly outChannels: number;
  readonly kernel: readonly [number, number]; // [kh, kw]
  readonly stride: readonly [number, number]; // [sh, sw]
  readonly padding: readonly [number, number, number, number]; // [top, left, bottom, right]
  readonly groups: number; // 1 = dense conv, inChannels = depthwise
  /**
   * Spacing [dh, dw] between kernel taps (ONNX dilations): tap (ky, kx) of output (oy, ox) reads
   * input (oy * sh + ky * dh - padTop, ox * sw + kx * dw - padLeft); the window spans
   * (kh - 1) * dh + 1 rows (kernelSpan). Same taps, MACs and weights as undilated. Default [1, 1].
   */
  readonly dilation?: readonly [number, number];
  /** int8, layout [outChannels, inChannels / groups, kh, kw]. */
  readonly weights: Int8Array;
  /** int32 bias in accumulator units (scale = inputScale * weightScale[oc]), one per output channel. */
  readonly bias: Int32Array;
  readonly weightQuant: WeightQuant;
  readonly outQuant: TensorQuant;
  /** ReLU fused after requantization (clamp at the output zero point). */
  readonly relu: boolean;
  /** A clip fused after requantization (see OutputClamp); none by default. */
  readonly clamp?: OutputClamp;
  /** A lookup-table activation applied after requantization (ActivationTable); none by default. */
  readonly table?: ActivationTable;
  /**
   * True when the source model had a BatchNorm after this conv, folded here into weights and bias.
   * Only parameter counting reads it (torchvision counts 2 * outChannels BN parameters, no bias).
   */
  readonly foldedBatchNorm?: boolean;
  /** False when the source model had no bias (the bias array is then all zeros); counting only. Default true. */
  readonly hasBias?: boolean;
}

export interface DenseLayer extends LayerBase {
  readonly kind: 'dense';
  readonly outFeatures: number;
  /** int8, layout [outFeatures, inFeatures]. */
  readonly weights: Int8Array;
  readonly bias: Int32Array;
  readonly weightQuant: WeightQuant;
  readonly outQuant: TensorQuant;
  readonly relu: boolean;
  /** A clip fused after requantization (see OutputClamp); none by default. */
  readonly clamp?: OutputClamp;
  /** A lookup-table activation applied after requantization (ActivationTable); none by default. */
  readonly table?: ActivationTable;
  /** False when the source model had no bias (the bias array is then all zeros); counting only. Default true. */
  readonly hasBias?: boolean;
}

export interface MaxPoolLayer extends LayerBase {
  readonly kind: 'maxpool';
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number, number, number];
  /**
   * Output size rounded up (ONNX ceil_mode = 1, PyTorch ceil_mode=True) instead of down: the last
   * window may reach past the padded input and is clipped at its edge. Default false.
   */
  readonly ceilMode?: boolean;
}

/** Average pool; padding cells are excluded from the divisor unless countIncludePad is set. */
export interface AvgPoolLayer extends LayerBase {
  readonly kind: 'avgpool';
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number, number, number];
  /** As MaxPoolLayer.ceilMode; the divisor counts the cells of the clipped window only. */
  readonly ceilMode?: boolean;
  /**
   * Padding cells count in the divisor (ONNX count_include_pad = 1, PyTorch's default): a window
   * divides by its cells inside the padded input, (min(top + kh, H + padBottom) - top) times the
   * same across, with top = oy * sh - padTop; cells past the padding (ceil mode) never count.
   * Default false: only cells inside the input count.
   */
  readonly countIncludePad?: boolean;
  readonly outQuant: TensorQuant;
}

export interface GlobalAvgPoolLayer extends LayerBase {
  readonly kind: 'globalavgpool';
  readonly outQuant: TensorQuant;
}

/** Residual add of two tensors of the same shape, requantized to outQuant. */
export interface AddLayer extends LayerBase {
  readonly kind: 'add';
  readonly outQuant: TensorQuant;
  readonly relu: boolean;
  /** A clip fused after requantization (see OutputClamp); none by default. */
  readonly clamp?: OutputClamp;
}

/**
 * Channel concatenation (ONNX Concat on axis 1 of NCHW) of two or more feature maps of equal H and
 * W, in the order of `inputs`. Each input is requantized to outQuant as a float Concat followed by
 * QuantizeLinear computes it (workloads/quant/concat.ts); an input already at outQuant is copied.
 */
export interface ConcatLayer extends LayerBase {
  readonly kind: 'concat';
  readonly outQuant: TensorQuant;
}

/**
 * Per-channel affine map on a feature map, run in the tile's digital units (a BatchNormalization
 * that folds into no neighbouring Conv or Gemm, e.g. DenseNet's pre-activation BN -> ReLU -> Conv).
 * Channel c computes acc = (x - zx) * (w[c] - zw[c]) + bias[c] in int32 and requantizes it as a
 * conv's output channel does (multiplier inScale * weightScale[c] / outScale), with an optional
 * fused ReLU and clip: the arithmetic of a depthwise 1x1 conv, without a crossbar.
 */
export interface AffineLayer extends LayerBase {
  readonly kind: 'affine';
  /** int8, one per channel. */
  readonly weights: Int8Array;
  /** int32 in accumulator units (inScale * weightScale[c]), one per channel. */
  readonly bias: Int32Array;
  /** Per channel (one entry per channel) or per tensor. */
  readonly weightQuant: WeightQuant;
  readonly outQuant: TensorQuant;
  readonly relu: boolean;
  /** A clip fused after requantization (see OutputClamp); none by default. */
  readonly clamp?: OutputClamp;
}

/**
 * Channel-broadcast product of two int8 activations (ONNX Mul of x [C, H, W] by a gate g [C, 1, 1]:
 * squeeze-and-excitation), on the digital units: the int32 product (x - zx) * (g[c] - zg) scaled by
 * xScale * gScale / outScale and rounded as ONNX Runtime's QLinearMul does (quant/mul.ts).
 */
export interface ChannelMulLayer extends LayerBase {
  readonly kind: 'mul';
  readonly outQuant: TensorQuant;
}

/**
 * Channel gather: output channel k is input channel indices[k] (ShuffleNet's channel shuffle, a
 * Split or Slice along channels). Pure data movement: values and quantization pass unchanged.
 */
export interface ChannelsLayer extends LayerBase {
  readonly kind: 'channels';
  readonly indices: readonly number[];
}

export interface ReluLayer extends LayerBase {
  readonly kind: 'relu';
}

export interface FlattenLayer extends LayerBase {
  readonly kind: 'flatten';
}

export type Layer =
  | InputLayer
  | Conv2dLayer
  | DenseLayer
  | MaxPoolLayer
  | AvgPoolLayer
  | GlobalAvgPoolLayer
  | AddLayer
  | ConcatLayer
  | AffineLayer
  | ChannelMulLayer
  | ChannelsLayer
  | ReluLayer
  | FlattenLayer;

export type LayerKind = Layer['kind'];

/** A network: layers in topological order (validated), one input layer, one output layer. */
export interface Network {
  readonly name: string;
  readonly layers: readonly Layer[];
  /** Name of the layer whose tensor is the network's output. */
  readonly output: string;
}

/** Parameter arrays of a weight layer: what a skeleton leaves out. */
type ParameterFields = 'weights' | 'bias' | 'weightQuant';

/** A conv2d layer's geometry and output quantization, without weights, bias or weight quantization. */
export type Conv2dSkeleton = Omit<Conv2dLayer, ParameterFields>;
export type DenseSkeleton = Omit<DenseLayer, ParameterFields>;
export type AffineSkeleton = Omit<AffineLayer, ParameterFields>;
/** A layer of a network skeleton: weight layers lack their parameter arrays; other layers are whole. */
export type SkeletonLayer = Exclude<Layer, Conv2dLayer | DenseLayer | AffineLayer> | Conv2dSkeleton | DenseSkeleton | AffineSkeleton;

/**
 * A network's structure and shapes without weight arrays: enough for shape inference, MAC and
 * parameter counts and mapping, and far cheaper to build (VGG-16 has 138 M weights). Every Network
 * is a NetworkSkeleton; the reverse is a type error, so a skeleton cannot reach an executor.
 */
export interface NetworkSkeleton {
  readonly name: string;
  readonly layers: readonly SkeletonLayer[];
  readonly output: string;
}

/** One image's int8 tensor with its quantization. */
export interface Tensor {
  readonly shape: Shape;
  readonly data: Int8Array;
  readonly quant: TensorQuant;
}
