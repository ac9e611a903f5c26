// The int8-against-float report of a calibrated float model (`networks --net FILE --calibrate`):
// both run on the calibration images, with progress on stderr, and the figures printed as a line.
import { availableParallelism } from 'node:os';
import type { Network } from '../../workloads/ir/types.js';
import { floatInt8Agreement, type Agreement, type CalibrationInfo, type ParsedOnnx } from '../../workloads/onnx/index.js';
import { calibrationImagesForRun } from './calibration.js';
import type { CalibrationFlags } from './calibrationFlags.js';
import { progressBar } from './progressBar.js';

export interface AgreementReport extends Agreement {
  /** The calibration images compared on: seeded (uniform in [-1, 1)) or given with --calibration. */
  readonly inputs: CalibrationInfo['inputs'];
}

/** Runs the float model and the int8 network on the images calibration used. */
export async function agreementForRun(parsed: ParsedOnnx, net: Network, flags: CalibrationFlags, inputs: CalibrationInfo['inputs']): Promise<AgreementReport> {
  const images = calibrationImagesForRun(parsed, flags);
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
  return { ...agreement, inputs };
}

const significant = (v: number): string => v.toPrecision(3);

/** Two lines: what was compared, then the figures. */
export function agreementLines(a: AgreementReport, indent = '  '): string[] {
  const executor = a.executor === 'onnxruntime' ? 'ONNX Runtime' : 'JavaScript float64';
  const snr = a.outputSnrDb === null ? 'exact (no error)' : `${a.outputSnrDb.toFixed(1)} dB`;
  return [
    `${indent}int8 vs float (${executor}) on the ${a.images} ${a.inputs} calibration image(s):`,
    `${indent}  top-1 agrees on ${a.top1Agreeing}/${a.images} (${a.top1AgreementPct.toFixed(1)} %), output SNR ${snr}, `
      + `max abs error ${significant(a.maxAbsError)} (largest float output ${significant(a.floatMaxAbs)})`,
  ];
}
