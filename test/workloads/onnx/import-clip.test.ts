// PyTorch's ReLU6 and Hardtanh export as Clip(x, min, max): the importer folds them into the
// requantization of the Conv, Gemm or Add before them, as int8 bounds of its output (OutputClamp);
// Clip with min 0 and no max (torch.clamp(x, min=0)) is a ReLU. Checked on a PyTorch fixture
// (fixtures/make_fixtures.py, Relu6Net) against ONNX Runtime, and simulated bit-exactly.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { runReference } from '../../../workloads/reference/index.js';
import { OhmflowError } from '../../../workloads/errors.js';
import type { Layer, Network, TensorQuant } from '../../../workloads/ir/types.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { loadArch } from '../../../hw/arch/index.js';
import { LOSSLESS } from '../../losslessArch.js';
import { inputsFor, runNetwork } from '../../sim/engine/helpers.js';
import { floatPathError, worstError } from './float-check.js';
import { floatTensor, floats, modelBytes, node } from './onnx-builder.js';

const model = fileURLToPath(new URL('fixtures/relu6.onnx', import.meta.url));
const DIMS = [1, 3, 16, 16];
// Images wide enough that the convs' ReLU6s saturate: calibration then sees [0, 6] and their clamps bite.
const AMPLITUDE = 20;
const calibration = Array.from({ length: 8 }, (_, i) => floats(3 * 16 * 16, 30 + i, AMPLITUDE));
const imported = (): Network => importOnnx(model, { calibration });

/** The int8 code of real value v at quantization q, saturated (the clamp bounds the model states). */
const code = (v: number, q: TensorQuant): number => Math.max(-128, Math.min(127, Math.round(v / q.scale) + q.zeroPoint));

function layer(net: Network, name: string): Layer & { kind: 'conv2d' | 'dense' | 'add' } {
  const l = net.layers.find((x) => x.name === name);
  if (l?.kind !== 'conv2d' && l?.kind !== 'dense' && l?.kind !== 'add') throw new Error(`no conv, dense or add named ${name}`);
  return l;
}

describe('Clip with min and max (ReLU6, Hardtanh) from a PyTorch export', () => {
  it('folds each Clip into the layer before it, with bounds in its output codes; clamp(min=0) is a ReLU', () => {
    const net = imported();
    expect(net.name).toBe('relu6');
    expect(net.layers.map((l) => l.kind)).toEqual(['input', 'conv2d', 'conv2d', 'conv2d', 'add', 'conv2d', 'globalavgpool', 'flatten', 'dense', 'dense']);
    for (const name of ['/stem/stem.0/Conv', '/dw/dw.0/Conv', '/fc1/Gemm']) {
      const l = layer(net, name);
      expect(l.relu).toBe(false);
      expect(l.clamp).toEqual({ min: code(0, l.outQuant), max: code(6, l.outQuant) });
      // Calibration saw the convs saturate, so 6 lies inside their int8 range: the clamp bites (fc1 stays below 6).
      if (name !== '/fc1/Gemm') expect(l.clamp!.max).toBeLessThan(127);
    }
    const add = layer(net, '/Add');
    expect(add.clamp).toEqual({ min: code(-1, add.outQuant), max: code(2, add.outQuant) });
    expect(layer(net, '/conv/Conv')).toMatchObject({ relu: true });
    expect(layer(net, '/conv/Conv').clamp).toBeUndefined();
    expect(layer(net, '/pw/pw.0/Conv')).toMatchObject({ relu: false });
    expect(layer(net, '/pw/pw.0/Conv').clamp).toBeUndefined();
  });

  it('the importer\'s float path (calibration) computes what ONNX Runtime computes', async () => {
    const { worst, range } = await floatPathError(model, DIMS, 'image', 'logits', AMPLITUDE);
    expect(range).toBeGreaterThan(0.1);
    expect(worst).toBeLessThan(1e-4 * range);
  });

  it('the quantized network tracks ONNX Runtime\'s float model within a few output steps', async () => {
    const net = imported();
    const { worst, range, scale } = await worstError(model, net, DIMS, 'image', 'logits', AMPLITUDE);
    expect(range).toBeGreaterThan(0.1);
    expect(worst).toBeLessThan(Math.max(4 * scale, 0.08 * range));
  });

  it('simulate is bit-exact against the integer reference, with the clamps reached', () => {
    const net = imported();
    const r = runNetwork(net, { images: 2 });
    expect(r.compared).toBeGreaterThan(0);
    expect(r.mismatches).toBe(0);
    // The inputs drive outputs onto the clip bounds: the clamps are exercised, not idle.
    const stem = layer(net, '/stem/stem.0/Conv');
    const tensors = runReference(net, inputsFor(net, 1)[0], { keepIntermediates: true }).tensors!;
    expect(Array.from(tensors.get(stem.name)!.data).filter((q) => q === stem.clamp!.max).length).toBeGreaterThan(0);
  });

  it('a fused clip costs one activation-unit operation per output in the model and in the engine, as a fused ReLU', () => {
    const net = imported();
    const mapped = mapNetwork(net, loadArch(LOSSLESS));
    const engine = runNetwork(net, { images: 1 }).result;
    for (const name of ['/stem/stem.0/Conv', '/Add', '/fc1/Gemm', '/conv/Conv']) {
      const m = mapped.layers.find((l) => l.name === name)!;
      expect(m.activationOps).toBe(m.outputValues);
      expect(engine.layers.find((l) => l.name === name)!.tally.activationOps).toBe(m.outputValues);
    }
    expect(mapped.layers.find((l) => l.name === '/pw/pw.0/Conv')!.activationOps).toBe(0);
  });
});

