// Draft layers: the IR layers an ONNX graph turns into, before every scale is known. Weights and
// biases carry their real values (for float calibration) and, when the file states them, their
// integers; `quant` is the output quantization, open (undefined) until a node or calibration fixes it.
import type { Shape, TableFunction, TensorQuant, WeightQuant } from '../ir/types.js';
import type { HardSigmoidParams } from '../quant/table.js';

export interface WeightData {
  /** Real weight values, layout [out, in/groups, kh, kw] or [out, in]. */
  real: Float64Array;
  /** The file's own int8 weights and scales, when it has them (quantized models). */
  int8?: { q: Int8Array; quant: WeightQuant };
}

export interface BiasData {
  /** Real bias values, one per output channel. */
  real: Float64Array;
  /** The file's own int32 bias in accumulator units, when it has one. */
  int32?: Int32Array;
}

/** A folded Clip's bounds in real values (infinite when absent); int8 codes once the output scale is known. */
export interface ClipBounds {
  readonly min: number;
  readonly max: number;
}

/** A Sigmoid-like activation fused as a lookup table (ActivationTable), with its input quantization once known. */
export interface TableDraft {
  readonly fn: TableFunction;
  readonly hard?: HardSigmoidParams;
  /** The table's input (pre-activation) quantization: from calibration (range under preActivationKey). */
  preQuant?: TensorQuant;
  /** A QDQ SiLU's: the codes its sigmoid is rounded to before the product (quant/table.ts qdqSilu). */
  readonly sigmoidQuant?: TensorQuant;
}

/** Where calibration records a tabled layer's pre-activation range (beside the layer's own output range). */
export const preActivationKey = (layer: string): string => `${layer}#pre-activation`;

interface DraftBase {
  readonly name: string;
  readonly inputs: readonly string[];
  readonly shape: Shape;
  /** Output quantization for layers that own one; passthrough layers inherit their input's. */
  quant?: TensorQuant;
}

export interface InputDraft extends DraftBase { readonly kind: 'input' }
export interface ConvDraft extends DraftBase {
  readonly kind: 'conv2d';
  readonly outChannels: number;
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number, number, number];
  /** Conv2dLayer.dilation; absent for [1, 1]. */
  readonly dilation?: readonly [number, number];
  readonly groups: number;
  weights: WeightData;
  bias: BiasData;
  relu: boolean;
  clip?: ClipBounds;
  table?: TableDraft;
  /** Parameter-counting metadata carried to the IR (see Conv2dLayer). */
  foldedBatchNorm?: boolean;
  hasBias?: boolean;
}
export interface DenseDraft extends DraftBase {
  readonly kind: 'dense';
  readonly outFeatures: number;
  weights: WeightData;
  bias: BiasData;
  relu: boolean;
  clip?: ClipBounds;
  table?: TableDraft;
  hasBias?: boolean;
}
export interface PoolDraft extends DraftBase {
  readonly kind: 'maxpool' | 'avgpool';
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number, number, number];
  readonly ceilMode: boolean;
  /** Average pools: padding counts in the divisor (AvgPoolLayer.countIncludePad). */
  readonly countIncludePad?: boolean;
}
export interface GlobalAvgPoolDraft extends DraftBase { readonly kind: 'globalavgpool' }
export interface AddDraft extends DraftBase { readonly kind: 'add'; relu: boolean; clip?: ClipBounds }
export interface ConcatDraft extends DraftBase { readonly kind: 'concat' }
/** A BatchNorm that folds into no Conv or Gemm (AffineLayer): one weight (its scale) and one bias (its shift) per channel. */
export interface AffineDraft extends DraftBase {
  readonly kind: 'affine';
  weights: WeightData;
  bias: BiasData;
  relu: boolean;
  clip?: ClipBounds;
}
/** A channel gather (ChannelsLayer): shuffle, Split, Slice or Gather along channels. */
export interface ChannelsDraft extends DraftBase { readonly kind: 'channels'; readonly indices: readonly number[] }
/** x times a per-channel gate (ChannelMulLayer): inputs [x, gate]. */
export interface MulDraft extends DraftBase { readonly kind: 'mul' }
export interface ReluDraft extends DraftBase { readonly kind: 'relu' }
export interface FlattenDraft extends DraftBase { readonly kind: 'flatten' }

export type Draft =
  | InputDraft | ConvDraft | DenseDraft | PoolDraft | GlobalAvgPoolDraft | AddDraft | ConcatDraft | AffineDraft | MulDraft | ChannelsDraft
  | ReluDraft | FlattenDraft;

/** Layers whose output has the same scale and zero point as their (first) input. */
function isPassthrough(d: Draft): boolean {
  return d.kind === 'maxpool' || d.kind === 'relu' || d.kind === 'flatten' || d.kind === 'channels';
}

/** The draft whose `quant` decides `name`'s output quantization (follows passthrough layers). */
export function quantOwner(drafts: ReadonlyMap<string, Draft>, name: string): Draft {
  let d = drafts.get(name)!;
  while (isPassthrough(d)) d = drafts.get(d.inputs[0])!;
  return d;
}

export function sameQuant(a: TensorQuant, b: TensorQuant): boolean {
  // Files store scales as float32; compare at that precision.
  return Math.fround(a.scale) === Math.fround(b.scale) && a.zeroPoint === b.zeroPoint;
}
