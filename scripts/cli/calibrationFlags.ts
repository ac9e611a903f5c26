// The calibration flags' values, and their refusal on runs that do not calibrate. Apart from
// calibration.ts so that commands can check them without loading the ONNX and calibration code.
import { OhmflowError } from '../../workloads/errors.js';

export interface CalibrationFlags {
  calibration?: string;
  calibrationImages?: string;
  /** False with --no-calibration-cache (commander's negation). */
  calibrationCache?: boolean;
}

/** Calibration flags on a command that does not calibrate (a zoo network, or a quantized file): refused, not ignored. */
export function checkNoCalibrationFlags(flags: CalibrationFlags, why: string): void {
  const given = [['--calibration', flags.calibration], ['--calibration-images', flags.calibrationImages]].filter(([, v]) => v !== undefined).map(([k]) => k);
  if (given.length === 0) return;
  throw new OhmflowError(`${given.join(' and ')} ${given.length === 1 ? 'applies' : 'apply'} only to float ONNX models; ${why}`, { field: given[0]!, fix: `drop ${given.join(' and ')}` });
}
