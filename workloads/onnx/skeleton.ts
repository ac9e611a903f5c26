// A parsed ONNX model as a NetworkSkeleton: geometry, shapes and the file's own quantization, no
// weights and no calibration. Enough for MAC and parameter counts, mapping, the analytical model
// and design-space exploration, which read geometry only; so `estimate --net big.onnx` takes the
// parse's seconds, not a calibration's minutes.
import type { NetworkSkeleton, SkeletonLayer, TensorQuant } from '../ir/types.js';
import { validateNetworkSkeleton } from '../ir/validate.js';
import { quantOwner, type Draft } from './drafts.js';
import { clampCodes, tableOf } from './finalize.js';
import type { ParsedOnnx } from './parse.js';

/**
 * Stands in for an output quantization that only calibration can choose. The skeleton's types
 * want one; nothing that takes a skeleton reads it (mapping, the analytical model and exploration
 * read geometry: skeleton.test.ts checks an estimate is the same as the calibrated network's).
 */
const UNCALIBRATED: TensorQuant = { scale: 1, zeroPoint: 0 };

export interface OnnxQuantization {
  /** The input's and the output's quantization when the file fixes them, else undefined (set by calibration). */
  readonly input: TensorQuant | undefined;
  readonly output: TensorQuant | undefined;
  /** True when some layer's scale is left to calibration (a float model). */
  readonly needsCalibration: boolean;
  /** The final Softmax or LogSoftmax dropped at import (ParsedOnnx.droppedHead): the output holds the logits before it. */
  readonly droppedHead?: string;
}

function quantOf(drafts: ReadonlyMap<string, Draft>, name: string): TensorQuant | undefined {
  return quantOwner(drafts, name).quant;
}

function skeletonLayer(d: Draft): SkeletonLayer {
  const base = { name: d.name, inputs: d.inputs };
  const outQuant = d.quant ?? UNCALIBRATED;
  const clamp = d.kind === 'conv2d' || d.kind === 'dense' || d.kind === 'add' || d.kind === 'affine' ? (d.clip === undefined ? {} : { clamp: clampCodes(d.clip, outQuant) }) : {};
  // Uncalibrated tables stand in as clamp and quant do: only their presence (an activation-unit op) is read.
  const table = (d.kind === 'conv2d' || d.kind === 'dense') && d.table ? tableOf({ ...d, table: { ...d.table, preQuant: d.table.preQuant ?? UNCALIBRATED } }, outQuant) : {};
  switch (d.kind) {
    case 'input':
      return { ...base, kind: 'input', shape: d.shape, quant: outQuant };
    case 'conv2d':
      return {
        ...base, kind: 'conv2d', outChannels: d.outChannels, kernel: d.kernel, stride: d.stride, padding: d.padding, ...(d.dilation ? { dilation: d.dilation } : {}), groups: d.groups,
        outQuant, relu: d.relu, ...clamp, ...table, ...(d.foldedBatchNorm ? { foldedBatchNorm: true } : {}), ...(d.hasBias === false ? { hasBias: false } : {}),
      };
    case 'dense':
      return { ...base, kind: 'dense', outFeatures: d.outFeatures, outQuant, relu: d.relu, ...clamp, ...table, ...(d.hasBias === false ? { hasBias: false } : {}) };
    case 'maxpool':
      return { ...base, kind: 'maxpool', kernel: d.kernel, stride: d.stride, padding: d.padding, ...(d.ceilMode ? { ceilMode: true } : {}) };
    case 'avgpool':
      return {
        ...base, kind: 'avgpool', kernel: d.kernel, stride: d.stride, padding: d.padding, ...(d.ceilMode ? { ceilMode: true } : {}),
        ...(d.countIncludePad ? { countIncludePad: true } : {}), outQuant,
      };
    case 'globalavgpool':
      return { ...base, kind: 'globalavgpool', outQuant };
    case 'add':
      return { ...base, kind: 'add', outQuant, relu: d.relu, ...clamp };
    case 'concat':
      return { ...base, kind: 'concat', outQuant };
    case 'affine':
      return { ...base, kind: 'affine', outQuant, relu: d.relu, ...clamp };
    case 'mul':
      return { ...base, kind: 'mul', outQuant };
    case 'channels':
      return { ...base, kind: 'channels', indices: d.indices };
    case 'relu':
      return { ...base, kind: 'relu' };
    case 'flatten':
      return { ...base, kind: 'flatten' };
  }
}

/** The skeleton of a parsed model; leaves the drafts as they are (they may still be calibrated). */
export function onnxSkeleton(parsed: ParsedOnnx): NetworkSkeleton {
  const layers = parsed.order.map((n) => skeletonLayer(parsed.drafts.get(n)!));
  const net: NetworkSkeleton = { name: parsed.name, layers, output: parsed.output };
  validateNetworkSkeleton(net);
  return net;
}

/** What the file itself says of the quantization of the network's input and output. */
export function onnxQuantization(parsed: ParsedOnnx): OnnxQuantization {
  return {
    input: quantOf(parsed.drafts, parsed.order[0]),
    output: quantOf(parsed.drafts, parsed.output),
    needsCalibration: parsed.order.some((n) => quantOf(parsed.drafts, n) === undefined),
    ...(parsed.droppedHead ? { droppedHead: parsed.droppedHead } : {}),
  };
}
