// PyTorch's x.view(x.size(0), -1) exports as Shape -> Gather -> Unsqueeze -> Concat -> Reshape: the
// shape arithmetic folds into constants at import, so the Reshape flattens as torch.flatten does.
// Checked against ONNX Runtime running the file; shape ops on real data stay unsupported.
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { floatTensor, floats, int64Tensor, modelBytes, node } from './onnx-builder.js';
import { expectFloatPathExact, rejection } from './more-ops-check.js';

const DIMS = [1, 2, 6, 6];

/** Conv -> Relu -> x.view(x.size(0), -1) -> Gemm, as torch.onnx.export writes it at opset 13. */
function viewNet(extra: { sliceTail?: boolean } = {}): Uint8Array {
  const shapeNodes = extra.sliceTail
    ? [
        // x.view(-1, x.size(1) * x.size(2) * x.size(3)) style: Slice the shape's tail and multiply it out.
        node('Shape', ['r'], ['s']),
        node('Slice', ['s', 'one', 'four'], ['tail']),
        node('Gather', ['tail', 'i0'], ['d1']),
        node('Gather', ['tail', 'i1'], ['d2']),
        node('Gather', ['tail', 'i2'], ['d3']),
        node('Mul', ['d1', 'd2'], ['d12']),
        node('Mul', ['d12', 'd3'], ['features']),
        node('Unsqueeze', ['features', 'axis0'], ['uf']),
        node('Concat', ['minus1', 'uf'], ['target'], { axis: 0 }),
      ]
    : [
        node('Shape', ['r'], ['s']),
        node('Gather', ['s', 'i0'], ['batch'], { axis: 0 }),
        node('Unsqueeze', ['batch', 'axis0'], ['ub']),
        node('Concat', ['ub', 'minus1'], ['target'], { axis: 0 }),
      ];
  return modelBytes({
    input: { name: 'x', dims: DIMS },
    output: 'y',
    nodes: [
      node('Conv', ['x', 'w', 'b'], ['c'], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }),
      node('Relu', ['c'], ['r']),
      ...shapeNodes,
      node('Reshape', ['r', 'target'], ['f']),
      node('Gemm', ['f', 'w2', 'b2'], ['y'], { transB: 1 }),
    ],
    initializers: [
      floatTensor('w', [4, 2, 3, 3], floats(72, 31, 0.5)),
      floatTensor('b', [4], floats(4, 32, 0.1)),
      floatTensor('w2', [5, 36], floats(180, 33, 0.4)),
      floatTensor('b2', [5], floats(5, 34, 0.1)),
      int64Tensor('i0', [], [0]),
      int64Tensor('i1', [], [1]),
      int64Tensor('i2', [], [2]),
      int64Tensor('axis0', [1], [0]),
      int64Tensor('minus1', [1], [-1]),
      int64Tensor('one', [1], [1]),
      int64Tensor('four', [1], [4]),
    ],
  });
}

describe('the shape subgraph of x.view(x.size(0), -1)', () => {
  for (const sliceTail of [false, true]) {
    const form = sliceTail ? 'x.view(-1, C * H * W) (Slice, Gather, Mul)' : 'x.view(x.size(0), -1) (Gather, Unsqueeze, Concat)';
    it(`${form}: folds away, leaving conv, flatten, dense; the Relu still fuses into the conv`, () => {
      const net = importOnnx(viewNet({ sliceTail }));
      expect(net.layers.map((l) => l.kind)).toEqual(['input', 'conv2d', 'flatten', 'dense']);
      expect(net.layers[1].kind === 'conv2d' && net.layers[1].relu).toBe(true);
    });

    it(`${form}: computes what ONNX Runtime computes`, async () => {
      await expectFloatPathExact(viewNet({ sliceTail }), DIMS);
    });
  }

  it('a Gather of activations other than along a feature map\'s channels (an embedding lookup) is rejected, named with its node', () => {
    const bytes = modelBytes({
      input: { name: 'x', dims: [1, 8] },
      output: 'y',
      nodes: [node('Gather', ['x', 'idx'], ['y'], { axis: 1 })],
      initializers: [int64Tensor('idx', [2], [0, 3])],
    });
    const error = rejection(bytes);
    expect(error.message).toContain('needs an [N, C, H, W] input');
    expect(error.field).toBe('node "y" (Gather)');
  });

  it('a reshape whose folded target does not flatten is rejected with the fix', () => {
    const bytes = modelBytes({
      input: { name: 'x', dims: DIMS },
      output: 'y',
      nodes: [node('Shape', ['x'], ['s']), node('Reshape', ['x', 's'], ['y'])],
      initializers: [],
    });
    const error = rejection(bytes);
    expect(error.field).toBe('node "y" (Reshape)');
    expect(error.message).toContain('got [1, 2, 6, 6]');
    expect(error.fix).toContain('torch.flatten(x, 1)');
  });
});

describe('channel shuffle', () => {
  it('Reshape-Transpose-Reshape (ShuffleNet) imports as a channel gather (import-shuffle.test.ts checks it in depth)', () => {
    const bytes = modelBytes({
      input: { name: 'x', dims: [1, 4, 3, 3] },
      output: 'y',
      nodes: [
        node('Reshape', ['x', 's5'], ['r5']),
        node('Transpose', ['r5'], ['t'], { perm: [0, 2, 1, 3, 4] }, { name: 'shuffle' }),
        node('Reshape', ['t', 's4'], ['y']),
      ],
      initializers: [int64Tensor('s5', [5], [1, 2, 2, 3, 3]), int64Tensor('s4', [4], [1, 4, 3, 3])],
    });
    const net = importOnnx(bytes);
    expect(net.layers.map((l) => (l.kind === 'channels' ? l.indices : l.kind))).toEqual(['input', [0, 2, 1, 3]]);
  });
});
