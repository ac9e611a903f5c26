// Sigmoid, HardSigmoid, HardSwish and SiLU after a Conv or Gemm import as lookup-table activations
// (ActivationTable): requantize to the table's input codes, then one table lookup per output.
// Checked: the importer's float path against ONNX Runtime; the tabled int8 output against the
// function applied independently here to the untabled layer's output; the quantized network against
// ONNX Runtime's float model; engine against reference; the activation-unit op counts.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { calibrateOnnx } from '../../../workloads/onnx/calibrate.js';
import { parseOnnx } from '../../../workloads/onnx/parse.js';
import { exportOnnx } from '../../../workloads/onnx/export.js';
import { convertGraph } from '../../../workloads/onnx/convert.js';
import { runFloat } from '../../../workloads/onnx/float-exec.js';
import { readGraph } from '../../../workloads/onnx/graph.js';
import { decodeModel } from '../../../workloads/onnx/proto.js';
import { runReference } from '../../../workloads/reference/index.js';
import type { Conv2dLayer, DenseLayer, Network } from '../../../workloads/ir/types.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { loadArch } from '../../../hw/arch/index.js';
import { LOSSLESS } from '../../losslessArch.js';
import { runNetwork } from '../../sim/engine/helpers.js';
import { floatTensor, floats, int8Tensor, modelBytes, node } from './onnx-builder.js';
import { quantizeInput, worstError } from './float-check.js';
import { expectFloatPathExact, rejection } from './more-ops-check.js';

const DIMS = [1, 3, 8, 8];
const calibration = Array.from({ length: 16 }, (_, i) => floats(192, 900 + i));

