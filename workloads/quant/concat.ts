// Integer semantics of channel concat when an input's quantization differs from the output's. It
// follows ONNX Runtime: a DequantizeLinear -> Concat -> QuantizeLinear graph, which ORT runs either
// as written or fused into QLinearConcat (whose per-input lookup table is built with the same two
// float32 steps), so an exported network runs bit-identically there:
//
//   q = sat(roundHalfEven(f32(f32(sx * (x - zx)) / sy)) + zy)
//
// The float32 product and quotient are emulated exactly with Math.fround. An input at the output's
// scale and zero point maps every code to itself, so it is copied and costs no requantization.
import type { TensorQuant } from '../ir/types.js';
import { roundHalfEvenFloat } from './elementwise.js';
import { INT8_MAX, INT8_MIN } from './requantize.js';

/** Whether an input of quantization `input` must be requantized to join an output at `out`. */
export function concatNeedsRequantize(input: TensorQuant, out: TensorQuant): boolean {
  return Math.fround(input.scale) !== Math.fround(out.scale) || input.zeroPoint !== out.zeroPoint;
}

/** int8 code x at `input` -> int8 code at `out`, exactly as defined in this file's header. */
export function requantizeConcat(x: number, input: TensorQuant, out: TensorQuant): number {
  const f32 = Math.fround;
  const real = f32(f32(input.scale) * (x - input.zeroPoint));
  const q = roundHalfEvenFloat(f32(real / f32(out.scale))) + out.zeroPoint;
  return q < INT8_MIN ? INT8_MIN : q > INT8_MAX ? INT8_MAX : q;
}

/** All 256 codes of `input` mapped to `out` (index x + 128): what a unit applies per value. */
export function concatTable(input: TensorQuant, out: TensorQuant): Int8Array {
  const table = new Int8Array(256);
  for (let x = INT8_MIN; x <= INT8_MAX; x++) table[x - INT8_MIN] = requantizeConcat(x, input, out);
  return table;
}
