// BatchNormalization that does not follow a Conv: after a pool, at the input, after a ReLU, after a
// Gemm (BatchNorm1d). It folds into the Conv or Gemm after it (or the Gemm before it) where that is
// exact, and otherwise becomes an affine layer on the digital units (before a padded Conv, read by
// a ReLU or a pool, as the graph output). Each is checked against ONNX Runtime running the file.
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { floatTensor, floats, modelBytes, node } from './onnx-builder.js';
import { expectFloatPathExact, rejection } from './more-ops-check.js';
import { worstError } from './float-check.js';

const DIMS = [1, 3, 8, 8];

/** BatchNorm parameters over `channels`, non-trivial (scales of both signs, shifts, means). */
function bnParams(prefix: string, channels: number, seed: number) {
  return [
    floatTensor(`${prefix}_g`, [channels], floats(channels, seed, 1.5)),
    floatTensor(`${prefix}_b`, [channels], floats(channels, seed + 1, 0.5)),
    floatTensor(`${prefix}_m`, [channels], floats(channels, seed + 2, 0.3)),
    floatTensor(`${prefix}_v`, [channels], floats(channels, seed + 3, 0.4).map((v) => 1 + v)),
  ];
}
const bn = (prefix: string, from: string, to: string) => node('BatchNormalization', [from, `${prefix}_g`, `${prefix}_b`, `${prefix}_m`, `${prefix}_v`], [to], {}, { name: prefix });

/** input -> BN -> Conv(pads) -> MaxPool -> BN -> Conv(groups) -> Relu -> BN -> Flatten -> Gemm -> BN1d. */
function bnNet(opts: { firstPads?: number[]; poolBn?: 'relu' | 'maxpool' } = {}): Uint8Array {
  const features = opts.firstPads?.some((p) => p > 0) ? 54 : 24;
  const after = opts.poolBn === 'relu' ? [bn('bn2', 'p', 'n2'), node('Relu', ['n2'], ['n2r'])] : opts.poolBn === 'maxpool' ? [bn('bn2', 'p', 'n2'), node('MaxPool', ['n2'], ['n2r'], { kernel_shape: [1, 1] })] : [bn('bn2', 'p', 'n2r')];
  return modelBytes({
    input: { name: 'x', dims: DIMS },
    output: 'y',
    nodes: [
      bn('bn0', 'x', 'n0'),
      node('Conv', ['n0', 'w1', 'b1'], ['c1'], { kernel_shape: [3, 3], pads: opts.firstPads ?? [0, 0, 0, 0] }),
      node('MaxPool', ['c1'], ['p'], { kernel_shape: [2, 2], strides: [2, 2] }),
      ...after,
      node('Conv', ['n2r', 'w2'], ['c2'], { kernel_shape: [2, 2], group: 2 }),
      node('Relu', ['c2'], ['r2']),
      bn('bn3', 'r2', 'n3'),
      node('Flatten', ['n3'], ['f']),
      node('Gemm', ['f', 'w3', 'b3'], ['g'], { transB: 1 }),
      bn('bn4', 'g', 'y'),
    ],
    initializers: [
      ...bnParams('bn0', 3, 10),
      floatTensor('w1', [4, 3, 3, 3], floats(108, 20, 0.4)),
      floatTensor('b1', [4], floats(4, 21, 0.1)),
      ...bnParams('bn2', 4, 30),
      floatTensor('w2', [6, 2, 2, 2], floats(48, 40, 0.5)),
      ...bnParams('bn3', 6, 50),
      // 6 channels of 2x2 (3x3 when the first Conv is padded) into the Gemm.
      floatTensor('w3', [5, features], floats(5 * features, 60, 0.3)),
      floatTensor('b3', [5], floats(5, 61, 0.1)),
      ...bnParams('bn4', 5, 70),
    ],
  });
}

