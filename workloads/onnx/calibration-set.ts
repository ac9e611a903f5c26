// The real-valued images a float model is calibrated on: seeded ones (uniform in [-1, 1), the
// default) or the caller's, checked against the model's input size. Also the seeded held-out
// images the int8-vs-float agreement can be measured on instead: same distribution, other stream.
import { OhmflowError } from '../errors.js';
import type { Shape } from '../ir/types.js';
import { SeededRandom } from '../random.js';
import type { ImportOptions } from './import.js';

/** Seeded calibration images when the caller gives none. */
const DEFAULT_CALIBRATION_IMAGES = 8;

/** `count` images uniform in [-1, 1) from one seeded stream. */
function seededUniform(seed: number, stream: string, count: number, size: number): Float64Array[] {
  const random = new SeededRandom(seed, stream);
  return Array.from({ length: count }, () => Float64Array.from({ length: size }, () => 2 * random.nextFloat() - 1));
}

/**
 * Seeded images the calibration never saw: drawn as the default calibration images are, from a
 * stream of their own, so that an agreement on them is not measured where the scales were chosen.
 */
export function heldOutImages(count: number, shape: Shape, seed = 1): Float64Array[] {
  return seededUniform(seed, 'onnx-agreement', count, shape.reduce((p, d) => p * d, 1));
}

/** Real-valued calibration images; seeded ones are uniform in [-1, 1), a normalized image's range. */
export function calibrationSet(options: ImportOptions, shape: Shape, label: string): Float64Array[] {
  const size = shape.reduce((p, d) => p * d, 1);
  const cal = options.calibration ?? 'seeded';
  if (cal === 'seeded') return seededUniform(options.seed ?? 1, 'onnx-calibration', options.calibrationImages ?? DEFAULT_CALIBRATION_IMAGES, size);
  if (cal.length === 0) throw new OhmflowError('the calibration set is empty', { field: `${label}: calibration` });
  return cal.map((image, i) => {
    const values = 'data' in image ? Float64Array.from(image.data, (q) => image.quant.scale * (q - image.quant.zeroPoint)) : Float64Array.from(image);
    if (values.length !== size) {
      throw new OhmflowError(`calibration image ${i} has ${values.length} values, the model's input [${shape.join(', ')}] has ${size}`, { field: `${label}: calibration` });
    }
    return values;
  });
}
