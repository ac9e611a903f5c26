// Integer semantics of the channel-broadcast product (ChannelMulLayer). It follows ONNX Runtime's
// QLinearMul (MLAS qlmul.cpp, SSE2 and NEON64 paths): the product of the two zero-point-free int8
// codes is an exact int32, converted to float32, multiplied by the float32 ratio
// f32(f32(xScale * gScale) / outScale), the output zero point added in float32, then rounded half to
// even and saturated:
//
//   q = sat(roundHalfEven(f32(f32(f32(p) * ratio) + zy))),  p = (x - zx) * (g - zg)
//
// The float32 steps are emulated exactly with Math.fround (a double product of two float32 values is
// exact), so an exported network runs bit-identically in ORT at any scales.
import type { TensorQuant } from '../ir/types.js';
import { roundHalfEvenFloat } from './elementwise.js';
import { INT8_MAX, INT8_MIN } from './requantize.js';

export interface MulRequantizer {
  /** f32(f32(xScale * gScale) / outScale). */
  readonly ratio: number;
  readonly zeroPoint: number;
}

export function makeMulRequantizer(xScale: number, gateScale: number, out: TensorQuant): MulRequantizer {
  const f32 = Math.fround;
  return { ratio: f32(f32(f32(xScale) * f32(gateScale)) / f32(out.scale)), zeroPoint: out.zeroPoint };
}

/** The product p = (x - zx) * (g - zg) of two int8 codes -> int8 code, as defined in the header. */
export function requantizeMul(product: number, r: MulRequantizer): number {
  const f32 = Math.fround;
  const q = roundHalfEvenFloat(f32(f32(product * r.ratio) + r.zeroPoint));
  return q < INT8_MIN ? INT8_MIN : q > INT8_MAX ? INT8_MAX : q;
}
