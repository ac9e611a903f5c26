// Sigmoid, HardSwish, HardSigmoid and SiLU in quantized models: onnxruntime's QDQ form (QuantizeLinear ->
// DequantizeLinear -> activation -> QuantizeLinear after a Conv or Gemm; SiLU's Mul with its
// sigmoid QDQ'd) and its QOperator QLinearSigmoid import as lookup-table activations with the
// file's scales, need no calibration, and compute what ONNX Runtime computes on the file. Other placements, and quantized ops ohmflow
// has no form for, are refused naming the node.
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { importOnnx, importOnnxSkeleton } from '../../../workloads/onnx/import.js';
import { runReference } from '../../../workloads/reference/index.js';
import type { Conv2dLayer, DenseLayer, Network, TensorQuant } from '../../../workloads/ir/types.js';
import { exactMultiplier } from '../../../workloads/zoo/scales.js';
import { SeededRandom } from '../../../workloads/random.js';
import { runNetwork } from '../../sim/engine/helpers.js';
import { DataType } from '../../../workloads/onnx/proto.js';
import { encodeTensor } from '../../../workloads/onnx/tensors.js';
import { floatTensor, int32Tensor, int8Tensor, modelBytes, node } from './onnx-builder.js';
import { rejection } from './more-ops-check.js';
import { ORT_EXACT_WEIGHT_LIMIT } from './ort.js';

const DIMS = [1, 2, 4, 4];
const IN = { scale: 2 ** -4, zeroPoint: 3 };
const PRE1 = { scale: 2 ** -4, zeroPoint: -10 };
const SIG = { scale: 1 / 256, zeroPoint: -128 };
const PRE2 = { scale: 2 ** -3, zeroPoint: 5 };
const HSWISH = { scale: 2 ** -4, zeroPoint: -100 };
const PRE3 = { scale: 2 ** -5, zeroPoint: 0 };
const OUT = { scale: 1 / 256, zeroPoint: -128 };

/** Per-channel weight scales whose requantization multiplier is exact in float32, as ONNX Runtime and the reference both need for bit equality. */
const weightScales = (ms: number[], input: TensorQuant, output: TensorQuant) => ms.map((m) => (exactMultiplier(m) * output.scale) / input.scale);

/** An activation's scale and zero point; a uint8 zero point is the int8 one + 128 (the same real values). */
const scalar = (name: string, q: TensorQuant, uint8 = false) => [
  floatTensor(`${name}_s`, [], [q.scale]),
  uint8 ? encodeTensor(`${name}_z`, DataType.UINT8, [], [q.zeroPoint + 128]) : int8Tensor(`${name}_z`, [], [q.zeroPoint]),
];

/** DequantizeLinear'd int8 weights and int32 bias of layer `name`, with per-channel scales. */
function qdqWeights(random: SeededRandom, name: string, dims: number[], scales: number[], input: TensorQuant) {
  const count = dims.reduce((p, d) => p * d, 1);
  return {
    nodes: [
      node('DequantizeLinear', [`${name}_w`, `${name}_ws`, `${name}_wz`], [`${name}_wd`], { axis: 0 }),
      node('DequantizeLinear', [`${name}_b`, `${name}_bs`], [`${name}_bd`], { axis: 0 }),
    ],
    initializers: [
      int8Tensor(`${name}_w`, dims, random.fillInt8(new Int8Array(count), ORT_EXACT_WEIGHT_LIMIT)),
      floatTensor(`${name}_ws`, [scales.length], scales),
      int8Tensor(`${name}_wz`, [scales.length], new Array(scales.length).fill(0)),
      int32Tensor(`${name}_b`, [scales.length], scales.map((_, i) => 40 * i - 60)),
      floatTensor(`${name}_bs`, [scales.length], scales.map((s) => Math.fround(s * input.scale))),
    ],
  };
}

