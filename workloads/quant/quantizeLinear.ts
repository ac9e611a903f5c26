// ONNX QuantizeLinear to int8, as ONNX Runtime computes it: the float32 quotient of the value by
// the scale, rounded to the nearest integer with ties to even, plus the zero point, saturated. Used
// for real-valued inputs (float .npy images, decoded PNG/JPEG files) and for folded Clip bounds.
import type { TensorQuant } from '../ir/types.js';
import { roundHalfEvenFloat } from './elementwise.js';
import { INT8_MAX, INT8_MIN } from './requantize.js';

export function quantizeLinear(value: number, q: TensorQuant): number {
  if (!Number.isFinite(value)) return value < 0 ? INT8_MIN : INT8_MAX;
  const f32 = Math.fround;
  const code = roundHalfEvenFloat(f32(f32(value) / f32(q.scale))) + q.zeroPoint;
  return code < INT8_MIN ? INT8_MIN : code > INT8_MAX ? INT8_MAX : code;
}

/** A real-valued tensor quantized element by element. */
export function quantizeTensor(values: ArrayLike<number>, q: TensorQuant): Int8Array {
  return Int8Array.from({ length: values.length }, (_, i) => quantizeLinear(values[i], q));
}
