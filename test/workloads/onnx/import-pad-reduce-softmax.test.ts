// Three ops PyTorch exports around an otherwise supported CNN: a zero Pad in front of a Conv
// (folded into the conv's padding), ReduceMean over H and W (a global average pool) and a final
// Softmax/LogSoftmax (dropped: the output is the logits, with the same top class). Each is checked
// against ONNX Runtime running the file.
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { importOnnx, importOnnxSkeleton } from '../../../workloads/onnx/import.js';
import { uncalibratedQuantization, quantizationLines } from '../../../scripts/cli/quantization.js';
import { convertGraph } from '../../../workloads/onnx/convert.js';
import { runFloat } from '../../../workloads/onnx/float-exec.js';
import { readGraph } from '../../../workloads/onnx/graph.js';
import { decodeModel } from '../../../workloads/onnx/proto.js';
import { floatTensor, floats, int64Tensor, modelBytes, node } from './onnx-builder.js';
import { quantizeInput } from './float-check.js';
import { expectFloatPathExact, referenceOutput, rejection } from './more-ops-check.js';

const DIMS = [1, 2, 7, 6];

function padConv(pads: number[], extra: { mode?: string; value?: number } = {}): Uint8Array {
  const padInputs = ['x', 'pads', ...(extra.value === undefined ? [] : ['value'])];
  return modelBytes({
    input: { name: 'x', dims: DIMS },
    output: 'y',
    nodes: [
      node('Pad', padInputs, ['p'], {}, extra.mode ? { attribute: [{ name: 'mode', type: 3, s: new TextEncoder().encode(extra.mode) }] } : {}),
      node('Conv', ['p', 'w', 'b'], ['c'], { kernel_shape: [3, 3], pads: [1, 0, 0, 1], strides: [2, 1] }),
      node('Relu', ['c'], ['y']),
    ],
    initializers: [
      int64Tensor('pads', [8], pads),
      floatTensor('w', [3, 2, 3, 3], floats(54, 11, 0.5)),
      floatTensor('b', [3], floats(3, 12, 0.1)),
      ...(extra.value === undefined ? [] : [floatTensor('value', [], [extra.value])]),
    ],
  });
}

describe('Pad in front of a Conv', () => {
  const pads = [0, 0, 2, 1, 0, 0, 1, 3];

  it('folds into the conv\'s padding (its own plus the Pad\'s), with no layer of its own', () => {
    const net = importOnnx(padConv(pads));
    expect(net.layers.map((l) => l.kind)).toEqual(['input', 'conv2d']);
    const conv = net.layers[1];
    expect(conv.kind === 'conv2d' && conv.padding).toEqual([1 + 2, 0 + 1, 0 + 1, 1 + 3]);
  });

  it('the folded conv computes what ONNX Runtime computes on Pad + Conv', async () => {
    await expectFloatPathExact(padConv(pads), DIMS);
  });

  it('a non-zero value, a reflect mode or padding of channels is rejected naming the Pad', () => {
    for (const bytes of [padConv(pads, { value: 0.5 }), padConv(pads, { mode: 'reflect' }), padConv([0, 1, 0, 0, 0, 0, 0, 0])]) {
      const error = rejection(bytes);
      expect(error.field).toBe('node "p" (Pad)');
      expect(error.fix).toMatch(/zeros on H and W/);
    }
  });
});

