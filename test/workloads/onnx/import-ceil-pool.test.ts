// Pools with ceil_mode = 1 (PyTorch ceil_mode=True): the output size rounds up and the last window
// is clipped at the input's edge; an average divides by the cells inside it. PyTorch writes an
// empty Pad before an AveragePool with count_include_pad=True, imported as nothing. Checked on a
// PyTorch fixture (fixtures/make_fixtures.py, CeilPoolNet) against ONNX Runtime, and simulated
// bit-exactly against the integer reference.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { inferShapes } from '../../../workloads/ir/shapes.js';
import { OhmflowError } from '../../../workloads/errors.js';
import { runNetwork } from '../../sim/engine/helpers.js';
import { floatPathError, worstError } from './float-check.js';
import { floatTensor, floats, int64Tensor, modelBytes, node } from './onnx-builder.js';

const model = fileURLToPath(new URL('fixtures/ceil-pool.onnx', import.meta.url));
const DIMS = [1, 3, 16, 16];

describe('ceil_mode pools from a PyTorch export', () => {
  it('imports every pool in ceil mode, with the sizes PyTorch computed (16 -> 8 -> 4 -> 3; floor mode: 7, 3, 2)', () => {
    const net = importOnnx(model);
    expect(net.name).toBe('ceil-pool');
    const pools = net.layers.filter((l) => l.kind === 'maxpool' || l.kind === 'avgpool');
    expect(pools.map((l) => [l.kind, 'ceilMode' in l && l.ceilMode])).toEqual([['maxpool', true], ['avgpool', true], ['avgpool', true]]);
    const shapes = inferShapes(net);
    expect(pools.map((l) => shapes.get(l.name))).toEqual([[6, 8, 8], [6, 4, 4], [6, 3, 3]]);
  });

  it('the importer\'s float path (calibration) computes what ONNX Runtime computes', async () => {
    const { worst, range } = await floatPathError(model, DIMS, 'image', 'logits');
    expect(range).toBeGreaterThan(0.05);
    expect(worst).toBeLessThan(1e-4 * range);
  });

  it('the quantized network tracks ONNX Runtime\'s float model within a few output steps', async () => {
    const net = importOnnx(model);
    const { worst, range, scale } = await worstError(model, net, DIMS, 'image', 'logits');
    expect(range).toBeGreaterThan(0.05);
    expect(worst).toBeLessThan(Math.max(4 * scale, 0.08 * range));
  });

  it('simulate is bit-exact against the integer reference', () => {
    const r = runNetwork(importOnnx(model), { images: 2 });
    expect(r.compared).toBeGreaterThan(0);
    expect(r.mismatches).toBe(0);
  });
});

describe('Pad', () => {
  const padModel = (pads: number[]) =>
    modelBytes({
      input: { name: 'x', dims: [1, 1, 5, 5] },
      output: 'p',
      nodes: [node('Conv', ['x', 'w'], ['c'], { kernel_shape: [1, 1] }), node('Pad', ['c', 'pads'], ['padded'], {}, { name: 'pad' }), node('AveragePool', ['padded'], ['p'], { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1, count_include_pad: 1 })],
      initializers: [floatTensor('w', [1, 1, 1, 1], floats(1, 3)), int64Tensor('pads', [8], pads)],
    });

  it('that pads nothing imports as nothing', () => {
    expect(importOnnx(padModel([0, 0, 0, 0, 0, 0, 0, 0])).layers.map((l) => l.kind)).toEqual(['input', 'conv2d', 'avgpool']);
  });

  it('that pads is rejected, naming the node, with a fix', () => {
    let error: unknown;
    try {
      importOnnx(padModel([0, 0, 1, 1, 0, 0, 1, 1]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OhmflowError);
    expect((error as OhmflowError).field).toBe('node "pad" (Pad)');
    expect((error as OhmflowError).fix).toMatch(/padding=/);
  });
});
