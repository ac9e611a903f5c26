// Integer semantics of the requantizing layers without weights: residual add and average pools.
// Both are defined as one exact rational rounded once, half to even, then offset and saturated:
//
//   add:  q = sat(roundHalfEven((a - za) * Ma + (b - zb) * Mb) + zc),  Ma = f32(sa / sc), Mb = f32(sb / sc)
//   avg:  q = sat(roundHalfEven(sum(x - zx over cells) * M / count) + zy), M = f32(sx / sy)
//
// with the ReLU of an add clamping at zc. `count` excludes padding (count_include_pad = 0).
// These equal ONNX Runtime's float QDQ graphs (DequantizeLinear -> Add / AveragePool /
// GlobalAveragePool -> QuantizeLinear, which rounds with nearbyint, half to even) whenever the float
// arithmetic there is exact or the rational is not within float error of a tie; the zoo guarantees it
// by giving both add inputs the output's scale (Ma = Mb = 1: an integer, never a tie) and by using
// power-of-two pool ratios. Note ORT's fused QLinearAdd kernel (MlasQLinearAdd) rounds ties up
// instead; with the zoo's integer adds no tie ever occurs, so both agree there too.
import { quantizeMultiplier, reduceMultiplier, scaleRatio, type ReducedMultiplier } from './multiplier.js';
import { roundHalfEvenDiv, roundHalfEvenDivBig, roundHalfEvenScaled } from './rounding.js';
import { INT8_MAX, INT8_MIN } from './requantize.js';
import type { TensorQuant } from '../ir/types.js';

export interface AddRequantizer {
  readonly a: ReducedMultiplier;
  readonly b: ReducedMultiplier;
  readonly zeroPointA: number;
  readonly zeroPointB: number;
  readonly zeroPoint: number;
  readonly min: number;
}

export function makeAddRequantizer(a: TensorQuant, b: TensorQuant, out: TensorQuant, relu: boolean): AddRequantizer {
  return {
    a: reduceMultiplier(quantizeMultiplier(scaleRatio(a.scale, out.scale))),
    b: reduceMultiplier(quantizeMultiplier(scaleRatio(b.scale, out.scale))),
    zeroPointA: a.zeroPoint,
    zeroPointB: b.zeroPoint,
    zeroPoint: out.zeroPoint,
    min: relu ? Math.max(INT8_MIN, out.zeroPoint) : INT8_MIN,
  };
}

/** int8 a, int8 b -> int8 sum, exactly as defined in this file's header. */
export function requantizeAdd(qa: number, qb: number, r: AddRequantizer): number {
  // Bring both terms over the common denominator 2^shift, then round once.
  const shift = Math.max(r.a.rightShift, r.b.rightShift, 0);
  const ta = (qa - r.zeroPointA) * r.a.mantissa * 2 ** (shift - r.a.rightShift);
  const tb = (qb - r.zeroPointB) * r.b.mantissa * 2 ** (shift - r.b.rightShift);
  let v: number;
  if (Math.abs(ta) + Math.abs(tb) <= Number.MAX_SAFE_INTEGER && shift <= 52) {
    v = roundHalfEvenDiv(ta + tb, 2 ** shift);
  } else {
    const big = (q: number, z: number, m: ReducedMultiplier): bigint =>
      BigInt(q - z) * BigInt(m.mantissa) << BigInt(shift - m.rightShift);
    v = Number(roundHalfEvenDivBig(big(qa, r.zeroPointA, r.a) + big(qb, r.zeroPointB, r.b), 1n << BigInt(shift)));
  }
  const q = v + r.zeroPoint;
  return q < r.min ? r.min : q > INT8_MAX ? INT8_MAX : q;
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

/** sum = sum over the window of (x - zx); count = cells summed. Returns the int8 average. */
export function requantizeAverage(sum: number, count: number, r: AverageRequantizer): number {
  const q = roundHalfEvenScaled(sum, r.ratio.mantissa, r.ratio.rightShift, count) + r.zeroPoint;
  return q < INT8_MIN ? INT8_MIN : q > INT8_MAX ? INT8_MAX : q;
}
