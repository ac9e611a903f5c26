// The images `simulate` streams, from --input or a default: an .npy file (int8 codes, or float32 /
// float64 values quantized with the network input's scale and zero point), PNG/JPEG files (decoded,
// optionally resized, normalized with --mean/--std, then quantized the same way), MNIST digits for
// the MNIST networks when the dataset is installed (for the trained ones, digits they were not
// trained on), or seeded random images.
import { OhmflowError } from '../../workloads/errors.js';
import { isMnistAvailable, mnistDigits, randomInt8Input } from '../../workloads/datasets/index.js';
import { mnistSplit } from '../../workloads/datasets/mnistSplit.js';
import { isImageFile, readImageFile } from '../../workloads/datasets/imageFiles.js';
import { TRAINED_NETWORKS } from '../../workloads/zoo/trained.js';
import { npyDescr, readNpyInt8 } from '../../workloads/onnx/npy.js';
import { readNpyFloatImages } from '../../workloads/onnx/index.js';
import { quantizeTensor } from '../../workloads/quant/quantizeLinear.js';
import type { Network, TensorQuant } from '../../workloads/ir/types.js';
import { checkInputFile } from './paths.js';

export interface InputFlags {
  images?: string;
  input?: string;
  resize?: boolean;
  mean?: string;
  std?: string;
}

function numberList(text: string, flag: string): number[] {
  const values = text.split(',').map((t) => Number(t.trim()));
  if (text.trim() === '' || values.some((v) => !Number.isFinite(v))) {
    throw new OhmflowError(`expected numbers separated by commas, got "${text}"`, { field: flag, fix: `for example ${flag} 0.5 or ${flag} 0.485,0.456,0.406` });
  }
  return values;
}

/** Every --input path, checked to exist, before any work. */
export function inputFiles(flags: InputFlags): string[] {
  const imageOnly = ([['--resize', flags.resize], ['--mean', flags.mean], ['--std', flags.std]] as const).filter(([, v]) => v !== undefined).map(([k]) => k);
  if (flags.input === undefined) {
    if (imageOnly.length > 0) throw new OhmflowError(`${imageOnly.join(', ')} apply to PNG/JPEG --input files`, { field: imageOnly[0], fix: 'add --input FILE.png, or drop it' });
    return [];
  }
  const files = flags.input.split(',').map((f) => f.trim()).filter((f) => f.length > 0);
  const images = files.filter(isImageFile);
  if (images.length > 0 && images.length < files.length) {
    throw new OhmflowError('mixes image files and other files', { field: '--input', fix: 'give one .npy file, or PNG/JPEG files only' });
  }
  if (images.length === 0 && files.length !== 1) throw new OhmflowError(`${files.length} files given; an .npy input is one file`, { field: '--input', fix: 'stack the images into one .npy array [N, ...shape]' });
  if (images.length === 0 && imageOnly.length > 0) {
    throw new OhmflowError(`${imageOnly.join(', ')} apply to PNG/JPEG --input files, not to an .npy array`, { field: imageOnly[0], fix: 'preprocess the array before saving it, or drop the flag' });
  }
  for (const f of files) checkInputFile(f, '--input');
  return files;
}

const quantText = (q: TensorQuant) => `scale ${q.scale}, zero point ${q.zeroPoint}`;

/** The images to stream, and a line saying where they came from. */
export async function inputImages(
  flags: InputFlags,
  net: Network,
  shape: readonly number[],
  inputQuant: TensorQuant,
  count: number,
  seed: number | undefined,
): Promise<{ inputs: Int8Array[]; source: string }> {
  const size = shape.reduce((p, d) => p * d, 1);
  const files = inputFiles(flags);
  // --images N with --input takes the first N images.
  const firstOf = (available: number, file: string): number => {
    if (flags.images !== undefined && count > available) {
      throw new OhmflowError(`--images ${count} but ${file} holds ${available} image(s)`, { field: '--images', fix: `pass --images ${available} or fewer, or leave it out to run them all` });
    }
    return flags.images === undefined ? available : count;
  };
  if (files.length > 0 && isImageFile(files[0])) {
    const n = firstOf(files.length, '--input');
    const preprocessing = {
      resize: flags.resize === true,
      mean: flags.mean === undefined ? [0] : numberList(flags.mean, '--mean'),
      std: flags.std === undefined ? [1] : numberList(flags.std, '--std'),
    };
    const inputs = [];
    for (const file of files.slice(0, n)) inputs.push(quantizeTensor(await readImageFile(file, shape, preprocessing), inputQuant));
    return { inputs, source: `${n} image file(s), pixel / 255 normalized by mean ${preprocessing.mean.join(',')} and std ${preprocessing.std.join(',')}, quantized with the input's ${quantText(inputQuant)}` };
  }
  if (files.length === 1) {
    const file = files[0];
    if (/f[48]$/.test(npyDescr(file))) {
      const floats = readNpyFloatImages(file, shape);
      const n = firstOf(floats.length, file);
      return { inputs: floats.slice(0, n).map((x) => quantizeTensor(x, inputQuant)), source: `${n} of ${floats.length} float image(s) from ${file}, quantized with the input's ${quantText(inputQuant)}` };
    }
    const npy = readNpyInt8(file);
    const s = npy.shape;
    const same = (a: readonly number[]) => a.length === shape.length && a.every((d, i) => d === shape[i]);
    if (!same(s) && !(s.length === shape.length + 1 && same(s.slice(1)) && s[0] >= 1)) {
      throw new OhmflowError(`shape is [${s.join(', ')}], the network expects [${shape.join(', ')}] or a batch [N, ${shape.join(', ')}]`, {
        field: file, fix: 'save an int8 array of the network input shape (numpy.save(file, x.astype(numpy.int8)))',
      });
    }
    const available = npy.data.length / size;
    const n = firstOf(available, file);
    return { inputs: Array.from({ length: n }, (_, k) => npy.data.slice(k * size, (k + 1) * size)), source: `${n} of ${available} image(s) from ${file}` };
  }
  const mnistSize = shape.length === 3 && shape[0] === 1 && shape[1] === shape[2] && (shape[1] === 28 || shape[1] === 32) ? (shape[1] as 28 | 32) : undefined;
  if (TRAINED_NETWORKS.some((t) => t.name === net.name && t.imageSidePx === mnistSize) && isMnistAvailable()) {
    const digits = mnistSplit('test', { size: mnistSize, count });
    if (digits.length < count) throw new OhmflowError(`--images ${count} but the MNIST test split holds ${digits.length} digits`, { field: '--images', fix: `pass --images ${digits.length} or fewer` });
    return { inputs: digits.map((d) => d.data), source: `${count} held-out MNIST digit(s)` };
  }
  if ((net.name === 'lenet5' || net.name === 'mlp') && mnistSize !== undefined && isMnistAvailable()) {
    return { inputs: mnistDigits(count, { size: mnistSize }).map((d) => d.data), source: `${count} MNIST digit(s)` };
  }
  return { inputs: Array.from({ length: count }, (_, i) => randomInt8Input(shape, seed ?? 1, i)), source: `${count} seeded random image(s)` };
}
