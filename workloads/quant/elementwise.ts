// Integer semantics of the requantizing layers without weights: residual add and average pools.
// They follow ONNX Runtime's kernels (QLinearAdd, QLinearAveragePool, QLinearGlobalAveragePool,
// which ORT also fuses DequantizeLinear -> op -> QuantizeLinear graphs into), so that an exported
// network runs bit-identically there:
//
//   add:  q = sat(roundHalfEven((a - za) * Ma + (b - zb) * Mb + zc)),  Ma = f32(sa / sc), Mb = f32(sb / sc)
//   avg:  q = sat(roundHalfEven(sum(x - zx over cells) * M / count + zy)),  M = f32(sx / sy)
//   global avg: q = sat(roundHalfEven(f32(f32(sum(x - zx)) * S)) + zy),  S = f32(sx / f32(sy * count))
//
// Add and average pool round once over the exact rational with the output zero point inside the
// rounding (ORT's quantize_value is nearbyintf(y / y_scale + y_zero_point)); the global pool
// multiplies by ORT's float32 scale and adds the zero point after rounding (MlasRequantizeOutput).
// The float32 steps are emulated exactly with Math.fround, so the results are still deterministic
// integers. The ReLU of an add clamps at zc, a fused clip at its bounds; `count` excludes padding
// (count_include_pad = 0).
import { quantizeMultiplier, reduceMultiplier, scaleRatio, type ReducedMultiplier } from './multiplier.js';
import { roundHalfEvenDiv, roundHalfEvenDivBig, roundHalfEvenScaled } from './rounding.js';
import { INT8_MAX, INT8_MIN } from './requantize.js';
import type { OutputClamp, TensorQuant } from '../ir/types.js';
import { outputRange } from '../ir/activation.js';

export interface AddRequantizer {
  readonly a: ReducedMultiplier;
  readonly b: ReducedMultiplier;
  readonly zeroPointA: number;
  readonly zeroPointB: number;
  readonly zeroPoint: number;
  readonly min: number;
  readonly max: number;
}

export function makeAddRequantizer(a: TensorQuant, b: TensorQuant, out: TensorQuant, relu: boolean, clamp?: OutputClamp): AddRequantizer {
  const { min, max } = outputRange(out.zeroPoint, relu, clamp);
  return {
    a: reduceMultiplier(quantizeMultiplier(scaleRatio(a.scale, out.scale))),
    b: reduceMultiplier(quantizeMultiplier(scaleRatio(b.scale, out.scale))),
    zeroPointA: a.zeroPoint,
    zeroPointB: b.zeroPoint,
    zeroPoint: out.zeroPoint,
    min,
    max,
  };
}

/** int8 a, int8 b -> int8 sum, exactly as defined in this file's header. */
export function requantizeAdd(qa: number, qb: number, r: AddRequantizer): number {
  // Bring both terms over the common denominator 2^shift, then round once.
  const shift = Math.max(r.a.rightShift, r.b.rightShift, 0);
  const ta = (qa - r.zeroPointA) * r.a.mantissa * 2 ** (shift - r.a.rightShift);
  const tb = (qb - r.zeroPointB) * r.b.mantissa * 2 ** (shift - r.b.rightShift);
  // The zero point is added before rounding, as ORT does (see the file header).
  const tz = r.zeroPoint * 2 ** shift;
  let q: number;
  if (Math.abs(ta) + Math.abs(tb) + Math.abs(tz) <= Number.MAX_SAFE_INTEGER && shift <= 52) {
    q = roundHalfEvenDiv(ta + tb + tz, 2 ** shift);
  } else {
    const big = (v: number, z: number, m: ReducedMultiplier): bigint =>
      BigInt(v - z) * BigInt(m.mantissa) << BigInt(shift - m.rightShift);
    const zeroBig = BigInt(r.zeroPoint) << BigInt(shift);
    q = Number(roundHalfEvenDivBig(big(qa, r.zeroPointA, r.a) + big(qb, r.zeroPointB, r.b) + zeroBig, 1n << BigInt(shift)));
  }
  return q < r.min ? r.min : q > r.max ? r.max : q;
}

export interface AverageRequantizer {
  readonly ratio: ReducedMultiplier;
  readonly zeroPointIn: number;
  readonly zeroPoint: number;
}

export function makeAverageRequantizer(input: TensorQuant, out: TensorQuant): AverageRequantizer {
  return {
    ratio: reduceMultiplier(quantizeMultiplier(scaleRatio(input.scale, out.scale))),
    zeroPointIn: input.zeroPoint,
    zeroPoint: out.zeroPoint,
  };
}

/** Window average pool. sum = sum over the window of (x - zx); count = cells summed. */
export function requantizeAverage(sum: number, count: number, r: AverageRequantizer): number {
  // roundHalfEven(sum * m / (count * 2^s) + zy) as one rational: (sum * m + zy * count * 2^s) / (count * 2^s).
  const { mantissa, rightShift } = r.ratio;
  const q =
    rightShift <= 0
      ? roundHalfEvenScaled(sum * 2 ** -rightShift * mantissa + r.zeroPoint * count, 1, 0, count)
      : roundHalfEvenScaled(sum * mantissa + r.zeroPoint * count * 2 ** rightShift, 1, rightShift, count);
  return q < INT8_MIN ? INT8_MIN : q > INT8_MAX ? INT8_MAX : q;
}

export interface GlobalAverageRequantizer {
  /** ORT's float32 multiplier f32(sx / f32(sy * count)). */
  readonly scaleF32: number;
  readonly zeroPointIn: number;
  readonly zeroPoint: number;
}

export function makeGlobalAverageRequantizer(input: TensorQuant, out: TensorQuant, count: number): GlobalAverageRequantizer {
  const f32 = Math.fround;
  return { scaleF32: f32(f32(input.scale) / f32(f32(out.scale) * count)), zeroPointIn: input.zeroPoint, zeroPoint: out.zeroPoint };
}

/** Global average pool over `count` cells; sum = sum of (x - zx). Emulates ORT's float32 steps exactly. */
export function requantizeGlobalAverage(sum: number, r: GlobalAverageRequantizer): number {
  // A double product of two float32 values is exact (24 + 24 bits), so fround gives float32's product.
  const scaled = Math.fround(Math.fround(sum) * r.scaleF32);
  const q = roundHalfEvenFloat(scaled) + r.zeroPoint;
  return q < INT8_MIN ? INT8_MIN : q > INT8_MAX ? INT8_MAX : q;
}

/** nearbyint in the default rounding mode: the nearest integer, ties to even. */
export function roundHalfEvenFloat(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
