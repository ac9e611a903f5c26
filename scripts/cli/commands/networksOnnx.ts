// `ohmflow networks --net FILE.onnx`: one ONNX file described as the zoo's networks are (layers,
// MACs, parameters, input), plus its output shape and the quantization of its input and output:
// the scale and zero point a user needs to quantize images for `simulate --input` and to read
// `--save-output` back. Shapes only (no calibration) unless the quantization asks for it.
import { existsSync } from 'node:fs';
import { OhmflowError } from '../../../workloads/errors.js';
import type { TensorQuant } from '../../../workloads/ir/types.js';
import { validateNetworkSkeleton } from '../../../workloads/ir/validate.js';
import { importOnnxSkeleton, type OnnxQuantization } from '../../../workloads/onnx/index.js';
import { summarize, type NetworkSummary } from './netSummary.js';

export interface QuantizationSummary {
  /** real = scale * (q - zeroPoint); null until calibration chooses it (a float model, source 'uncalibrated'). */
  input: TensorQuant | null;
  output: TensorQuant | null;
  /** 'file': the model states them; 'calibration': chosen by calibrating a float model; 'uncalibrated': not chosen yet. */
  source: 'file' | 'calibration' | 'uncalibrated';
}

export interface OnnxSummary extends NetworkSummary {
  file: string;
  /** Output shape without the batch. */
  output: number[];
  quantization: QuantizationSummary;
}

export function quantizationSummary(q: OnnxQuantization): QuantizationSummary {
  return { input: q.input ?? null, output: q.output ?? null, source: q.needsCalibration ? 'uncalibrated' : 'file' };
}

/** Shapes-only description of an .onnx file; a float model's quantization is reported as not chosen yet. */
export function describeOnnxFile(file: string): OnnxSummary {
  if (!file.toLowerCase().endsWith('.onnx')) throw new OhmflowError(`expected an .onnx file, got "${file}"`, { field: '--net', fix: 'give an .onnx path; `ohmflow networks` without --net lists the zoo' });
  if (!existsSync(file)) throw new OhmflowError(`no such file: ${file}`, { field: '--net', fix: 'give the path of an .onnx file' });
  const { net, quantization } = importOnnxSkeleton(file);
  const output = validateNetworkSkeleton(net).get(net.output)!;
  return { ...summarize(net), file, output: [...output], quantization: quantizationSummary(quantization) };
}

const quantText = (q: TensorQuant | null): string => (q === null ? 'set by calibration' : `scale ${q.scale}, zero point ${q.zeroPoint}`);

export function onnxSummaryText(s: OnnxSummary): string {
  const lines = [
    `${s.name} (${s.file}): ${s.layers} layers, ${s.macs.toLocaleString('en-US')} MACs, ${s.params.toLocaleString('en-US')} params`,
    `  input  [${s.input.join(', ')}] int8, ${quantText(s.quantization.input)}`,
    `  output [${s.output.join(', ')}] int8, ${quantText(s.quantization.output)}`,
    `  quantization: ${s.quantization.source === 'file'
      ? 'from the file'
      : s.quantization.source === 'calibration'
        ? 'chosen by calibration (real = scale * (q - zero point))'
        : 'a float model: calibration chooses the scales; --calibrate shows them'}`,
  ];
  return lines.join('\n') + '\n';
}
