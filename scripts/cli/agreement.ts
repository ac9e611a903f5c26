// The int8-against-float report of a calibrated float model (`networks --net FILE --calibrate`):
// both run on the calibration images, or on held-out ones (--agreement-images N seeded images the
// calibration never saw, --agreement-input FILE.npy), with progress on stderr, and the figures
// printed as two lines.
import { availableParallelism } from 'node:os';
import { OhmflowError } from '../../workloads/errors.js';
import type { Network } from '../../workloads/ir/types.js';
import { floatInt8Agreement, heldOutImages, int8OutputsAgreement, readNpyFloatImages, type Agreement, type CalibrationInfo, type ParsedOnnx } from '../../workloads/onnx/index.js';
import { calibrationImagesForRun, imageCount } from './calibration.js';
import type { CalibrationFlags } from './calibrationFlags.js';
import { checkInputFile } from './paths.js';
import { progressBar } from './progressBar.js';

export interface AgreementFlags {
  /** N images to compare on instead of the calibration set: seeded ones, or the first N of --agreement-input. */
  agreementImages?: string;
  /** Float32 images [N, C, H, W] to compare on instead of the calibration set. */
  agreementInput?: string;
}

export interface AgreementReport extends Agreement {
  /** The images compared on: seeded (uniform in [-1, 1)) or read from a file. */
  readonly inputs: CalibrationInfo['inputs'];
  /** 'calibration': the images the scales were chosen on (optimistic); 'held-out': others. */
  readonly imageSet: 'calibration' | 'held-out';
}

/** A simulated run's int8 outputs against the float model on the same (dequantized) input images. */
interface SimulatedAgreement extends Agreement {
  readonly imageSet: 'simulated';
}

/** The chip's int8 outputs of a run against the float model: ONNX Runtime on the run's inputs, dequantized. */
export async function agreementOfRun(
  parsed: ParsedOnnx, net: Network, inputs: readonly Int8Array[], outputs: readonly Int8Array[],
): Promise<SimulatedAgreement> {
  process.stderr.write(`int8 vs float: running the float model of ${parsed.name} on the ${inputs.length} simulated image(s)...\n`);
  return { ...(await int8OutputsAgreement(parsed, net, inputs, outputs)), imageSet: 'simulated' };
}

/** The agreement flags given, by name: for refusing them where no comparison runs. */
export function givenAgreementFlags(flags: AgreementFlags): string[] {
  return [['--agreement-images', flags.agreementImages], ['--agreement-input', flags.agreementInput]].filter(([, v]) => v !== undefined).map(([k]) => k!);
}

type Compared = Pick<AgreementReport, 'inputs' | 'imageSet'> & { images: Float64Array[] };

/** The images the flags ask to compare on. */
function comparedImages(parsed: ParsedOnnx, flags: CalibrationFlags & AgreementFlags, calibrationInputs: CalibrationInfo['inputs']): Compared {
  const shape = parsed.drafts.get(parsed.order[0])!.shape;
  const count = flags.agreementImages === undefined ? undefined : imageCount(flags.agreementImages, '--agreement-images');
  if (flags.agreementInput !== undefined) {
    checkInputFile(flags.agreementInput, '--agreement-input');
    const given = (readNpyFloatImages(flags.agreementInput, shape) as ArrayLike<number>[]).map((x) => Float64Array.from(x));
    if (count !== undefined && count > given.length) {
      throw new OhmflowError(`--agreement-images ${count} but ${flags.agreementInput} holds ${given.length} image(s)`, { field: '--agreement-images', fix: `pass ${given.length} or fewer` });
    }
    return { images: count === undefined ? given : given.slice(0, count), inputs: 'given', imageSet: 'held-out' };
  }
  if (count !== undefined) return { images: heldOutImages(count, shape), inputs: 'seeded', imageSet: 'held-out' };
  return { images: calibrationImagesForRun(parsed, flags), inputs: calibrationInputs, imageSet: 'calibration' };
}

/** Runs the float model and the int8 network on the images the flags choose (default: calibration's). */
export async function agreementForRun(parsed: ParsedOnnx, net: Network, flags: CalibrationFlags & AgreementFlags, calibrationInputs: CalibrationInfo['inputs']): Promise<AgreementReport> {
  const { images, inputs, imageSet } = comparedImages(parsed, flags, calibrationInputs);
  const bar = progressBar(`int8 vs float ${parsed.name}`);
  const gmac = (macs: number): string => `${(macs / 1e9).toFixed(2)} GMAC`;
  let agreement: Agreement;
  try {
    const onProgress = (done: number, total: number): void => bar.update(done, total, gmac(done));
    agreement = await floatInt8Agreement(parsed, net, images, { jobs: availableParallelism(), onProgress });
  } catch (e) {
    bar.stop(false);
    throw e;
  }
  bar.stop(true, `${images.length} image(s)`);
  return { ...agreement, inputs, imageSet };
}

const significant = (v: number): string => v.toPrecision(3);

/** Two lines: what was compared, then the figures. */
export function agreementLines(a: AgreementReport | SimulatedAgreement, indent = '  '): string[] {
  const executor = a.executor === 'onnxruntime' ? 'ONNX Runtime' : 'JavaScript float64';
  const snr = a.outputSnrDb === null ? 'exact (no error)' : `${a.outputSnrDb.toFixed(1)} dB`;
  const what = a.imageSet === 'simulated'
    ? `the chip's int8 outputs vs float (${executor}) on the ${a.images} simulated image(s), their int8 inputs dequantized`
    : `int8 vs float (${executor}) on the ${a.images} ${a.inputs} ${a.imageSet === 'calibration' ? 'calibration image(s)' : 'held-out image(s), not the calibration set'}`;
  return [
    `${indent}${what}:`,
    `${indent}  top-1 agrees on ${a.top1Agreeing}/${a.images} (${a.top1AgreementPct.toFixed(1)} %), cosine similarity ${a.cosineSimilarity.toFixed(6)}, output SNR ${snr}, `
      + `max abs error ${significant(a.maxAbsError)} (largest float output ${significant(a.floatMaxAbs)})`,
  ];
}

/** A run's agreement as text after its report, or nothing where the run had no float model. */
export function agreementText(agreement: SimulatedAgreement | undefined): string {
  return agreement === undefined ? '' : agreementLines(agreement, '').join('\n') + '\n';
}
