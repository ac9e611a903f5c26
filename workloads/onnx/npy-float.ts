// Float calibration images from a NumPy .npy file (`--calibration images.npy`): float32 (or
// float64) NCHW, one image of the model's input shape or a batch [N, ...shape], as a PyTorch
// preprocessing pipeline produces them (e.g. ImageNet-normalized).
import { OhmflowError } from '../errors.js';
import type { Shape } from '../ir/types.js';
import { parseNpy, readFileBytes } from './npy.js';

const ITEM_BYTES: Readonly<Record<string, number>> = { '<f4': 4, '=f4': 4, '<f8': 8, '=f8': 8 };

/** The images of a float .npy file whose shape is `shape` or [N, ...shape]. */
export function readNpyFloatImages(file: string, shape: Shape): Float32Array[] | Float64Array[] {
  const raw = parseNpy(readFileBytes(file), file, (descr) => {
    const size = ITEM_BYTES[descr];
    if (size === undefined) {
      throw new OhmflowError(`array type is ${descr}, expected float32 (<f4)`, { field: file, fix: 'save the calibration images as float32: numpy.save(file, x.astype(numpy.float32))' });
    }
    return size;
  });
  const s = raw.shape;
  const same = (a: readonly number[]) => a.length === shape.length && a.every((d, i) => d === shape[i]);
  const batched = s.length === shape.length + 1 && same(s.slice(1)) && s[0] >= 1;
  if (!same(s) && !batched) {
    throw new OhmflowError(`shape is [${s.join(', ')}], the model's input is [${shape.join(', ')}]: expected a batch [N, ${shape.join(', ')}]`, {
      field: file, fix: 'save the preprocessed images as one float32 array [N, C, H, W] (numpy.stack of the model\'s inputs)',
    });
  }
  const count = batched ? s[0] : 1;
  const size = shape.reduce((p, d) => p * d, 1);
  const all = raw.descr.endsWith('f4') ? new Float32Array(raw.data) : new Float64Array(raw.data);
  for (const v of all) {
    if (!Number.isFinite(v)) throw new OhmflowError(`holds a non-finite value (${v})`, { field: file, fix: 'calibrate on finite values (check the preprocessing for NaN)' });
  }
  return Array.from({ length: count }, (_, k) => all.slice(k * size, (k + 1) * size)) as Float32Array[] | Float64Array[];
}
