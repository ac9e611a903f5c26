// Float ONNX models import as quantized IR networks: BatchNormalization folds into Conv, Relu and
// bias Adds fold into the op before, and the quantized network tracks the float model (run by
// ONNX Runtime) within a few output quantization steps.
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../../workloads/onnx/import.js';
import type { Network } from '../../../workloads/ir/types.js';
import { floatTensor, floats, int64Tensor, modelBytes, node } from './onnx-builder.js';
import { worstError } from './float-check.js';

/** A small residual CNN: Conv-BN-Relu-MaxPool, Conv, Add-Relu, AveragePool, GlobalAveragePool, Flatten, Gemm. */
function residualCnn(): Uint8Array {
  return modelBytes({
    input: { name: 'image', dims: [1, 3, 8, 8] },
    output: 'logits',
    nodes: [
      node('Conv', ['image', 'w1', 'b1'], ['c1'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
      node('BatchNormalization', ['c1', 'bn_scale', 'bn_bias', 'bn_mean', 'bn_var'], ['bn1'], { epsilon: 1e-5 }),
      node('Relu', ['bn1'], ['r1']),
      node('MaxPool', ['r1'], ['p1'], { kernel_shape: [2, 2], strides: [2, 2] }),
      node('Conv', ['p1', 'w2'], ['c2'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
      node('Add', ['c2', 'p1'], ['sum']),
      node('Relu', ['sum'], ['r2']),
      node('AveragePool', ['r2'], ['ap'], { kernel_shape: [2, 2], strides: [2, 2] }),
      node('GlobalAveragePool', ['ap'], ['gap']),
      node('Flatten', ['gap'], ['flat'], { axis: 1 }),
      node('Gemm', ['flat', 'w3', 'b3'], ['logits'], { transB: 1 }),
    ],
    initializers: [
      floatTensor('w1', [8, 3, 3, 3], floats(8 * 27, 1, 0.4)),
      floatTensor('b1', [8], floats(8, 2, 0.1)),
      floatTensor('bn_scale', [8], floats(8, 3, 0.5).map((v) => 1 + v)),
      floatTensor('bn_bias', [8], floats(8, 4, 0.2)),
      floatTensor('bn_mean', [8], floats(8, 5, 0.2)),
      floatTensor('bn_var', [8], floats(8, 6, 0.5).map((v) => 1 + v)),
      floatTensor('w2', [8, 8, 3, 3], floats(8 * 72, 7, 0.15)),
      floatTensor('w3', [10, 8], floats(80, 8, 0.6)),
      floatTensor('b3', [10], floats(10, 9, 0.1)),
    ],
  });
}

/** An MLP written the PyTorch-export way: Reshape to [1, -1], MatMul, Add bias, Relu. */
function reshapeMlp(): Uint8Array {
  return modelBytes({
    input: { name: 'x', dims: [1, 2, 3, 4] },
    output: 'y',
    nodes: [
      node('Reshape', ['x', 'shape'], ['flat']),
      node('MatMul', ['flat', 'w1'], ['m1']),
      node('Add', ['m1', 'b1'], ['a1']),
      node('Relu', ['a1'], ['h']),
      node('MatMul', ['h', 'w2'], ['m2']),
      node('Add', ['b2', 'm2'], ['y']),
    ],
    initializers: [
      int64Tensor('shape', [2], [1, -1]),
      floatTensor('w1', [24, 16], floats(24 * 16, 11, 0.3)),
      floatTensor('b1', [16], floats(16, 12, 0.1)),
      floatTensor('w2', [16, 5], floats(80, 13, 0.4)),
      floatTensor('b2', [5], floats(5, 14, 0.1)),
    ],
  });
}

describe('importing float models', () => {
  it('folds BatchNormalization and Relu, keeps pools, residual add and Gemm', () => {
    const net = importOnnx(residualCnn());
    expect(net.layers.map((l) => l.kind)).toEqual(['input', 'conv2d', 'maxpool', 'conv2d', 'add', 'avgpool', 'globalavgpool', 'flatten', 'dense']);
    const [, conv1, , conv2, add] = net.layers;
    expect(conv1).toMatchObject({ kind: 'conv2d', relu: true, foldedBatchNorm: true, kernel: [3, 3], padding: [1, 1, 1, 1] });
    expect(conv2).toMatchObject({ kind: 'conv2d', relu: false, hasBias: false });
    expect(add).toMatchObject({ kind: 'add', relu: true });
    expect(net.output).toBe('logits');
  });

  it('quantizes weights per output channel, symmetrically', () => {
    const conv = importOnnx(residualCnn()).layers[1];
    if (conv.kind !== 'conv2d') throw new Error('expected a conv');
    expect(conv.weightQuant.scales).toHaveLength(8);
    expect(conv.weightQuant.zeroPoints).toEqual(new Array(8).fill(0));
    // Each channel uses its int8 range: the largest weight lands near +-127.
    for (let oc = 0; oc < 8; oc++) {
      const channel = conv.weights.subarray(oc * 27, (oc + 1) * 27);
      expect(Math.max(...Array.from(channel, Math.abs))).toBeGreaterThan(60);
    }
  });

  it('the residual CNN tracks the float model within a few output steps', async () => {
    const model = residualCnn();
    const net = importOnnx(model, { calibration: 'seeded', seed: 3, calibrationImages: 16 });
    const { worst, range, scale } = await worstError(model, net, [1, 3, 8, 8], 'image', 'logits');
    expect(range).toBeGreaterThan(0.05);
    expect(worst).toBeLessThan(Math.max(4 * scale, 0.08 * range));
  });

  it('Reshape + MatMul + Add import as dense layers with biases and tracks the float model', async () => {
    const model = reshapeMlp();
    const net = importOnnx(model);
    expect(net.layers.map((l) => l.kind)).toEqual(['input', 'flatten', 'dense', 'dense']);
    expect(net.layers[2]).toMatchObject({ relu: true });
    expect(net.layers[2]).not.toHaveProperty('hasBias');
    const { worst, range, scale } = await worstError(model, net, [1, 2, 3, 4], 'x', 'y');
    expect(range).toBeGreaterThan(0.05);
    expect(worst).toBeLessThan(Math.max(4 * scale, 0.08 * range));
  });

  it('calibrates on given images too', () => {
    const images = [floats(24, 50, 3), floats(24, 51, 3)];
    const wide = importOnnx(reshapeMlp(), { calibration: images });
    const narrow = importOnnx(reshapeMlp(), { calibration: [floats(24, 50, 0.1)] });
    const scaleOf = (n: Network) => (n.layers[0].kind === 'input' ? n.layers[0].quant.scale : NaN);
    expect(scaleOf(wide)).toBeGreaterThan(scaleOf(narrow));
  });
});