/** Quantize then dequantize `x` with `q`: the QDQ pair the quantizer writes after each tensor. */
const qdq = (x: string, q: string): ReturnType<typeof node>[] => [node('QuantizeLinear', [x, `${q}_s`, `${q}_z`], [`${x}_q`]), node('DequantizeLinear', [`${x}_q`, `${q}_s`, `${q}_z`], [`${x}_d`])];

/** Conv -> Sigmoid -> Conv 1x1 -> HardSwish -> Flatten -> Gemm -> HardSigmoid, every tensor QDQ'd (onnxruntime's QDQ format), activations int8 or uint8. */
function qdqTableNet(uint8 = false): Uint8Array {
  const random = new SeededRandom(7, 'qdq-table-test');
  // Multipliers that keep most pre-activation codes inside int8 (the functions' curved parts).
  const w1 = qdqWeights(random, 'c1', [4, 2, 3, 3], weightScales([0.001, 0.002, 0.0015, 0.0008], IN, PRE1), IN);
  const w2 = qdqWeights(random, 'c2', [3, 4, 1, 1], weightScales([0.002, 0.003, 0.0025], SIG, PRE2), SIG);
  const w3 = qdqWeights(random, 'g', [5, 48], weightScales([0.0005, 0.0004, 0.0006, 0.0003, 0.00045], HSWISH, PRE3), HSWISH);
  return modelBytes({
    opset: 14,
    input: { name: 'x', dims: DIMS },
    output: 'y',
    nodes: [
      ...qdq('x', 'in'), ...w1.nodes, ...w2.nodes, ...w3.nodes,
      node('Conv', ['x_d', 'c1_wd', 'c1_bd'], ['c1'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
      ...qdq('c1', 'pre1'),
      node('Sigmoid', ['c1_d'], ['s1'], {}, { name: 'sig' }),
      ...qdq('s1', 'sig'),
      node('Conv', ['s1_d', 'c2_wd', 'c2_bd'], ['c2'], { kernel_shape: [1, 1] }),
      ...qdq('c2', 'pre2'),
      node('HardSwish', ['c2_d'], ['h2']),
      ...qdq('h2', 'hswish'),
      node('Flatten', ['h2_d'], ['f']),
      node('Gemm', ['f', 'g_wd', 'g_bd'], ['g'], { transB: 1 }),
      ...qdq('g', 'pre3'),
      node('HardSigmoid', ['g_d'], ['hs'], { alpha: 0.2, beta: 0.5 }),
      node('QuantizeLinear', ['hs', 'out_s', 'out_z'], ['hs_q']),
      node('DequantizeLinear', ['hs_q', 'out_s', 'out_z'], ['y']),
    ],
    initializers: [
      ...[['in', IN], ['pre1', PRE1], ['sig', SIG], ['pre2', PRE2], ['hswish', HSWISH], ['pre3', PRE3], ['out', OUT]]
        .flatMap(([name, q]) => scalar(name as string, q as TensorQuant, uint8)),
      ...w1.initializers, ...w2.initializers, ...w3.initializers,
    ],
  });
}

const weightLayers = (net: Network) => net.layers.filter((l): l is Conv2dLayer | DenseLayer => l.kind === 'conv2d' || l.kind === 'dense');

/** ONNX Runtime's int8 output codes (y in `out`) on inputs that quantize to exactly `images` (with optimizations at `level`). */
async function ortCodes(model: Uint8Array, images: Int8Array[], level: 'disabled' | 'all', out = OUT): Promise<number[][]> {
  const session = await ort.InferenceSession.create(model, { graphOptimizationLevel: level });
  try {
    const codes: number[][] = [];
    for (const q of images) {
      const real = Float32Array.from(q, (v) => IN.scale * (v - IN.zeroPoint));
      const y = (await session.run({ x: new ort.Tensor('float32', real, DIMS) })).y.data as Float32Array;
      codes.push(Array.from(y, (v) => Math.round(v / out.scale) + out.zeroPoint));
    }
    return codes;
  } finally {
    await session.release();
  }
}

const images = Array.from({ length: 6 }, (_, seed) => new SeededRandom(seed, 'qdq-table-inputs').fillInt8(new Int8Array(32)));

describe('lookup-table activations in quantized (QDQ) models', () => {
  it('fold into the layer before them with the file\'s scales: the first QuantizeLinear is the table\'s input, the second its output', () => {
    const { quantization } = importOnnxSkeleton(qdqTableNet());
    expect(quantization.needsCalibration).toBe(false);
    const net = importOnnx(qdqTableNet());
    expect(net.layers.map((l) => l.kind)).toEqual(['input', 'conv2d', 'conv2d', 'flatten', 'dense']);
    const tabled = weightLayers(net);
    expect(tabled.map((l) => l.table?.fn)).toEqual(['sigmoid', 'hardswish', 'hardsigmoid']);
    expect(tabled.map((l) => l.table!.preQuant)).toEqual([PRE1, PRE2, PRE3]);
    expect(tabled.map((l) => l.outQuant)).toEqual([SIG, HSWISH, OUT]);
  });

  it.each([false, true])('compute what ONNX Runtime computes on the file, run as written and with its QDQ fusions (uint8 activations: %s)', async (uint8) => {
    const net = importOnnx(qdqTableNet(uint8));
    if (uint8) expect(net).toEqual(importOnnx(qdqTableNet()));
    const ours = images.map((q) => Array.from(runReference(net, q).output.data));
    // Not a constant: the outputs vary across images.
    expect(new Set(ours.flat()).size).toBeGreaterThan(10);
    expect(await ortCodes(qdqTableNet(uint8), images, 'disabled')).toEqual(ours);
    expect(await ortCodes(qdqTableNet(uint8), images, 'all')).toEqual(ours);
  });

  it('the engine computes the reference\'s outputs', () => {
    const r = runNetwork(importOnnx(qdqTableNet()), { images: 2 });
    expect(r.compared).toBeGreaterThan(0);
    expect(r.mismatches).toBe(0);
  });
});

/** QuantizeLinear -> QLinearConv -> com.microsoft QLinearSigmoid -> DequantizeLinear: onnxruntime's QOperator format. */
function qlinearSigmoidNet(): Uint8Array {
  const random = new SeededRandom(8, 'qlinear-sigmoid-test');
  const scales = weightScales([0.001, 0.0015, 0.002], IN, PRE1);
  return modelBytes({
    input: { name: 'x', dims: DIMS },
    output: 'y',
    nodes: [
      node('QuantizeLinear', ['x', 'in_s', 'in_z'], ['xq']),
      node('QLinearConv', ['xq', 'in_s', 'in_z', 'w', 'w_s', 'w_z', 'pre1_s', 'pre1_z', 'b'], ['c'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
      node('QLinearSigmoid', ['c', 'pre1_s', 'pre1_z', 'sig_s', 'sig_z'], ['s'], {}, { domain: 'com.microsoft', name: 'qsig' }),
      node('DequantizeLinear', ['s', 'sig_s', 'sig_z'], ['y']),
    ],
    initializers: [
      ...scalar('in', IN), ...scalar('pre1', PRE1), ...scalar('sig', SIG),
      int8Tensor('w', [3, 2, 3, 3], random.fillInt8(new Int8Array(54), ORT_EXACT_WEIGHT_LIMIT)),
      floatTensor('w_s', [3], scales),
      int8Tensor('w_z', [3], [0, 0, 0]),
      int32Tensor('b', [3], [100, -200, 50]),
    ],
  });
}

describe('QLinearSigmoid (com.microsoft, QOperator format)', () => {
  it('folds into the QLinearConv before it as a sigmoid table and computes what ONNX Runtime computes', async () => {
    const net = importOnnx(qlinearSigmoidNet());
    expect(net.layers.map((l) => l.kind)).toEqual(['input', 'conv2d']);
    expect(weightLayers(net)[0]).toMatchObject({ table: { fn: 'sigmoid', preQuant: PRE1 }, outQuant: SIG });
    const ours = images.map((q) => Array.from(runReference(net, q).output.data));
    expect(new Set(ours.flat()).size).toBeGreaterThan(20);
    expect(await ortCodes(qlinearSigmoidNet(), images, 'all', SIG)).toEqual(ours);
  });

  it('on a conv output something else reads too: refused naming the node', () => {
    const bytes = modelBytes({
      input: { name: 'x', dims: [1, 1, 4, 4] },
      output: 'y',
      nodes: [
        node('QuantizeLinear', ['x', 's', 'z'], ['xq']),
        node('QLinearConv', ['xq', 's', 'z', 'w', 's', 'z', 's', 'z'], ['c'], { kernel_shape: [1, 1] }),
        node('QLinearSigmoid', ['c', 's', 'z', 's', 'z'], ['sg'], {}, { domain: 'com.microsoft', name: 'qsig' }),
        node('QLinearAdd', ['sg', 's', 'z', 'c', 's', 'z', 's', 'z'], ['a'], {}, { domain: 'com.microsoft' }),
        node('DequantizeLinear', ['a', 's', 'z'], ['y']),
      ],
      initializers: [floatTensor('s', [], [0.05]), int8Tensor('z', [], [0]), int8Tensor('w', [2, 1, 1, 1], [3, -2])],
    });
    const error = rejection(bytes);
    expect(error.field).toBe('node "qsig" (QLinearSigmoid)');
    expect(error.message).toContain('that nothing else reads');
  });
});

describe('quantized activations ohmflow has no form for', () => {
  /** QDQ conv whose dequantized output feeds `tail` (nodes reading "cd" and writing "y"). */
  const qdqConvThen = (tail: ReturnType<typeof node>[]): Uint8Array => modelBytes({
    input: { name: 'x', dims: [1, 1, 4, 4] },
    output: 'y',
    nodes: [
      node('QuantizeLinear', ['x', 's', 'z'], ['xq']),
      node('DequantizeLinear', ['xq', 's', 'z'], ['xd']),
      node('Conv', ['xd', 'w'], ['c'], { kernel_shape: [1, 1] }),
      node('QuantizeLinear', ['c', 's', 'z'], ['cq']),
      node('DequantizeLinear', ['cq', 's', 'z'], ['cd']),
      ...tail,
    ],
    initializers: [floatTensor('s', [], [0.05]), int8Tensor('z', [], [0]), floatTensor('w', [2, 1, 1, 1], [0.5, -0.25])],
  });

  it('a dequantized conv output read by the activation and by another node: refused naming the activation', () => {
    const error = rejection(qdqConvThen([node('HardSwish', ['cd'], ['h'], {}, { name: 'hs' }), node('Add', ['h', 'cd'], ['y'])]));
    expect(error.field).toBe('node "hs" (HardSwish)');
    expect(error.message).toContain('that nothing else reads');
  });

  it('com.microsoft QLinearLeakyRelu: refused naming the node, with what to do', () => {
    const error = rejection(qdqConvThen([
      node('QLinearLeakyRelu', ['cq', 's', 'z', 's', 'z'], ['lq'], { alpha: 0.1 }, { domain: 'com.microsoft', name: 'leaky' }),
      node('DequantizeLinear', ['lq', 's', 'z'], ['y']),
    ]));
    expect(error.field).toBe('node "leaky" (QLinearLeakyRelu)');
    expect(error.message).toContain('unsupported operator com.microsoft:QLinearLeakyRelu');
    expect(error.fix).toContain('replace it by ReLU');
  });
});

const SILU_OUT = { scale: 2 ** -5, zeroPoint: -110 };

/** QDQ Conv -> SiLU as onnxruntime's QDQ quantizer writes it: Mul(x, DQ(Q(Sigmoid(x)))), x the dequantized conv output. */
function qdqSiluNet(): Uint8Array {
  const random = new SeededRandom(9, 'qdq-silu-test');
  const w = qdqWeights(random, 'c', [3, 2, 3, 3], weightScales([0.001, 0.0015, 0.002], IN, PRE1), IN);
  return modelBytes({
    input: { name: 'x', dims: DIMS },
    output: 'y',
    nodes: [
      ...qdq('x', 'in'), ...w.nodes,
      node('Conv', ['x_d', 'c_wd', 'c_bd'], ['c'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
      ...qdq('c', 'pre1'),
      node('Sigmoid', ['c_d'], ['s']),
      ...qdq('s', 'sig'),
      node('Mul', ['c_d', 's_d'], ['m'], {}, { name: 'silu_mul' }),
      node('QuantizeLinear', ['m', 'out_s', 'out_z'], ['m_q']),
      node('DequantizeLinear', ['m_q', 'out_s', 'out_z'], ['y']),
    ],
    initializers: [...scalar('in', IN), ...scalar('pre1', PRE1), ...scalar('sig', SIG), ...scalar('out', SILU_OUT), ...w.initializers],
  });
}

describe('SiLU in a quantized (QDQ) model', () => {
  it('folds into the conv as one table that rounds the sigmoid to its own codes before the product', () => {
    const net = importOnnx(qdqSiluNet());
    expect(net.layers.map((l) => l.kind)).toEqual(['input', 'conv2d']);
    const conv = weightLayers(net)[0];
    expect(conv).toMatchObject({ table: { fn: 'silu', preQuant: PRE1 }, outQuant: SILU_OUT });
    // Entry of pre-activation code 40 (x = 50/16), as written out here: the sigmoid rounded to 1/256 steps, times x, in output steps.
    const x = PRE1.scale * (40 - PRE1.zeroPoint);
    const sigmoidCode = Math.round(1 / (1 + Math.exp(-x)) / SIG.scale) + SIG.zeroPoint;
    const y = x * SIG.scale * (sigmoidCode - SIG.zeroPoint);
    expect(conv.table!.table[40 + 128]).toBe(Math.round(y / SILU_OUT.scale) + SILU_OUT.zeroPoint);
  });

  it('computes what ONNX Runtime computes on the file, run as written and with its QDQ fusions', async () => {
    const net = importOnnx(qdqSiluNet());
    const ours = images.map((q) => Array.from(runReference(net, q).output.data));
    expect(new Set(ours.flat()).size).toBeGreaterThan(20);
    expect(await ortCodes(qdqSiluNet(), images, 'disabled', SILU_OUT)).toEqual(ours);
    expect(await ortCodes(qdqSiluNet(), images, 'all', SILU_OUT)).toEqual(ours);
  });

  it('refused, naming the node, when the dequantized sigmoid uses another scale than its QuantizeLinear', () => {
    const bytes = modelBytes({
      input: { name: 'x', dims: [1, 1, 4, 4] },
      output: 'y',
      nodes: [
        node('QuantizeLinear', ['x', 's', 'z'], ['xq']),
        node('DequantizeLinear', ['xq', 's', 'z'], ['xd']),
        node('Conv', ['xd', 'w'], ['c'], { kernel_shape: [1, 1] }),
        node('QuantizeLinear', ['c', 's', 'z'], ['cq']),
        node('DequantizeLinear', ['cq', 's', 'z'], ['cd']),
        node('Sigmoid', ['cd'], ['sg']),
        node('QuantizeLinear', ['sg', 's', 'z'], ['sgq']),
        node('DequantizeLinear', ['sgq', 's2', 'z'], ['sgd'], {}, { name: 'bad_dq' }),
        node('Mul', ['cd', 'sgd'], ['y']),
      ],
      initializers: [floatTensor('s', [], [0.05]), floatTensor('s2', [], [0.1]), int8Tensor('z', [], [0]), floatTensor('w', [2, 1, 1, 1], [0.5, -0.25])],
    });
    const error = rejection(bytes);
    expect(error.field).toBe('node "bad_dq" (DequantizeLinear)');
    expect(error.message).toContain('another scale or zero point');
  });
});
