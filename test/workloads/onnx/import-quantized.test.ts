// Already-quantized ONNX models (QDQ pairs around float ops, QLinearMatMul) keep their own integers
// and scales, and the imported network computes what ONNX Runtime computes on the file.
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { runReference } from '../../../workloads/reference/index.js';
import { exactMultiplier } from '../../../workloads/zoo/scales.js';
import { SeededRandom } from '../../../workloads/random.js';
import { floatTensor, int32Tensor, int8Tensor, modelBytes, node } from './onnx-builder.js';
import { ORT_EXACT_WEIGHT_LIMIT } from './ort.js';

const IN = { scale: 2 ** -4, zeroPoint: 3 };
const CONV_OUT = { scale: 2 ** -3, zeroPoint: -128 };
const FC_OUT = { scale: 2 ** -2, zeroPoint: -5 };
const random = new SeededRandom(42, 'qdq-test');
const convWeights = random.fillInt8(new Int8Array(4 * 2 * 9), ORT_EXACT_WEIGHT_LIMIT);
// Per-channel weight scales whose requantization multiplier is exact in float32 (as the zoo's).
const convScales = [0.011, 0.007, 0.02, 0.003].map((m) => (exactMultiplier(m) * CONV_OUT.scale) / IN.scale);
const convBias = Int32Array.from([120, -300, 45, 9]);
const fcWeights = random.fillInt8(new Int8Array(16 * 3), ORT_EXACT_WEIGHT_LIMIT); // [K = 16, N = 3], as MatMul reads it
const fcScale = (exactMultiplier(0.004) * FC_OUT.scale) / CONV_OUT.scale;

function qdqModel(): Uint8Array {
  const scalar = (name: string, q: { scale: number; zeroPoint: number }) => [floatTensor(`${name}_s`, [], [q.scale]), int8Tensor(`${name}_z`, [], [q.zeroPoint])];
  return modelBytes({
    input: { name: 'x', dims: [1, 2, 4, 4] },
    output: 'y',
    nodes: [
      node('QuantizeLinear', ['x', 'in_s', 'in_z'], ['xq']),
      node('DequantizeLinear', ['xq', 'in_s', 'in_z'], ['xd']),
      node('DequantizeLinear', ['w', 'w_s', 'w_z'], ['wd'], { axis: 0 }),
      node('DequantizeLinear', ['b', 'b_s'], ['bd'], { axis: 0 }),
      node('Conv', ['xd', 'wd', 'bd'], ['c'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
      node('Relu', ['c'], ['r']),
      node('QuantizeLinear', ['r', 'c_s', 'c_z'], ['rq']),
      node('DequantizeLinear', ['rq', 'c_s', 'c_z'], ['rd']),
      node('MaxPool', ['rd'], ['p'], { kernel_shape: [2, 2], strides: [2, 2] }),
      node('QuantizeLinear', ['p', 'c_s', 'c_z'], ['pq']),
      node('Flatten', ['pq'], ['f'], { axis: 1 }),
      node('QLinearMatMul', ['f', 'c_s', 'c_z', 'fw', 'fw_s', 'fw_z', 'y_s', 'y_z'], ['yq']),
      node('DequantizeLinear', ['yq', 'y_s', 'y_z'], ['y']),
    ],
    initializers: [
      ...scalar('in', IN),
      ...scalar('c', CONV_OUT),
      ...scalar('y', FC_OUT),
      int8Tensor('w', [4, 2, 3, 3], convWeights),
      floatTensor('w_s', [4], convScales),
      int8Tensor('w_z', [4], [0, 0, 0, 0]),
      int32Tensor('b', [4], convBias),
      floatTensor('b_s', [4], convScales.map((s) => Math.fround(s * IN.scale))),
      int8Tensor('fw', [16, 3], fcWeights),
      floatTensor('fw_s', [], [fcScale]),
      int8Tensor('fw_z', [], [0]),
    ],
  });
}

describe('importing quantized models', () => {
  it('keeps the file’s integers and scales (QDQ conv, QDQ max pool, QLinearMatMul)', () => {
    const net = importOnnx(qdqModel());
    expect(net.layers.map((l) => l.kind)).toEqual(['input', 'conv2d', 'maxpool', 'flatten', 'dense']);
    const [input, conv, , , dense] = net.layers;
    expect(input).toMatchObject({ quant: IN, shape: [2, 4, 4] });
    if (conv.kind !== 'conv2d' || dense.kind !== 'dense') throw new Error('unexpected layers');
    expect(Array.from(conv.weights)).toEqual(Array.from(convWeights));
    expect(Array.from(conv.bias)).toEqual(Array.from(convBias));
    expect(conv.weightQuant.scales).toEqual(convScales.map(Math.fround));
    expect(conv).toMatchObject({ relu: true, outQuant: CONV_OUT });
    // QLinearMatMul's B is [K, N]; the IR stores [N, K].
    expect(dense.weights[1 * 16 + 5]).toBe(fcWeights[5 * 3 + 1]);
    expect(dense.outQuant).toEqual(FC_OUT);
  });

  it('computes what ONNX Runtime computes on the file, bit for bit', async () => {
    const model = qdqModel();
    const net = importOnnx(model);
    const session = await ort.InferenceSession.create(model);
    for (let seed = 0; seed < 4; seed++) {
      const q = new SeededRandom(seed, 'qdq-inputs').fillInt8(new Int8Array(32));
      // Real inputs that quantize back to exactly q.
      const real = Float32Array.from(q, (v) => IN.scale * (v - IN.zeroPoint));
      const y = (await session.run({ x: new ort.Tensor('float32', real, [1, 2, 4, 4]) })).y.data as Float32Array;
      const ortCodes = Array.from(y, (v) => Math.round(v / FC_OUT.scale) + FC_OUT.zeroPoint);
      expect(Array.from(runReference(net, q).output.data)).toEqual(ortCodes);
    }
    await session.release();
  });
});
