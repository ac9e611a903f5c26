// The quantization contract of a run, as `simulate --json` and `networks --net FILE --json` report
// it: real = scale * (q - zeroPoint) for the network's int8 input and output, and where the scales
// came from. A user quantizes images for `--input` with the input's and reads `--save-output` back
// with the output's.
import type { Network, TensorQuant } from '../../workloads/ir/types.js';
import type { CalibrationInfo, OnnxQuantization } from '../../workloads/onnx/index.js';
import { outputQuants } from '../../workloads/onnx/quant-of.js';

export interface QuantizationReport {
  /** null until calibration chooses it (a float model described without --calibrate). */
  input: TensorQuant | null;
  output: TensorQuant | null;
  /**
   * 'zoo': built with the zoo's scales; 'file': stated by a quantized ONNX model; 'calibration':
   * chosen by calibrating a float model; 'uncalibrated': a float model not calibrated yet.
   */
  source: 'zoo' | 'file' | 'calibration' | 'uncalibrated';
  /** For 'calibration': on how many images, seeded or given, and which executor ran them. */
  calibration?: { images: number; inputs: 'seeded' | 'given'; executor: CalibrationInfo['executor'] };
  /**
   * The model's final Softmax or LogSoftmax, dropped at import (`Softmax node "name"`): the output
   * holds the logits before it (same top class); apply it to the dequantized outputs for probabilities.
   */
  logitsBefore?: string;
}

const headOf = (droppedHead: string | undefined) => (droppedHead === undefined ? {} : { logitsBefore: droppedHead });

/** The report of a network with weights; `calibration` when a float model was calibrated for it. */
export function quantizationOf(net: Network, source: 'zoo' | 'file', calibration?: CalibrationInfo, droppedHead?: string): QuantizationReport {
  const quants = outputQuants(net);
  const input = net.layers.find((l) => l.kind === 'input')!;
  const report = { input: quants.get(input.name)!, output: quants.get(net.output)!, ...headOf(droppedHead) };
  if (calibration === undefined) return { ...report, source };
  return { ...report, source: 'calibration', calibration: { images: calibration.images, inputs: calibration.inputs, executor: calibration.executor } };
}

/** The report of an ONNX file read for its shapes only. */
export function uncalibratedQuantization(q: OnnxQuantization): QuantizationReport {
  return { input: q.input ?? null, output: q.output ?? null, source: q.needsCalibration ? 'uncalibrated' : 'file', ...headOf(q.droppedHead) };
}

const quantText = (q: TensorQuant | null): string => (q === null ? 'set by calibration' : `scale ${q.scale}, zero point ${q.zeroPoint}`);

/** Two lines: the input's and the output's quantization, with their shapes. */
export function quantizationLines(q: QuantizationReport, input: readonly number[], output: readonly number[], indent = '  '): string[] {
  const lines = [
    `${indent}input  [${input.join(', ')}] int8, ${quantText(q.input)}`,
    `${indent}output [${output.join(', ')}] int8, ${quantText(q.output)}`,
  ];
  if (q.logitsBefore) lines.push(`${indent}output holds the logits before the ${q.logitsBefore}, dropped at import (same top class)`);
  return lines;
}
