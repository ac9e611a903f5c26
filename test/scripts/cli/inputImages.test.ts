// `simulate --input` from PNG/JPEG files and float .npy arrays: decoded (and resized) pixels,
// normalized by --mean/--std, quantized with the network input's scale and zero point as ONNX
// Runtime's QuantizeLinear does. Expected codes are worked out by hand from the pixel values.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas } from 'canvas';
import { getNetwork } from '../../../workloads/zoo/registry.js';
import type { InputLayer, TensorQuant } from '../../../workloads/ir/types.js';
import { inputImages, type InputFlags } from '../../../scripts/cli/inputImages.js';
import { cliOutput } from './cliOutput.js';

afterEach(() => vi.restoreAllMocks());

const dir = mkdtempSync(join(tmpdir(), 'ohmflow-input-'));

/** A PNG of `width` x `height` filled with one colour, or per pixel by `colour(x, y)`. */
function png(name: string, width: number, height: number, colour: (x: number, y: number) => [number, number, number]): string {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = colour(x, y);
      image.data.set([r, g, b, 255], 4 * (y * width + x));
    }
  }
  ctx.putImageData(image, 0, 0);
  const file = join(dir, name);
  writeFileSync(file, canvas.toBuffer('image/png'));
  return file;
}

/** A float32 .npy file of `shape`. */
function npyFloat32(name: string, shape: number[], values: number[]): string {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
  const head = Buffer.alloc(10);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  head.writeUInt16LE(header.length, 8);
  const file = join(dir, name);
  writeFileSync(file, Buffer.concat([head, Buffer.from(header, 'latin1'), Buffer.from(new Float32Array(values).buffer)]));
  return file;
}

const lenet = getNetwork('lenet5');
const lenetInput = lenet.layers.find((l) => l.kind === 'input') as InputLayer;
const vgg = getNetwork('vgg8');
const vggInput = vgg.layers.find((l) => l.kind === 'input') as InputLayer;
/** scale 1/127, zero point 0: +-1 maps to +-127. */
const unit: TensorQuant = { scale: 1 / 127, zeroPoint: 0 };

