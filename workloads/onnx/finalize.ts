// Draft layers -> IR layers: fixes every open quantization from calibration ranges and quantizes
// float weights and biases. Scales follow the zoo's rules (power-of-two activation scales,
// per-channel multipliers m * 2^-s with 8-bit m) so exported models stay ORT-exact.
import { OhmflowError } from '../errors.js';
import type { ActivationTable, Layer, Network, OutputClamp, TensorQuant, WeightQuant } from '../ir/types.js';
import { exactMultiplier } from '../zoo/scales.js';
import { quantizeLinear } from '../quant/quantizeLinear.js';
import { preActivationKey, quantOwner, type AffineDraft, type BiasData, type ClipBounds, type ConvDraft, type DenseDraft, type Draft, type WeightData } from './drafts.js';
import { buildTable, qdqSilu, tableFunction } from '../quant/table.js';
import type { Range } from './float-exec.js';

/** Asymmetric int8 quantization covering [min, max] (and 0), with a power-of-two scale. */
export function calibratedQuant(range: Range): TensorQuant {
  const lo = Math.min(range.min, 0);
  const hi = Math.max(range.max, 0);
  const span = hi - lo;
  const scale = span > 0 && Number.isFinite(span) ? 2 ** Math.ceil(Math.log2(span / 255)) : 1;
  const zeroPoint = Math.min(127, Math.max(-128, Math.round(-128 - lo / scale)));
  return { scale, zeroPoint };
}

function quantOf(drafts: ReadonlyMap<string, Draft>, name: string): TensorQuant {
  return quantOwner(drafts, name).quant!;
}

/**
 * Symmetric per-output-channel weights whose requantization multiplier inScale * wScale / outScale
 * is exactly representable in float32 (see zoo/scales.ts).
 */
function quantizeWeights(w: WeightData, channels: number, inScale: number, outScale: number): { q: Int8Array; quant: WeightQuant } {
  if (w.int8) return w.int8;
  const perChannel = w.real.length / channels;
  const q = new Int8Array(w.real.length);
  const scales: number[] = [];
  for (let ch = 0; ch < channels; ch++) {
    let maxAbs = 0;
    for (let i = ch * perChannel; i < (ch + 1) * perChannel; i++) maxAbs = Math.max(maxAbs, Math.abs(w.real[i]));
    const ideal = maxAbs > 0 ? ((maxAbs / 127) * inScale) / outScale : 2 ** -16;
    // Rounding the multiplier up would be safer against overflow; clamping below handles the rest.
    const scale = (exactMultiplier(ideal) * outScale) / inScale;
    for (let i = ch * perChannel; i < (ch + 1) * perChannel; i++) q[i] = Math.max(-127, Math.min(127, Math.round(w.real[i] / scale)));
    scales.push(scale);
  }
  return { q, quant: { scales, zeroPoints: new Array<number>(channels).fill(0) } };
}

function quantizeBias(b: BiasData, inScale: number, wq: WeightQuant, where: string): Int32Array {
  if (b.int32) return b.int32;
  return Int32Array.from(b.real, (r, i) => {
    const v = Math.round(r / (inScale * wq.scales[wq.scales.length === 1 ? 0 : i]));
    if (!(Math.abs(v) <= 2 ** 31 - 1)) throw new OhmflowError(`bias ${r} overflows int32 at its accumulator scale`, { field: where });
    return v;
  });
}

/** Largest |bias| an affine channel is given, in accumulator units: keeps acc * M exact in float32 (quant/requantize.ts). */
const AFFINE_MAX_BIAS = 2 ** 23;

/**
 * An affine layer's per-channel weight (its scale a) and bias (its shift s). The weight scale is
 * |a| / 127, raised where s would need a bias past AFFINE_MAX_BIAS (a tiny a beside a large s: the
 * weight then holds fewer levels), with an exact multiplier as quantizeWeights chooses.
 */
function quantizeAffine(d: AffineDraft, inScale: number, outScale: number): { q: Int8Array; bias: Int32Array; quant: WeightQuant } {
  if (d.weights.int8) return { ...d.weights.int8, bias: quantizeBias(d.bias, inScale, d.weights.int8.quant, `layer ${d.name}`) };
  const channels = d.weights.real.length;
  const q = new Int8Array(channels);
  const bias = new Int32Array(channels);
  const scales: number[] = [];
  for (let ch = 0; ch < channels; ch++) {
    const a = d.weights.real[ch];
    const s = d.bias.real[ch];
    const wanted = Math.max(Math.abs(a) / 127, Math.abs(s) / (inScale * AFFINE_MAX_BIAS), 2 ** -40);
    // exactMultiplier rounds to the nearest 8-bit mantissa: step up until both bounds hold.
    const exactScale = (ideal: number): number => (exactMultiplier((ideal * inScale) / outScale) * outScale) / inScale;
    let scale = exactScale(wanted);
    while (Math.abs(a / scale) > 127.5 || Math.abs(s / (inScale * scale)) > AFFINE_MAX_BIAS) scale = exactScale(scale * 1.01);
    q[ch] = Math.max(-127, Math.min(127, Math.round(a / scale)));
    bias[ch] = Math.round(s / (inScale * scale));
    scales.push(scale);
  }
  return { q, bias, quant: { scales, zeroPoints: new Array<number>(channels).fill(0) } };
}

