// Integer-only requantization of an int32 accumulator to int8 (conv, dense):
//   q = clamp(roundHalfEven(acc * M) + zeroPoint, lo, hi),  lo = zeroPoint with fused ReLU, else -128,
// narrowed by a fused clip (ReLU6 and the like, ir/activation.ts outputRange); hi = 127 or the clip's max,
// where M = multiplier * 2^(shift - 31) is the exact fixed-point form of the float32 multiplier
// X_scale * W_scale / Y_scale. The product acc * multiplier is formed exactly (no intermediate
// rounding, unlike gemmlowp's doubling-high-mul + rounding shift) and rounded once.
//
// Why round half to EVEN (not half away from zero as gemmlowp/TFLite): ONNX Runtime's MLAS
// (MlasRequantizeOutput in onnxruntime/core/mlas/lib/quantize.cpp) converts the accumulator to
// float32, multiplies by the float32 scale, clamps, and converts with _mm_cvtps_epi32 / vcvtnq /
// nearbyintf, i.e. round half to even under the default FP mode. Whenever float32(acc) * M is exact
// in float32, ORT's result is therefore roundHalfEven(acc * M) + zp saturated, which this file
// computes bit for bit. It is exact whenever M = m * 2^-s with s <= 16: in the unsaturated range
// |acc * M| <= 255, so |acc * m| < 2^24 fits float32's mantissa (the zoo's scales obey this; see
// workloads/zoo/scales.ts). Outside that condition ORT may differ by one on near-ties.
import { convMultiplier, quantizeMultiplier, reduceMultiplier, type FixedPointMultiplier } from './multiplier.js';
import type { Conv2dLayer, DenseLayer, OutputClamp } from '../ir/types.js';
import { outputRange } from '../ir/activation.js';
import { roundHalfEvenScaled } from './rounding.js';

export const INT8_MIN = -128;
export const INT8_MAX = 127;

/** Everything needed to requantize one output channel, precomputed once per layer. */
export interface Requantizer {
  readonly fixedPoint: FixedPointMultiplier;
  readonly zeroPoint: number;
  /** Lower clamp: zeroPoint with fused ReLU (real 0), else -128; a fused clip may raise it. */
  readonly min: number;
  /** Upper clamp: 127, or a fused clip's max. */
  readonly max: number;
  readonly mantissa: number;
  readonly rightShift: number;
  /** A lookup-table activation (ActivationTable.table): the clamped code q becomes table[q + 128]. */
  readonly table?: Int8Array;
}

export function makeRequantizer(realMultiplier: number, zeroPoint: number, relu: boolean, clamp?: OutputClamp): Requantizer {
  const fixedPoint = quantizeMultiplier(realMultiplier);
  const { mantissa, rightShift } = reduceMultiplier(fixedPoint);
  const { min, max } = outputRange(zeroPoint, relu, clamp);
  return { fixedPoint, zeroPoint, min, max, mantissa, rightShift };
}

/** roundHalfEven(acc * M), not yet offset or clamped. */
/** Per output channel of a conv or dense layer whose input has scale `inScale`: its requantizer
 *  (per-tensor or per-channel weight scales). */
export function layerRequantizers(layer: Conv2dLayer | DenseLayer, inScale: number): Requantizer[] {
  const wq = layer.weightQuant;
  const outChannels = layer.kind === 'conv2d' ? layer.outChannels : layer.outFeatures;
  // With a table, the accumulator is requantized to the table's input quantization first.
  const q = layer.table?.preQuant ?? layer.outQuant;
  return Array.from({ length: outChannels }, (_, oc) => {
    const multiplier = convMultiplier(inScale, wq.scales[wq.scales.length > 1 ? oc : 0], q.scale);
    const r = makeRequantizer(multiplier, q.zeroPoint, layer.relu, layer.clamp);
    return layer.table ? { ...r, table: layer.table.table } : r;
  });
}

/** 2^k for the right shifts the fast path takes. */
const POW2 = Float64Array.from({ length: 53 }, (_, k) => 2 ** k);

/** roundHalfEven(acc * M). The common case (a right shift of at most 52 and a product within
 *  2^53) divides by a power of two, which is exact in binary floating point, so floor() and the
 *  remainder are exact integers: no general division, no BigInt. The rest takes the exact path. */
function scaleAccumulator(acc: number, r: Requantizer): number {
  const num = acc * r.mantissa;
  const shift = r.rightShift;
  if (shift > 0 && shift <= 52 && num <= Number.MAX_SAFE_INTEGER && num >= -Number.MAX_SAFE_INTEGER) {
    const den = POW2[shift];
    const floor = Math.floor(num / den);
    const twice = 2 * (num - floor * den);
    return twice > den || (twice === den && floor % 2 !== 0) ? floor + 1 : floor;
  }
  return roundHalfEvenScaled(acc, r.mantissa, r.rightShift);
}

/** int32 accumulator -> int8 output. */
export function requantize(acc: number, r: Requantizer): number {
  const q = scaleAccumulator(acc, r) + r.zeroPoint;
  const clamped = q < r.min ? r.min : q > r.max ? r.max : q;
  return r.table === undefined ? clamped : r.table[clamped + 128];
}