describe('Clips that do not fold', () => {
  const bounds = (lo: number, hi: number) => [floatTensor('lo', [], [lo]), floatTensor('hi', [], [hi])];
  const clipModel = (before: ReturnType<typeof node>[], from: string, lo = 0, hi = 6) =>
    modelBytes({
      input: { name: 'x', dims: [1, 1, 6, 6] },
      output: 'y',
      nodes: [node('Conv', ['x', 'w'], ['c'], { kernel_shape: [3, 3] }), ...before, node('Clip', [from, 'lo', 'hi'], ['y'], {}, { name: 'clip' })],
      initializers: [floatTensor('w', [2, 1, 3, 3], floats(18, 1)), ...bounds(lo, hi)],
    });
  const rejection = (bytes: Uint8Array): OhmflowError => {
    try {
      importOnnx(bytes);
    } catch (error) {
      if (error instanceof OhmflowError) return error;
      throw error;
    }
    throw new Error('expected an OhmflowError');
  };

  it('after a pool: rejected, naming the node, with a fix', () => {
    const error = rejection(clipModel([node('MaxPool', ['c'], ['p'], { kernel_shape: [2, 2] })], 'p'));
    expect(error.field).toBe('node "clip" (Clip)');
    expect(error.message).toMatch(/right after a Conv, Gemm, MatMul or Add/);
    expect(error.fix).toMatch(/right after the Conv, Linear or residual add/);
  });

  it('min above max: rejected with a fix', () => {
    const error = rejection(clipModel([], 'c', 3, 1));
    expect(error.message).toContain('min 3 exceeds max 1');
    expect(error.fix).toBeTruthy();
  });

  it('a ReLU6 right after the Conv folds (opset-6 attributes too)', () => {
    expect(importOnnx(clipModel([], 'c')).layers[1]).toMatchObject({ relu: false, clamp: { min: expect.any(Number) as number, max: expect.any(Number) as number } });
    const attrs = modelBytes({
      input: { name: 'x', dims: [1, 1, 6, 6] },
      output: 'y',
      nodes: [node('Conv', ['x', 'w'], ['c'], { kernel_shape: [3, 3] }), node('Clip', ['c'], ['y'], { min: 0.5, max: 6.5 })],
      initializers: [floatTensor('w', [2, 1, 3, 3], floats(18, 1))],
    });
    const conv = importOnnx(attrs).layers[1];
    if (conv.kind !== 'conv2d') throw new Error('expected a conv');
    expect(conv.clamp).toEqual({ min: code(0.5, conv.outQuant), max: code(6.5, conv.outQuant) });
  });
});