/**
 * A folded Clip's real bounds as int8 codes of the output quantization, rounded as ONNX Runtime's
 * QuantizeLinear rounds (float32 division, half to even, saturated): quantizing a clipped float is
 * then the same as clamping the quantized value, so a QDQ model's Clip stays exact.
 */
export function clampCodes(clip: ClipBounds, q: TensorQuant): OutputClamp {
  return { min: quantizeLinear(clip.min, q), max: quantizeLinear(clip.max, q) };
}

/** Fixes open quantizations from `ranges` (by layer name); the input defaults to int8 identity. */
export function fixOpenQuants(drafts: ReadonlyMap<string, Draft>, order: readonly string[], ranges: ReadonlyMap<string, Range> | undefined): void {
  for (const name of order) {
    const owner = quantOwner(drafts, name);
    if (owner.quant !== undefined) continue;
    const range = ranges?.get(owner.name);
    owner.quant = range ? calibratedQuant(range) : { scale: 1, zeroPoint: 0 };
  }
  for (const name of order) {
    const d = drafts.get(name)!;
    if ((d.kind !== 'conv2d' && d.kind !== 'dense') || !d.table || d.table.preQuant) continue;
    const range = ranges?.get(preActivationKey(name));
    d.table.preQuant = range ? calibratedQuant(range) : { scale: 1, zeroPoint: 0 };
  }
}

/** A tabled draft's ActivationTable once its quantizations are fixed. */
export function tableOf(d: ConvDraft | DenseDraft, outQuant: TensorQuant): { table?: ActivationTable } {
  if (!d.table) return {};
  const preQuant = d.table.preQuant!;
  const f = d.table.sigmoidQuant ? qdqSilu(d.table.sigmoidQuant) : tableFunction(d.table.fn, d.table.hard);
  return { table: { fn: d.table.fn, preQuant, table: buildTable(f, preQuant, outQuant) } };
}

function clampOf(clip: ClipBounds | undefined, q: TensorQuant): { clamp?: OutputClamp } {
  return clip === undefined ? {} : { clamp: clampCodes(clip, q) };
}

function toLayer(d: Draft, drafts: ReadonlyMap<string, Draft>): Layer {
  const base = { name: d.name, inputs: d.inputs };
  switch (d.kind) {
    case 'input':
      return { ...base, kind: 'input', shape: d.shape, quant: d.quant! };
    case 'conv2d':
    case 'dense': {
      const inScale = quantOf(drafts, d.inputs[0]).scale;
      const channels = d.kind === 'conv2d' ? d.outChannels : d.outFeatures;
      // The accumulator requantizes to the table's input when there is one (ActivationTable).
      const requantized = d.table?.preQuant ?? d.quant!;
      const w = quantizeWeights(d.weights, channels, inScale, requantized.scale);
      const bias = quantizeBias(d.bias, inScale, w.quant, `layer ${d.name}`);
      const common = {
        ...base, weights: w.q, bias, weightQuant: w.quant, outQuant: d.quant!, relu: d.relu, ...clampOf(d.clip, requantized), ...tableOf(d, d.quant!),
        ...(d.hasBias === false ? { hasBias: false } : {}),
      };
      return d.kind === 'conv2d'
        ? { ...common, kind: 'conv2d', outChannels: d.outChannels, kernel: d.kernel, stride: d.stride, padding: d.padding, ...(d.dilation ? { dilation: d.dilation } : {}), groups: d.groups, ...(d.foldedBatchNorm ? { foldedBatchNorm: true } : {}) }
        : { ...common, kind: 'dense', outFeatures: d.outFeatures };
    }
    case 'maxpool':
      return { ...base, kind: 'maxpool', kernel: d.kernel, stride: d.stride, padding: d.padding, ...(d.ceilMode ? { ceilMode: true } : {}) };
    case 'avgpool':
      return {
        ...base, kind: 'avgpool', kernel: d.kernel, stride: d.stride, padding: d.padding, ...(d.ceilMode ? { ceilMode: true } : {}),
        ...(d.countIncludePad ? { countIncludePad: true } : {}), outQuant: d.quant!,
      };
    case 'globalavgpool':
      return { ...base, kind: 'globalavgpool', outQuant: d.quant! };
    case 'add':
      return { ...base, kind: 'add', outQuant: d.quant!, relu: d.relu, ...clampOf(d.clip, d.quant!) };
    case 'concat':
      return { ...base, kind: 'concat', outQuant: d.quant! };
    case 'mul':
      return { ...base, kind: 'mul', outQuant: d.quant! };
    case 'channels':
      return { ...base, kind: 'channels', indices: d.indices };
    case 'affine': {
      const w = quantizeAffine(d, quantOf(drafts, d.inputs[0]).scale, d.quant!.scale);
      return { ...base, kind: 'affine', weights: w.q, bias: w.bias, weightQuant: w.quant, outQuant: d.quant!, relu: d.relu, ...clampOf(d.clip, d.quant!) };
    }
    case 'relu':
      return { ...base, kind: 'relu' };
    case 'flatten':
      return { ...base, kind: 'flatten' };
  }
}

/** Builds the network once every draft's quantization is fixed. */
export function toNetwork(name: string, drafts: ReadonlyMap<string, Draft>, order: readonly string[], output: string): Network {
  return { name, layers: order.map((n) => toLayer(drafts.get(n)!, drafts)), output };
}