function reduceMean(axes: number[], keepdims: number, head?: string): Uint8Array {
  return modelBytes({
    input: { name: 'x', dims: DIMS },
    output: 'y',
    nodes: [
      node('Conv', ['x', 'w'], ['c'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
      node('ReduceMean', ['c'], ['m'], { axes, keepdims }),
      ...(keepdims ? [node('Flatten', ['m'], ['f'])] : [node('Identity', ['m'], ['f'])]),
      node('Gemm', ['f', 'w2'], [head ? 'g' : 'y'], { transB: 1 }),
      ...(head ? [node(head, ['g'], ['y'], { axis: 1 })] : []),
    ],
    initializers: [floatTensor('w', [4, 2, 3, 3], floats(72, 21, 0.5)), floatTensor('w2', [5, 4], floats(20, 22, 0.8))],
  });
}

describe('ReduceMean over H and W', () => {
  it('keepdims 1 is a global average pool; keepdims 0 a global average pool and a flatten', () => {
    expect(importOnnx(reduceMean([2, 3], 1)).layers.map((l) => l.kind)).toEqual(['input', 'conv2d', 'globalavgpool', 'flatten', 'dense']);
    expect(importOnnx(reduceMean([-1, -2], 0)).layers.map((l) => l.kind)).toEqual(['input', 'conv2d', 'globalavgpool', 'flatten', 'dense']);
  });

  it('computes what ONNX Runtime computes, with and without keepdims', async () => {
    await expectFloatPathExact(reduceMean([2, 3], 1), DIMS);
    await expectFloatPathExact(reduceMean([-2, -1], 0), DIMS);
  });

  it('a mean over channels is rejected with the fix', () => {
    const error = rejection(reduceMean([1], 1));
    expect(error.field).toBe('node "m" (ReduceMean)');
    expect(error.message).toContain('axes [1]');
    expect(error.fix).toContain('x.mean((2, 3))');
  });
});

describe('a final Softmax or LogSoftmax', () => {
  for (const head of ['Softmax', 'LogSoftmax']) {
    it(`${head}: dropped; the int8 logits pick ONNX Runtime's top class, and the contract says so`, async () => {
      const bytes = reduceMean([2, 3], 0, head);
      const net = importOnnx(bytes, { calibration: Array.from({ length: 8 }, (_, i) => floats(84, 40 + i)) });
      expect(net.layers.at(-1)!.kind).toBe('dense');
      const session = await ort.InferenceSession.create(bytes);
      const argmax = (v: ArrayLike<number>) => Array.from(v).reduce((best, x, i, a) => (x > a[best] ? i : best), 0);
      let agreed = 0;
      for (let seed = 300; seed < 310; seed++) {
        const x = quantizeInput(net, floats(84, seed));
        const real = Float32Array.from(x.data, (q) => x.quant.scale * (q - x.quant.zeroPoint));
        const probs = (await session.run({ x: new ort.Tensor('float32', real, DIMS) })).y.data as Float32Array;
        if (argmax(referenceOutput(net, DIMS, seed)) === argmax(probs)) agreed++;
      }
      await session.release();
      // int8 logits can tie or swap two near-equal classes; nearly all must agree.
      expect(agreed).toBeGreaterThanOrEqual(9);
      const { quantization } = importOnnxSkeleton(bytes);
      expect(quantization.droppedHead).toBe(`${head} node "y"`);
      const report = uncalibratedQuantization(quantization);
      expect(report.logitsBefore).toBe(`${head} node "y"`);
      expect(quantizationLines(report, [2, 7, 6], [5]).join('\n')).toContain(`logits before the ${head} node "y"`);
    });
  }

  it('the softmax of the importer\'s float logits is ONNX Runtime\'s output', async () => {
    const bytes = reduceMean([2, 3], 0, 'Softmax');
    const { drafts, order, output } = convertGraph(readGraph(decodeModel(bytes, 'm'), 'm'));
    const session = await ort.InferenceSession.create(bytes);
    const x = floats(84, 77);
    const probs = (await session.run({ x: new ort.Tensor('float32', x, DIMS) })).y.data as Float32Array;
    await session.release();
    const logits = runFloat(drafts, order, Float64Array.from(x)).get(output)!;
    const exps = Array.from(logits, (v) => Math.exp(v));
    const sum = exps.reduce((a, b) => a + b, 0);
    exps.forEach((e, i) => expect(e / sum).toBeCloseTo(probs[i], 6));
  });

  it('a Softmax that is not the last op is rejected', () => {
    const bytes = modelBytes({
      input: { name: 'x', dims: [1, 6] },
      output: 'y',
      nodes: [node('Softmax', ['x'], ['s'], { axis: 1 }), node('Gemm', ['s', 'w'], ['y'], { transB: 1 })],
      initializers: [floatTensor('w', [3, 6], floats(18, 5))],
    });
    const error = rejection(bytes);
    expect(error.field).toBe('node "s" (Softmax)');
    expect(error.message).toContain('only as the last op');
  });
});
