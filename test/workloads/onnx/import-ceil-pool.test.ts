// Pools with ceil_mode = 1 (PyTorch ceil_mode=True): the output size rounds up and the last window
// is clipped at the input's edge; an average divides by the cells inside it. PyTorch's default
// count_include_pad=True exports as Pad + AveragePool: an empty Pad imports as nothing, a real one
// as the pool's padding, counted in the divisor. Checked on a PyTorch fixture
// (fixtures/make_fixtures.py, CeilPoolNet) against ONNX Runtime, and simulated bit-exactly against
// the integer reference.
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
  it('imports every pool in ceil mode, with the sizes PyTorch computed (16 -> 8 -> 4 -> 3 -> 2; floor mode: 7, 3, 2, 2)', () => {
    const net = importOnnx(model);
    expect(net.name).toBe('ceil-pool');
    const pools = net.layers.filter((l) => l.kind === 'maxpool' || l.kind === 'avgpool');
    expect(pools.map((l) => l.kind)).toEqual(['maxpool', 'avgpool', 'avgpool', 'avgpool']);
    expect(pools.every((l) => l.ceilMode === true)).toBe(true);
    const shapes = inferShapes(net);
    expect(pools.map((l) => shapes.get(l.name))).toEqual([[6, 8, 8], [6, 4, 4], [6, 3, 3], [6, 2, 2]]);
    // pool3's Pad(1) is folded in as padding that counts; pool4 pads itself with count_include_pad=False.
    expect(pools.map((l) => [l.padding, l.kind === 'avgpool' && l.countIncludePad === true])).toEqual([
      [[0, 0, 0, 0], false], [[0, 0, 0, 0], false], [[1, 1, 1, 1], true], [[1, 1, 1, 1], false],
    ]);
    expect(net.layers.map((l) => l.name)).not.toContain('/pool3/Pad');
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
  const padModel = (pads: number[], pool = 'AveragePool', ceil = 0, value?: number) =>
    modelBytes({
      input: { name: 'x', dims: [1, 1, 5, 5] },
      output: 'p',
      nodes: [
        node('Conv', ['x', 'w'], ['c'], { kernel_shape: [1, 1] }),
        node('Pad', ['c', 'pads', ...(value === undefined ? [] : ['value'])], ['padded'], {}, { name: 'pad' }),
        node(pool, ['padded'], ['p'], { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: ceil }, { name: 'pool' }),
      ],
      initializers: [floatTensor('w', [1, 1, 1, 1], floats(1, 3)), int64Tensor('pads', [8], pads), ...(value === undefined ? [] : [floatTensor('value', [], [value])])],
    });
  const rejection = (bytes: Uint8Array): OhmflowError => {
    try {
      importOnnx(bytes);
    } catch (e) {
      if (e instanceof OhmflowError) return e;
      throw e;
    }
    throw new Error('expected an OhmflowError');
  };

  it('that pads nothing imports as nothing', () => {
    expect(importOnnx(padModel([0, 0, 0, 0, 0, 0, 0, 0], 'AveragePool', 1)).layers.map((l) => l.kind)).toEqual(['input', 'conv2d', 'avgpool']);
  });

  it('in front of an AveragePool becomes its padding, counted in the divisor', () => {
    const pool = importOnnx(padModel([0, 0, 1, 0, 0, 0, 1, 1])).layers[2];
    expect(pool).toMatchObject({ kind: 'avgpool', padding: [1, 0, 1, 1], countIncludePad: true });
  });

  it('in ceil mode, when the padded and the IR pool would differ in size: rejected on the pool, with a fix', () => {
    // ONNX sizes the pool on the 7x7 padded tensor (4 outputs), the IR on 5x5 with padding 1 (3: the
    // fourth window would start in the trailing padding).
    const error = rejection(padModel([0, 0, 1, 1, 0, 0, 1, 1], 'AveragePool', 1));
    expect(error.field).toBe('node "pool" (AveragePool)');
    expect(error.fix).toMatch(/opset 19/);
  });

  it('in front of anything but an AveragePool, or padding other than zeros: rejected on the Pad, with a fix', () => {
    for (const bytes of [padModel([0, 0, 1, 1, 0, 0, 1, 1], 'MaxPool'), padModel([0, 0, 1, 1, 0, 0, 1, 1], 'AveragePool', 0, 0.5), padModel([0, 1, 0, 0, 0, 0, 0, 0])]) {
      const error = rejection(bytes);
      expect(error.field).toBe('node "pad" (Pad)');
      expect(error.fix).toMatch(/padding=/);
    }
  });
});
