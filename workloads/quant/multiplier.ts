// Real multipliers (scale ratios) as ONNX Runtime computes them in float32, and their exact
// integer form: M = multiplier * 2^(shift - 31) with multiplier in [2^30, 2^31), as TFLite writes it.
import { OhmflowError } from '../errors.js';

/** The (int32 multiplier, shift) pair of a real multiplier: M = multiplier * 2^(shift - 31). */
export interface FixedPointMultiplier {
  /** Q31 mantissa in [2^30, 2^31). */
  readonly multiplier: number;
  /** Power-of-two exponent: a right shift by (31 - shift) follows the multiply. */
  readonly shift: number;
}

const f32 = Math.fround;

/**
 * M = X_scale * W_scale / Y_scale in float32, evaluated in the order ORT's QLinearConv uses
 * (onnxruntime/core/providers/cpu/quantization/qlinearconv.cc), so both sides start from the same M.
 */
export function convMultiplier(inScale: number, weightScale: number, outScale: number): number {
  return f32(f32(f32(inScale) * f32(weightScale)) / f32(outScale));
}

/** M = A_scale / C_scale in float32, the ratio ORT's QLinearAdd and QDQ graphs use. */
export function scaleRatio(numeratorScale: number, denominatorScale: number): number {
  return f32(f32(numeratorScale) / f32(denominatorScale));
}

/**
 * Exact fixed-point form of a positive float32 M: its 24-bit mantissa fits the Q31 multiplier, so
 * no rounding happens here. A double that is not a float32 is rounded to float32 first.
 */
export function quantizeMultiplier(real: number): FixedPointMultiplier {
  const m = f32(real);
  if (!(Number.isFinite(m) && m > 0)) {
    throw new OhmflowError(`a requantization multiplier must be finite and positive, got ${real}`);
  }
  let shift = Math.floor(Math.log2(m)) + 1; // m / 2^shift in [0.5, 1)
  // log2 may be off by one near powers of two; correct it.
  if (m / 2 ** shift >= 1) shift += 1;
  if (m / 2 ** shift < 0.5) shift -= 1;
  const multiplier = (m / 2 ** shift) * 2 ** 31; // exact: 24 mantissa bits into 31
  return { multiplier, shift };
}

/** Odd-mantissa form used by the executor: M = mantissa / 2^rightShift (fewer bits, same value). */
export interface ReducedMultiplier {
  readonly mantissa: number;
  readonly rightShift: number;
}

export function reduceMultiplier(fp: FixedPointMultiplier): ReducedMultiplier {
  let mantissa = fp.multiplier;
  let rightShift = 31 - fp.shift;
  while (mantissa % 2 === 0) {
    mantissa /= 2;
    rightShift -= 1;
  }
  return { mantissa, rightShift };
}

/** The real value of a fixed-point multiplier (exact in a double). */
export function multiplierValue(fp: FixedPointMultiplier): number {
  return fp.multiplier * 2 ** (fp.shift - 31);
}