describe('BatchNormalization not right after a Conv', () => {
  it('at the input, after a pool, after a ReLU (through a Flatten) and after a Gemm: every one folds, no layer of its own', () => {
    const net = importOnnx(bnNet());
    expect(net.layers.map((l) => l.kind)).toEqual(['input', 'conv2d', 'maxpool', 'conv2d', 'flatten', 'dense']);
  });

  it('the folded network computes what ONNX Runtime computes on the BatchNorms', async () => {
    await expectFloatPathExact(bnNet(), DIMS);
  });

  it('the quantized network tracks ONNX Runtime\'s float model within a few output steps', async () => {
    // 32 calibration images: 8 leave some intermediate ranges short of the test images' (clipping, not folding, error).
    const calibration = Array.from({ length: 32 }, (_, i) => floats(192, 500 + i));
    const net = importOnnx(bnNet(), { calibration });
    const { worst, range, scale } = await worstError(bnNet(), net, DIMS, 'x', 'y');
    expect(range).toBeGreaterThan(0.1);
    expect(worst).toBeLessThan(Math.max(4 * scale, 0.08 * range));
  });

  it('before a padded Conv (the shift would reach the padding): an affine layer, not a fold; float path and quantized output track ONNX Runtime', async () => {
    const bytes = bnNet({ firstPads: [1, 1, 1, 1] });
    const net = importOnnx(bytes);
    expect(net.layers.map((l) => l.kind)).toEqual(['input', 'affine', 'conv2d', 'maxpool', 'conv2d', 'flatten', 'dense']);
    expect(net.layers[1].name).toBe('bn0');
    await expectFloatPathExact(bytes, DIMS);
    const calibration = Array.from({ length: 32 }, (_, i) => floats(192, 500 + i));
    const { worst, range, scale } = await worstError(bytes, importOnnx(bytes, { calibration }), DIMS, 'x', 'y');
    expect(range).toBeGreaterThan(0.1);
    expect(worst).toBeLessThan(Math.max(4 * scale, 0.08 * range));
  });

  for (const reader of ['relu', 'maxpool'] as const) {
    it(`read by a ${reader === 'relu' ? 'Relu' : 'MaxPool'} (no Conv or Gemm to fold into): an affine layer${reader === 'relu' ? ' with the ReLU fused' : ''}; float path exact`, async () => {
      const bytes = bnNet({ poolBn: reader });
      const net = importOnnx(bytes);
      const kinds = net.layers.map((l) => l.kind);
      expect(kinds).toEqual(['input', 'conv2d', 'maxpool', 'affine', ...(reader === 'maxpool' ? ['maxpool'] : []), 'conv2d', 'flatten', 'dense']);
      const affine = net.layers.find((l) => l.kind === 'affine')!;
      expect(affine.kind === 'affine' && affine.relu).toBe(reader === 'relu');
      await expectFloatPathExact(bytes, DIMS);
    });
  }

  it('as the graph output with nothing to fold into: an affine layer, the output', async () => {
    const bytes = modelBytes({
      input: { name: 'x', dims: [1, 2, 3, 3] },
      output: 'y',
      nodes: [bn('bn0', 'x', 'y')],
      initializers: bnParams('bn0', 2, 1),
    });
    const net = importOnnx(bytes);
    expect(net.layers.map((l) => l.kind)).toEqual(['input', 'affine']);
    expect(net.output).toBe('bn0');
    await expectFloatPathExact(bytes, [1, 2, 3, 3]);
  });

  it('through a Flatten read by something other than a Gemm: rejected naming the reader, with the fix', () => {
    const bytes = modelBytes({
      input: { name: 'x', dims: [1, 2, 3, 3] },
      output: 'y',
      nodes: [bn('bn0', 'x', 'n'), node('Flatten', ['n'], ['f']), node('Relu', ['f'], ['y'], {}, { name: 'r' })],
      initializers: bnParams('bn0', 2, 1),
    });
    const error = rejection(bytes);
    expect(error.field).toBe('node "r" (Relu)');
    expect(error.message).toContain('node "bn0" (BatchNormalization)');
    expect(error.fix).toContain('before the Flatten');
  });
});
