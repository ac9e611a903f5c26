// `ohmflow networks --net FILE.onnx`: one ONNX file described as the zoo's networks are (layers,
// MACs, parameters, input), plus its output shape and the quantization of its input and output:
// the scale and zero point a user needs to quantize images for `simulate --input` and to read
// `--save-output` back. Shapes only (no calibration) unless --calibrate asks for a float model's,
// and then how far the int8 network's outputs are from the float model's (agreement.ts).
import { existsSync } from 'node:fs';
import { OhmflowError } from '../../../workloads/errors.js';
import { validateNetworkSkeleton } from '../../../workloads/ir/validate.js';
import { onnxQuantization, onnxSkeleton, parseOnnx } from '../../../workloads/onnx/index.js';
import { summarize, type NetworkSummary } from './netSummary.js';
import { calibrateForRun, imageCount } from '../calibration.js';
import { agreementForRun, agreementLines, givenAgreementFlags, type AgreementFlags, type AgreementReport } from '../agreement.js';
import { checkNoCalibrationFlags, type CalibrationFlags } from '../calibrationFlags.js';
import { quantizationLines, quantizationOf, uncalibratedQuantization, type QuantizationReport } from '../quantization.js';

interface OnnxSummary extends NetworkSummary {
  file: string;
  /** The default operator set's version the file imports, when it names one. */
  opset?: number;
  /** Output shape without the batch. */
  output: number[];
  quantization: QuantizationReport;
  /** After --calibrate of a float model: the int8 network against the float one (calibration or held-out images). */
  agreement?: AgreementReport;
}

export interface DescribeFlags extends CalibrationFlags, AgreementFlags {
  calibrate?: boolean;
  /** False with --no-agreement: calibrate without running the int8-vs-float comparison. */
  agreement?: boolean;
}

/**
 * An .onnx file's summary. A float model's quantization is reported as not chosen yet, unless
 * `calibrate`: then it is calibrated as `simulate` would (same flags, same cache).
 */
export async function describeOnnxFile(file: string, flags: DescribeFlags = {}): Promise<OnnxSummary> {
  if (!file.toLowerCase().endsWith('.onnx')) throw new OhmflowError(`expected an .onnx file, got "${file}"`, { field: '--net', fix: 'give an .onnx path; `ohmflow networks` without --net lists the zoo' });
  if (!existsSync(file)) throw new OhmflowError(`no such file: ${file}`, { field: '--net', fix: 'give the path of an .onnx file' });
  if (!flags.calibrate) checkNoCalibrationFlags(flags, 'networks calibrates only with --calibrate');
  if (!flags.calibrate && flags.agreement === false) throw new OhmflowError('--no-agreement applies only with --calibrate', { field: '--no-agreement', fix: 'add --calibrate, or drop --no-agreement' });
  const agreementFlags = givenAgreementFlags(flags);
  if (agreementFlags.length > 0 && (!flags.calibrate || flags.agreement === false)) {
    throw new OhmflowError(`${agreementFlags.join(' and ')} ${agreementFlags.length === 1 ? 'chooses' : 'choose'} the images of the int8-vs-float comparison, which runs only with --calibrate (and not --no-agreement)`, { field: agreementFlags[0], fix: `add --calibrate, or drop ${agreementFlags.join(' and ')}` });
  }
  // A bad count fails before the calibration, not after it.
  if (flags.agreementImages !== undefined) imageCount(flags.agreementImages, '--agreement-images');
  const parsed = parseOnnx(file);
  const net = onnxSkeleton(parsed);
  let quantization = uncalibratedQuantization(onnxQuantization(parsed));
  let agreement: AgreementReport | undefined;
  if (quantization.source === 'file') {
    checkNoCalibrationFlags(flags, `${file} is quantized and states its own scales`);
    if (agreementFlags.length > 0) throw new OhmflowError(`${file} is quantized: it has no float model to compare against`, { field: agreementFlags[0], fix: `drop ${agreementFlags.join(' and ')}` });
  }
  if (flags.calibrate && quantization.source === 'uncalibrated') {
    const { net: full, calibration } = await calibrateForRun(parsed, flags);
    quantization = quantizationOf(full, 'file', calibration, parsed.droppedHead);
    if (calibration !== undefined && flags.agreement !== false) agreement = await agreementForRun(parsed, full, flags, calibration.inputs);
  }
  const output = validateNetworkSkeleton(net).get(net.output)!;
  return {
    ...summarize(net), file, ...(parsed.opset === undefined ? {} : { opset: parsed.opset }), output: [...output], quantization,
    ...(agreement === undefined ? {} : { agreement }),
  };
}

export function onnxSummaryText(s: OnnxSummary): string {
  const source = {
    zoo: 'the zoo\'s',
    file: 'from the file',
    calibration: `chosen by calibration on ${s.quantization.calibration?.images} ${s.quantization.calibration?.inputs} image(s)`,
    uncalibrated: 'a float model: calibration chooses the scales; --calibrate shows them',
  }[s.quantization.source];
  return [
    `${s.name} (${s.file}): ${s.layers} layers, ${s.macs.toLocaleString('en-US')} MACs, ${s.params.toLocaleString('en-US')} params`,
    ...quantizationLines(s.quantization, s.input, s.output),
    `  quantization: ${source} (real = scale * (q - zero point))`,
    ...(s.agreement === undefined ? [] : agreementLines(s.agreement)),
  ].join('\n') + '\n';
}
