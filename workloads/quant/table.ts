// Lookup-table activations (ActivationTable): an element-wise float function tabulated over the
// 256 int8 codes of its input quantization, each entry rounded (half to even) into the output
// quantization and saturated. Computed once when a network is built; the integer reference and the
// engine then only index the table (requantize.ts), so every element-wise function costs the same.
import type { TableFunction, TensorQuant } from '../ir/types.js';
import { roundHalfEvenFloat } from './elementwise.js';
import { quantizeLinear } from './quantizeLinear.js';

/** Parameters of HardSigmoid: max(0, min(1, alpha * x + beta)); ONNX defaults 0.2 and 0.5, PyTorch exports 1/6 and 0.5. */
export interface HardSigmoidParams {
  readonly alpha: number;
  readonly beta: number;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const hardSigmoid = (x: number, p: HardSigmoidParams): number => Math.max(0, Math.min(1, p.alpha * x + p.beta));

/** The real function a table holds. */
export function tableFunction(fn: TableFunction, hard: HardSigmoidParams = { alpha: 0.2, beta: 0.5 }): (x: number) => number {
  switch (fn) {
    case 'sigmoid':
      return sigmoid;
    case 'hardsigmoid':
      return (x) => hardSigmoid(x, hard);
    case 'hardswish':
      // ONNX HardSwish: x * HardSigmoid(x) with alpha 1/6, beta 0.5 (PyTorch's nn.Hardswish).
      return (x) => x * hardSigmoid(x, { alpha: 1 / 6, beta: 0.5 });
    case 'silu':
      return (x) => x * sigmoid(x);
  }
}

/**
 * SiLU as a quantized (QDQ) model computes it in ONNX Runtime: x times its sigmoid rounded to int8
 * codes of `sigmoidQuant` (QuantizeLinear, then DequantizeLinear), in float32.
 */
export function qdqSilu(sigmoidQuant: TensorQuant): (x: number) => number {
  const f32 = Math.fround;
  return (x) => f32(f32(x) * f32(f32(sigmoidQuant.scale) * (quantizeLinear(sigmoid(f32(x)), sigmoidQuant) - sigmoidQuant.zeroPoint)));
}

/** The 256-entry table of `f` from `pre` codes to `out` codes. */
export function buildTable(f: (x: number) => number, pre: TensorQuant, out: TensorQuant): Int8Array {
  return Int8Array.from({ length: 256 }, (_, i) => {
    const y = f(pre.scale * (i - 128 - pre.zeroPoint));
    const q = roundHalfEvenFloat(y / out.scale) + out.zeroPoint;
    return Math.max(-128, Math.min(127, q));
  });
}
