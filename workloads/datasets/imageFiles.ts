// PNG and JPEG files as a network's real-valued input, for a quick look without Python: decoded by
// the canvas package (Cairo, already a dependency of the charts), optionally scaled to the input's
// height and width, then pixel / 255 normalized per channel as (x - mean) / std, in C x H x W
// order. One channel is the luminance 0.299 R + 0.587 G + 0.114 B (PIL's "L", which torchvision's
// Grayscale uses). Transparent pixels read as black (the canvas holds premultiplied colour).
// Resizing uses Cairo's best filter, not PIL's: for pixel-exact inputs, save an .npy array.
// Quantizing to int8 is the caller's (workloads/quant).
import { extname } from 'node:path';
import { OhmflowError } from '../errors.js';
import { readFileBytes } from '../onnx/npy.js';

const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg'] as const;

export function isImageFile(file: string): boolean {
  return (IMAGE_EXTENSIONS as readonly string[]).includes(extname(file).toLowerCase());
}

interface ImagePreprocessing {
  /** Scale every image to the input's height and width; else its size must match. */
  resize: boolean;
  /** Per channel, applied to pixel / 255; one value applies to every channel. */
  mean: readonly number[];
  std: readonly number[];
}

const perChannel = (values: readonly number[], channels: number, flag: string): number[] => {
  if (values.length === 1) return new Array<number>(channels).fill(values[0]);
  if (values.length !== channels) {
    throw new OhmflowError(`${values.length} values for an input of ${channels} channel(s)`, { field: flag, fix: `give one value, or ${channels} separated by commas` });
  }
  return [...values];
};

/** `file` decoded and normalized into a C x H x W array of `shape` ([C, H, W], C = 1 or 3). */
export async function readImageFile(file: string, shape: readonly number[], o: ImagePreprocessing): Promise<Float32Array> {
  if (shape.length !== 3 || (shape[0] !== 1 && shape[0] !== 3)) {
    throw new OhmflowError(`the network's input is [${shape.join(', ')}]; image files fit inputs of 1 or 3 channels [C, H, W]`, {
      field: file, fix: 'save the input as an .npy array of the network input shape instead',
    });
  }
  const [channels, height, width] = shape;
  const mean = perChannel(o.mean, channels, '--mean');
  const std = perChannel(o.std, channels, '--std');
  const zero = std.findIndex((s) => !(Math.abs(s) > 0));
  if (zero >= 0) throw new OhmflowError(`std of channel ${zero} is ${std[zero]}`, { field: '--std', fix: 'give non-zero standard deviations' });
  // Loaded here, not at import: the native addon costs start-up time that only image input needs.
  const { createCanvas, loadImage } = await import('canvas');
  let image;
  try {
    image = await loadImage(Buffer.from(readFileBytes(file)));
  } catch (e) {
    throw new OhmflowError(`not a PNG or JPEG image the canvas package can decode (${(e as Error).message})`, { field: file, fix: 'convert it to PNG, or save an .npy array' });
  }
  if (!o.resize && (image.width !== width || image.height !== height)) {
    throw new OhmflowError(`is ${image.width} x ${image.height} pixels, the network takes ${width} x ${height}`, {
      field: file, fix: `add --resize to scale it to ${width} x ${height}, or crop it to that size`,
    });
  }
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.imageSmoothingEnabled = true;
  ctx.patternQuality = 'best';
  ctx.drawImage(image, 0, 0, width, height);
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const plane = width * height;
  const out = new Float32Array(channels * plane);
  for (let p = 0; p < plane; p++) {
    const [r, g, b] = [rgba[4 * p], rgba[4 * p + 1], rgba[4 * p + 2]];
    if (channels === 1) out[p] = ((0.299 * r + 0.587 * g + 0.114 * b) / 255 - mean[0]) / std[0];
    else for (let c = 0; c < 3; c++) out[c * plane + p] = ([r, g, b][c] / 255 - mean[c]) / std[c];
  }
  return out;
}
