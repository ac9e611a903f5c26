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
import type { AffineLayer, Conv2dLayer, DenseLayer, OutputClamp } from '../ir/types.js';
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
  /** 2^rightShift when 0 < rightShift <= 53 (the fast exact path of scaleAccumulator), else 0. */
  readonly shiftDivisor: number;
  /** A lookup-table activation (ActivationTable.table): the clamped code q becomes table[q + 128]. */
  readonly table?: Int8Array;
}

export function makeRequantizer(realMultiplier: number, zeroPoint: number, relu: boolean, clamp?: OutputClamp): Requantizer {
  const fixedPoint = quantizeMultiplier(realMultiplier);
  const { mantissa, rightShift } = reduceMultiplier(fixedPoint);
  const { min, max } = outputRange(zeroPoint, relu, clamp);
  const shiftDivisor = rightShift > 0 && rightShift <= 53 ? 2 ** rightShift : 0;
  return { fixedPoint, zeroPoint, min, max, mantissa, rightShift, shiftDivisor };
}

/** roundHalfEven(acc * M), not yet offset or clamped. */
/** Per output channel of a conv, dense or affine layer whose input has scale `inScale`: its
 *  requantizer (per-tensor or per-channel weight scales). */
export function layerRequantizers(layer: Conv2dLayer | DenseLayer | AffineLayer, inScale: number): Requantizer[] {
  const wq = layer.weightQuant;
  const outChannels = layer.kind === 'conv2d' ? layer.outChannels : layer.kind === 'dense' ? layer.outFeatures : layer.weights.length;
  // With a table, the accumulator is requantized to the table's input quantization first.
  const table = layer.kind === 'affine' ? undefined : layer.table;
  const q = table?.preQuant ?? layer.outQuant;
  return Array.from({ length: outChannels }, (_, oc) => {
    const multiplier = convMultiplier(inScale, wq.scales[wq.scales.length > 1 ? oc : 0], q.scale);
    const r = makeRequantizer(multiplier, q.zeroPoint, layer.relu, layer.clamp);
    return table ? { ...r, table: table.table } : r;
  });
}

function scaleAccumulator(acc: number, r: Requantizer): number {
  // The common case inline (the reference and the engine requantize every output): with |num| <=
  // 2^53 and a power-of-two divisor, num / den, its floor and the remainder are exact doubles, so
  // this is roundHalfEvenDiv(num, den) without its checks; anything else takes the general path.
  const num = acc * r.mantissa;
  const den = r.shiftDivisor;
  if (den !== 0 && num <= Number.MAX_SAFE_INTEGER && num >= -Number.MAX_SAFE_INTEGER) {
    const q = Math.floor(num / den);
    const twice = 2 * (num - q * den);
    return twice > den || (twice === den && q % 2 !== 0) ? q + 1 : q;
  }
  return roundHalfEvenScaled(acc, r.mantissa, r.rightShift);
}

/** int32 accumulator -> int8 output. */
export function requantize(acc: number, r: Requantizer): number {
  const q = scaleAccumulator(acc, r) + r.zeroPoint;
  const clamped = q < r.min ? r.min : q > r.max ? r.max : q;
  return r.table === undefined ? clamped : r.table[clamped + 128];
}

