// The real-valued images a float model is calibrated on: seeded ones (uniform in [-1, 1), the
// default) or the caller's, checked against the model's input size.
import { OhmflowError } from '../errors.js';
import type { Shape } from '../ir/types.js';
import { SeededRandom } from '../random.js';
import type { ImportOptions } from './import.js';

/** Seeded calibration images when the caller gives none. */
const DEFAULT_CALIBRATION_IMAGES = 8;

/** Real-valued calibration images; seeded ones are uniform in [-1, 1), a normalized image's range. */
export function calibrationSet(options: ImportOptions, shape: Shape, label: string): Float64Array[] {
  const size = shape.reduce((p, d) => p * d, 1);
  const cal = options.calibration ?? 'seeded';
  if (cal === 'seeded') {
    const random = new SeededRandom(options.seed ?? 1, 'onnx-calibration');
    const count = options.calibrationImages ?? DEFAULT_CALIBRATION_IMAGES;
    return Array.from({ length: count }, () => Float64Array.from({ length: size }, () => 2 * random.nextFloat() - 1));
  }
  if (cal.length === 0) throw new OhmflowError('the calibration set is empty', { field: `${label}: calibration` });
  return cal.map((image, i) => {
    const values = 'data' in image ? Float64Array.from(image.data, (q) => image.quant.scale * (q - image.quant.zeroPoint)) : Float64Array.from(image);
    if (values.length !== size) {
      throw new OhmflowError(`calibration image ${i} has ${values.length} values, the model's input [${shape.join(', ')}] has ${size}`, { field: `${label}: calibration` });
    }
    return values;
  });
}
