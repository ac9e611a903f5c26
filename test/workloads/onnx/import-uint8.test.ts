// uint8 activations (ONNX Runtime's default QuantType.QUInt8, and models whose input is uint8)
// import as int8 shifted by 128: codes q - 128, zero point z - 128, the same real values. A QDQ
// model written with uint8 activations imports as the same network as its int8 twin and computes
// what ONNX Runtime computes on it, bit for bit. uint8 weights are rejected with the fix.
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { runReference } from '../../../workloads/reference/index.js';
import { exactMultiplier } from '../../../workloads/zoo/scales.js';
import { SeededRandom } from '../../../workloads/random.js';
import { DataType } from '../../../workloads/onnx/proto.js';
import { encodeTensor } from '../../../workloads/onnx/tensors.js';
import { ORT_EXACT_WEIGHT_LIMIT } from './ort.js';
import { floatTensor, int32Tensor, int8Tensor, modelBytes, node } from './onnx-builder.js';
import { rejection } from './more-ops-check.js';

const uint8Tensor = (name: string, dims: number[], values: ArrayLike<number>) => encodeTensor(name, DataType.UINT8, dims, values);

// int8 quantizations; the uint8 twin writes zero point z + 128.
const IN = { scale: 2 ** -4, zeroPoint: 3 };
const CONV_OUT = { scale: 2 ** -3, zeroPoint: -100 };
const FC_OUT = { scale: 2 ** -2, zeroPoint: -5 };
const random = new SeededRandom(7, 'uint8-test');
const convWeights = random.fillInt8(new Int8Array(4 * 2 * 9), ORT_EXACT_WEIGHT_LIMIT);
const convScales = [0.011, 0.007, 0.02, 0.003].map((m) => (exactMultiplier(m) * CONV_OUT.scale) / IN.scale);
const fcWeights = random.fillInt8(new Int8Array(16 * 3), ORT_EXACT_WEIGHT_LIMIT);
const fcScale = (exactMultiplier(0.004) * FC_OUT.scale) / CONV_OUT.scale;

/** QLinearConv with a clamp (Clip on its codes: uint8 bounds in the uint8 twin), QDQ max pool, QLinearMatMul. */
function model(uint8: boolean, opts: { uint8Input?: boolean; uint8Weights?: boolean } = {}): Uint8Array {
  const zp = (name: string, z: number) => (uint8 ? uint8Tensor(name, [], [z + 128]) : int8Tensor(name, [], [z]));
  const scalar = (name: string, q: { scale: number; zeroPoint: number }) => [floatTensor(`${name}_s`, [], [q.scale]), zp(`${name}_z`, q.zeroPoint)];
  const xq = opts.uint8Input ? 'x' : 'xq';
  return modelBytes({
    input: { name: 'x', dims: [1, 2, 4, 4], ...(opts.uint8Input ? { elemType: DataType.UINT8 } : {}) },
    output: 'y',
    nodes: [
      ...(opts.uint8Input ? [] : [node('QuantizeLinear', ['x', 'in_s', 'in_z'], ['xq'])]),
      node('QLinearConv', [xq, 'in_s', 'in_z', 'w', 'w_s', 'w_z', 'c_s', 'c_z', 'b'], ['cq'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
      node('Clip', ['cq', 'lo', 'hi'], ['rq']),
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
      // The clip in the tensor's own codes: [zero point, zero point + 40] (a ReLU6-like clamp).
      ...(uint8 ? [uint8Tensor('lo', [], [CONV_OUT.zeroPoint + 128]), uint8Tensor('hi', [], [CONV_OUT.zeroPoint + 168])] : [int8Tensor('lo', [], [CONV_OUT.zeroPoint]), int8Tensor('hi', [], [CONV_OUT.zeroPoint + 40])]),
      opts.uint8Weights ? uint8Tensor('w', [4, 2, 3, 3], Array.from(convWeights, (v) => v + 128)) : int8Tensor('w', [4, 2, 3, 3], convWeights),
      floatTensor('w_s', [4], convScales),
      opts.uint8Weights ? uint8Tensor('w_z', [4], [128, 128, 128, 128]) : int8Tensor('w_z', [4], [0, 0, 0, 0]),
      int32Tensor('b', [4], [120, -300, 45, 9]),
      int8Tensor('fw', [16, 3], fcWeights),
      floatTensor('fw_s', [], [fcScale]),
      int8Tensor('fw_z', [], [0]),
    ],
  });
}

describe('uint8 activations', () => {
  it('a uint8 model imports as its int8 twin: same layers, weights, zero points (shifted) and clamp', () => {
    const twin = importOnnx(model(false));
    const net = importOnnx(model(true));
    expect(net).toEqual(twin);
    expect(net.layers[0]).toMatchObject({ quant: IN });
    expect(net.layers[1]).toMatchObject({ outQuant: CONV_OUT, clamp: { min: CONV_OUT.zeroPoint, max: CONV_OUT.zeroPoint + 40 } });
  });

  for (const uint8Input of [false, true]) {
    it(`computes what ONNX Runtime computes on the uint8 file, bit for bit (${uint8Input ? 'uint8 graph input' : 'float input, QuantizeLinear to uint8'})`, async () => {
      const bytes = model(true, { uint8Input });
      const net = importOnnx(bytes);
      const session = await ort.InferenceSession.create(bytes);
      let clamped = 0;
      for (let seed = 0; seed < 6; seed++) {
        const q = new SeededRandom(seed, 'uint8-inputs').fillInt8(new Int8Array(32));
        const feed = uint8Input
          ? new ort.Tensor('uint8', Uint8Array.from(q, (v) => v + 128), [1, 2, 4, 4])
          : new ort.Tensor('float32', Float32Array.from(q, (v) => IN.scale * (v - IN.zeroPoint)), [1, 2, 4, 4]);
        const y = (await session.run({ x: feed })).y.data as Float32Array;
        const ortCodes = Array.from(y, (v) => Math.round(v / FC_OUT.scale) + FC_OUT.zeroPoint);
        expect(Array.from(runReference(net, q).output.data)).toEqual(ortCodes);
        const conv = runReference(net, q, { keepIntermediates: true }).tensors!.get(net.layers[1].name)!;
        clamped += Array.from(conv.data).filter((v) => v === CONV_OUT.zeroPoint + 40).length;
      }
      await session.release();
      // The clip's upper bound is reached, so the shifted bounds are exercised.
      expect(clamped).toBeGreaterThan(0);
    });
  }

  it('uint8 weights are rejected naming the node, with the fix (QLinearConv, and DequantizeLinear of QDQ weights)', () => {
    const error = rejection(model(true, { uint8Weights: true }));
    expect(error.field).toBe('node "cq" (QLinearConv)');
    expect(error.message).toContain('not uint8');
    expect(error.fix).toContain('QuantType.QInt8');
    const qdq = rejection(modelBytes({
      input: { name: 'x', dims: [1, 1, 3, 3] },
      output: 'y',
      nodes: [node('DequantizeLinear', ['w', 'w_s', 'w_z'], ['wd']), node('Conv', ['x', 'wd'], ['y'], { kernel_shape: [3, 3] })],
      initializers: [uint8Tensor('w', [1, 1, 3, 3], new Array(9).fill(130)), floatTensor('w_s', [], [0.01]), uint8Tensor('w_z', [], [128])],
    }));
    expect(qdq.field).toBe('node "wd" (DequantizeLinear)');
    expect(qdq.message).toContain('uint8 weights are not supported');
    expect(qdq.fix).toContain('QuantType.QInt8');
  });
});