describe('simulate --input from image files', () => {
  test('grayscale PNG: luminance / 255, (x - mean) / std, quantized half to even', async () => {
    // Columns: white, black, mid-grey 128, pure red (luminance 0.299 * 255 = 76.245).
    const file = png('gray.png', 32, 32, (x) => ([[255, 255, 255], [0, 0, 0], [128, 128, 128], [255, 0, 0]] as const)[x % 4] as [number, number, number]);
    const flags: InputFlags = { input: file, mean: '0.5', std: '0.5' };
    const { inputs, source } = await inputImages(flags, lenet, lenetInput.shape, unit, 2, undefined);
    expect(inputs).toHaveLength(1);
    // white: (1 - 0.5) / 0.5 = 1 -> 127; black: -1 -> -127; 128: 0.00392 -> 0.498 -> 0;
    // red: (0.299 - 0.5) / 0.5 = -0.402 -> -51.05 -> -51.
    expect([...inputs[0].slice(0, 8)]).toEqual([127, -127, 0, -51, 127, -127, 0, -51]);
    expect(source).toMatch(/1 image file\(s\), pixel \/ 255 normalized by mean 0.5 and std 0.5, quantized with the input's scale 0.007874/);
  });

  test('RGB PNG with per-channel mean and std, several files in order, resized', async () => {
    const a = png('a.png', 64, 64, () => [255, 0, 51]);
    const b = png('b.png', 32, 32, () => [0, 255, 102]);
    const flags: InputFlags = { input: `${a},${b}`, resize: true, mean: '0,0,0.2', std: '1,0.5,0.2' };
    const { inputs } = await inputImages(flags, vgg, vggInput.shape, unit, 2, undefined);
    expect(inputs).toHaveLength(2);
    const plane = 32 * 32;
    // a: R 1 -> 127; G 0 -> 0; B (0.2 - 0.2) / 0.2 = 0 -> 0 (a uniform image stays uniform when resized).
    // b: R 0; G 1 / 0.5 = 2 -> saturates at 127; B (0.4 - 0.2) / 0.2 = 1 -> 127.
    for (const p of [0, 517, plane - 1]) {
      expect([inputs[0][p], inputs[0][plane + p], inputs[0][2 * plane + p]]).toEqual([127, 0, 0]);
      expect([inputs[1][p], inputs[1][plane + p], inputs[1][2 * plane + p]]).toEqual([0, 127, 127]);
    }
  });

  test('float32 .npy input is quantized with the input quantization, and says so', async () => {
    const values = [0.5, -0.25, 1 / 254, 3 / 254, 2, -2];
    const file = npyFloat32('x.npy', [1, 1, 2, 3], values);
    const { inputs, source } = await inputImages({ input: file }, lenet, [1, 2, 3], unit, 1, undefined);
    // 0.5 * 127 = 63.5 -> 64 (even); -31.75 -> -32; 0.5 -> 0 (even); 1.5 -> 2; 254 -> 127; -254 -> -128.
    expect([...inputs[0]]).toEqual([64, -32, 0, 2, 127, -128]);
    expect(source).toMatch(/1 of 1 float image\(s\) from .*x\.npy, quantized with the input's scale/);
  });

  test('the whole command runs on a PNG, checked against the reference', async () => {
    const file = png('digit.png', 32, 32, (x, y) => (Math.abs(x - 16) < 3 || Math.abs(y - 16) < 3 ? [255, 255, 255] : [0, 0, 0]));
    const { out, err } = await cliOutput(['simulate', '--net', 'lenet5', '--arch', 'isaac', '--input', file, '--jobs', '1', '--json']);
    const json = JSON.parse(out) as { functional: { bitExact: boolean; images: number } };
    expect(json.functional.bitExact).toBe(true);
    expect(err).toMatch(/inputs: 1 image file\(s\)/);
  }, 120_000);

  test('bad image input gets one clear error naming the flag and the fix', async () => {
    const big = png('big.png', 40, 40, () => [1, 2, 3]);
    await expect(inputImages({ input: big }, lenet, lenetInput.shape, unit, 1, undefined)).rejects.toThrow(/is 40 x 40 pixels, the network takes 32 x 32/);
    await expect(inputImages({ input: big, resize: true, mean: '0,0' }, vgg, vggInput.shape, unit, 1, undefined)).rejects.toThrow(/2 values for an input of 3 channel/);
    await expect(inputImages({ input: big, resize: true, std: '0' }, lenet, lenetInput.shape, unit, 1, undefined)).rejects.toThrow(/std of channel 0 is 0/);
    await expect(inputImages({ mean: '0.5' }, lenet, lenetInput.shape, unit, 1, undefined)).rejects.toThrow(/--mean apply to PNG\/JPEG --input files/);
    const npy = npyFloat32('y.npy', [1, 32, 32], new Array<number>(1024).fill(0));
    await expect(inputImages({ input: `${big},${npy}` }, lenet, lenetInput.shape, unit, 1, undefined)).rejects.toThrow(/mixes image files and other files/);
    await expect(inputImages({ input: npy, resize: true }, lenet, lenetInput.shape, unit, 1, undefined)).rejects.toThrow(/--resize apply to PNG\/JPEG --input files, not to an .npy array/);
    const notImage = join(dir, 'fake.png');
    writeFileSync(notImage, 'not a png');
    await expect(inputImages({ input: notImage }, lenet, lenetInput.shape, unit, 1, undefined)).rejects.toThrow(/not a PNG or JPEG image/);
    await expect(inputImages({ input: big, images: '3' }, lenet, lenetInput.shape, unit, 3, undefined)).rejects.toThrow(/--images 3 but --input holds 1/);
  });
});