/** Conv -> Sigmoid -> Conv -> BN -> SiLU -> Conv -> HardSwish -> GlobalAveragePool -> Gemm -> HardSigmoid(1/6). */
function tableNet(): Uint8Array {
  return modelBytes({
    // HardSwish exists from opset 14.
    opset: 14,
    input: { name: 'x', dims: DIMS },
    output: 'y',
    nodes: [
      node('Conv', ['x', 'w1', 'b1'], ['c1'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
      node('Sigmoid', ['c1'], ['s1']),
      node('Conv', ['s1', 'w2'], ['c2'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
      node('BatchNormalization', ['c2', 'g', 'bb', 'm', 'v'], ['n2']),
      node('Sigmoid', ['n2'], ['sig2']),
      node('Mul', ['n2', 'sig2'], ['silu2']),
      node('Conv', ['silu2', 'w3', 'b3'], ['c3'], { kernel_shape: [1, 1] }),
      node('HardSwish', ['c3'], ['h3'], {}, { name: 'hswish' }),
      node('GlobalAveragePool', ['h3'], ['gap']),
      node('Flatten', ['gap'], ['f']),
      node('Gemm', ['f', 'w4', 'b4'], ['g4'], { transB: 1 }),
      node('HardSigmoid', ['g4'], ['y'], { alpha: 1 / 6, beta: 0.5 }),
    ],
    initializers: [
      floatTensor('w1', [4, 3, 3, 3], floats(108, 1, 0.6)),
      floatTensor('b1', [4], floats(4, 2, 0.3)),
      floatTensor('w2', [6, 4, 3, 3], floats(216, 3, 0.4)),
      floatTensor('g', [6], floats(6, 4, 0.5).map((v) => 1 + v)),
      floatTensor('bb', [6], floats(6, 5, 0.5)),
      floatTensor('m', [6], floats(6, 6, 0.3)),
      floatTensor('v', [6], floats(6, 7, 0.4).map((v) => 1 + v)),
      floatTensor('w3', [5, 6, 1, 1], floats(30, 8, 0.8)),
      floatTensor('b3', [5], floats(5, 9, 0.5)),
      floatTensor('w4', [7, 5], floats(35, 10, 3)),
      floatTensor('b4', [7], floats(7, 11, 0.5)),
    ],
  });
}

const weightLayers = (net: Network) => net.layers.filter((l): l is Conv2dLayer | DenseLayer => l.kind === 'conv2d' || l.kind === 'dense');

/** The functions as ONNX defines them, written here independently of workloads/quant/table.ts. */
const F: Record<string, (x: number) => number> = {
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  silu: (x) => x / (1 + Math.exp(-x)),
  hardswish: (x) => (x * Math.min(Math.max(x + 3, 0), 6)) / 6,
  hardsigmoid: (x) => Math.min(Math.max(x / 6 + 0.5, 0), 1),
};

describe('lookup-table activations', () => {
  it('each activation folds into the layer before it as a table; no layer of its own', () => {
    const net = importOnnx(tableNet(), { calibration });
    expect(net.layers.map((l) => l.kind)).toEqual(['input', 'conv2d', 'conv2d', 'conv2d', 'globalavgpool', 'flatten', 'dense']);
    expect(weightLayers(net).map((l) => l.table?.fn)).toEqual(['sigmoid', 'silu', 'hardswish', 'hardsigmoid']);
  });

  it('the importer\'s float path computes what ONNX Runtime computes', async () => {
    await expectFloatPathExact(tableNet(), DIMS);
  });

  it('a tabled layer outputs f(pre-activation) rounded into its output codes, as computed independently here', () => {
    const net = importOnnx(tableNet(), { calibration });
    const x = quantizeInput(net, floats(192, 5));
    const tensors = runReference(net, x, { keepIntermediates: true }).tensors!;
    let checked = 0;
    for (const layer of weightLayers(net)) {
      // The same layer without its table, requantizing to the table's input: the pre-activation codes.
      const bare: Network = {
        name: 'bare', output: layer.name,
        layers: net.layers.slice(0, net.layers.indexOf(layer) + 1)
          .map((l) => (l === layer ? { ...layer, table: undefined, outQuant: layer.table!.preQuant } : l)),
      };
      const pre = runReference(bare, x).output.data;
      const out = tensors.get(layer.name)!.data;
      const { preQuant } = layer.table!;
      pre.forEach((p, i) => {
        const real = F[layer.table!.fn](preQuant.scale * (p - preQuant.zeroPoint));
        const expected = Math.max(-128, Math.min(127, Math.round(real / layer.outQuant.scale) + layer.outQuant.zeroPoint));
        // Math.round rounds halves up where the table rounds them to even: allow those exact ties only.
        if (out[i] !== expected) expect(Math.abs(real / layer.outQuant.scale) % 1).toBe(0.5);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(400);
  });

  it('the quantized network tracks ONNX Runtime\'s float model within a few output steps', async () => {
    const net = importOnnx(tableNet(), { calibration });
    const { worst, range, scale } = await worstError(tableNet(), net, DIMS, 'x', 'y');
    expect(range).toBeGreaterThan(0.3);
    expect(worst).toBeLessThan(Math.max(4 * scale, 0.08 * range));
  });

  it('the engine computes the reference\'s outputs; model and engine count one activation-unit op per tabled output', () => {
    const net = importOnnx(tableNet(), { calibration });
    const r = runNetwork(net, { images: 2 });
    expect(r.compared).toBeGreaterThan(0);
    expect(r.mismatches).toBe(0);
    const mapped = mapNetwork(net, loadArch(LOSSLESS));
    const engine = runNetwork(net, { images: 1 }).result;
    for (const layer of weightLayers(net)) {
      const m = mapped.layers.find((l) => l.name === layer.name)!;
      expect(m.activationOps).toBe(m.outputValues);
      expect(engine.layers.find((l) => l.name === layer.name)!.tally.activationOps).toBe(m.outputValues);
    }
  });

  it('a PyTorch export with SiLU twice and a Softmax head imports; the softmax of its float logits is ONNX Runtime\'s output', async () => {
    const path = fileURLToPath(new URL('fixtures/silu-softmax.onnx', import.meta.url));
    expect(weightLayers(importOnnx(path)).map((l) => l.table?.fn)).toEqual(['silu', 'silu', undefined]);
    const bytes = new Uint8Array(await import('node:fs').then((fs) => fs.readFileSync(path)));
    const { drafts, order, output } = convertGraph(readGraph(decodeModel(bytes, 'm'), 'm'));
    const session = await ort.InferenceSession.create(bytes);
    const x = floats(192, 31);
    const probs = (await session.run({ image: new ort.Tensor('float32', x, DIMS) })).logits.data as Float32Array;
    await session.release();
    const exps = Array.from(runFloat(drafts, order, Float64Array.from(x)).get(output)!, Math.exp);
    const sum = exps.reduce((a, b) => a + b, 0);
    exps.forEach((e, i) => expect(e / sum).toBeCloseTo(probs[i], 6));
  });

  it('HardSwish as PyTorch exports it below opset 14, Mul(x, HardSigmoid(x; 1/6, 0.5)), folds as the HardSwish table; float path equal to ORT', async () => {
    const bytes = modelBytes({
      opset: 13,
      input: { name: 'x', dims: DIMS },
      output: 'y',
      nodes: [
        node('Conv', ['x', 'w1', 'b1'], ['c1'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
        node('HardSigmoid', ['c1'], ['hs'], { alpha: 1 / 6, beta: 0.5 }),
        node('Mul', ['c1', 'hs'], ['h1']),
        node('Conv', ['h1', 'w2'], ['c2'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
        node('HardSigmoid', ['c2'], ['hs2'], { alpha: 1 / 6, beta: 0.5 }),
        node('Mul', ['hs2', 'c2'], ['y']),
      ],
      initializers: [floatTensor('w1', [4, 3, 3, 3], floats(108, 1, 0.6)), floatTensor('b1', [4], floats(4, 2, 0.3)), floatTensor('w2', [2, 4, 3, 3], floats(72, 3, 0.8))],
    });
    const net = importOnnx(bytes, { calibration });
    expect(weightLayers(net).map((l) => l.table?.fn)).toEqual(['hardswish', 'hardswish']);
    expect(net.layers.map((l) => l.kind)).toEqual(['input', 'conv2d', 'conv2d']);
    await expectFloatPathExact(bytes, DIMS);
  });

  it('after a pool: rejected naming the node', () => {
    const afterPool = modelBytes({
      input: { name: 'x', dims: DIMS },
      output: 'y',
      nodes: [node('MaxPool', ['x'], ['p'], { kernel_shape: [2, 2] }), node('Sigmoid', ['p'], ['y'], {}, { name: 'sig' })],
      initializers: [],
    });
    const error = rejection(afterPool);
    expect(error.field).toBe('node "sig" (Sigmoid)');
    expect(error.message).toContain('right after a float Conv, Gemm or MatMul');
    expect(error.fix).toContain('right after a Conv or Linear');
  });

  it('ONNX Runtime calibration (the CLI\'s) observes the pre-activation tensors and chooses the JavaScript executor\'s table scales', async () => {
    const parsed = parseOnnx(tableNet());
    const { net, calibration: info } = await calibrateOnnx(parsed, { calibration });
    expect(info?.executor).toBe('onnxruntime');
    const js = importOnnx(tableNet(), { calibration });
    expect(weightLayers(net).map((l) => l.table!.preQuant)).toEqual(weightLayers(js).map((l) => l.table!.preQuant));
  });

  it('in a quantized (QDQ) model, a Sigmoid on a dequantized pool: rejected naming the node (import-qdq-table-activations.test.ts has the supported QDQ form)', () => {
    const bytes = modelBytes({
      input: { name: 'x', dims: [1, 1, 4, 4] },
      output: 'y',
      nodes: [
        node('QuantizeLinear', ['x', 's', 'z'], ['xq']),
        node('DequantizeLinear', ['xq', 's', 'z'], ['xd']),
        node('Conv', ['xd', 'w'], ['c'], { kernel_shape: [1, 1] }),
        node('QuantizeLinear', ['c', 's', 'z'], ['cq']),
        node('DequantizeLinear', ['cq', 's', 'z'], ['cd']),
        node('MaxPool', ['cd'], ['p'], { kernel_shape: [2, 2] }),
        node('QuantizeLinear', ['p', 's', 'z'], ['pq']),
        node('DequantizeLinear', ['pq', 's', 'z'], ['pd']),
        node('Sigmoid', ['pd'], ['y'], {}, { name: 'sig' }),
      ],
      initializers: [floatTensor('s', [], [0.05]), int8Tensor('z', [], [0]), floatTensor('w', [2, 1, 1, 1], floats(2, 3))],
    });
    const error = rejection(bytes);
    expect(error.field).toBe('node "sig" (Sigmoid)');
    expect(error.message).toContain('on the quantized output of a Conv, Gemm or MatMul');
    expect(error.fix).toContain('or import the float model');
  });

  it('a network with a table does not export to ONNX, with the reason', () => {
    const net = importOnnx(tableNet(), { calibration });
    expect(() => exportOnnx(net)).toThrow(/activation table does not export/);
  });
});
