// ONNX Concat imports as a concat layer: a float model (calibrated; the float path and the
// quantized network track ONNX Runtime), a QDQ model (DequantizeLinear -> Concat -> QuantizeLinear,
// bit for bit with ORT on the file), and clear errors for what is not channel concatenation.
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { runReference } from '../../../workloads/reference/index.js';
import { SeededRandom } from '../../../workloads/random.js';
import { OhmflowError } from '../../../workloads/errors.js';
import { floatTensor, floats, int8Tensor, modelBytes, node } from './onnx-builder.js';
import { floatPathError, worstError } from './float-check.js';
import { calibrateOnnx } from '../../../workloads/onnx/calibrate.js';
import { parseOnnx } from '../../../workloads/onnx/parse.js';

/** An Inception-style block on 3x8x8: a 1x1 and a 3x3 branch (ReLU) and a max pool branch, concatenated, then a 1x1 conv. */
function inceptionBlock(axis = 1): Uint8Array {
  return modelBytes({
    input: { name: 'image', dims: [1, 3, 8, 8] },
    output: 'y',
    nodes: [
      node('Conv', ['image', 'w1', 'b1'], ['c1'], { kernel_shape: [1, 1] }),
      node('Relu', ['c1'], ['r1']),
      node('Conv', ['image', 'w3', 'b3'], ['c3'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
      node('Relu', ['c3'], ['r3']),
      node('MaxPool', ['image'], ['p'], { kernel_shape: [3, 3], strides: [1, 1], pads: [1, 1, 1, 1] }),
      node('Concat', ['r1', 'r3', 'p'], ['cat'], { axis }),
      node('Conv', ['cat', 'wy'], ['y'], { kernel_shape: [1, 1] }),
    ],
    initializers: [
      floatTensor('w1', [4, 3, 1, 1], floats(12, 1, 0.6)),
      floatTensor('b1', [4], floats(4, 2, 0.1)),
      floatTensor('w3', [5, 3, 3, 3], floats(135, 3, 0.3)),
      floatTensor('b3', [5], floats(5, 4, 0.1)),
      floatTensor('wy', [6, 12, 1, 1], floats(72, 5, 0.4)),
    ],
  });
}

describe('importing a float Concat', () => {
  it('gives a concat of the three branches in order, 4 + 5 + 3 channels', () => {
    const net = importOnnx(inceptionBlock());
    const cat = net.layers.find((l) => l.kind === 'concat')!;
    expect(cat.inputs).toEqual(['c1', 'c3', 'p']);
    expect(net.layers.map((l) => l.kind)).toEqual(['input', 'conv2d', 'conv2d', 'maxpool', 'concat', 'conv2d']);
  });

  it('the float path (calibration) matches ONNX Runtime to float rounding', async () => {
    const { worst, range } = await floatPathError(inceptionBlock(), [1, 3, 8, 8], 'image', 'y');
    expect(range).toBeGreaterThan(0.1);
    expect(worst).toBeLessThan(1e-4 * range);
  });

  it('the calibrated network tracks the float model within a few output steps', async () => {
    const model = inceptionBlock();
    const net = importOnnx(model, { calibration: 'seeded', seed: 3, calibrationImages: 16 });
    // Calibration gives the concat its own scale: its inputs (two ReLU convs, the input's max pool) are requantized.
    const cat = net.layers.find((l) => l.kind === 'concat')!;
    expect(cat.kind === 'concat' && cat.outQuant.scale).toBeGreaterThan(0);
    const { worst, range, scale } = await worstError(model, net, [1, 3, 8, 8], 'image', 'y');
    expect(range).toBeGreaterThan(0.05);
    expect(worst).toBeLessThan(Math.max(4 * scale, 0.08 * range));
  });

  it('calibration in ONNX Runtime chooses the scales the JavaScript executor does (the concat\'s among them)', async () => {
    const model = inceptionBlock();
    const viaOrt = await calibrateOnnx(parseOnnx(model), { executor: 'onnxruntime' });
    const viaJs = await calibrateOnnx(parseOnnx(model), { executor: 'javascript' });
    expect(viaOrt.calibration?.executor).toBe('onnxruntime');
    expect(viaOrt.net).toEqual(viaJs.net);
  });

  it('a Concat of one tensor (DenseNet\'s torch.cat([x], 1)) is that tensor: no layer, the float path as ONNX Runtime', async () => {
    const one = modelBytes({
      input: { name: 'image', dims: [1, 3, 8, 8] },
      output: 'y',
      nodes: [
        node('Conv', ['image', 'w1', 'b1'], ['c1'], { kernel_shape: [1, 1] }),
        node('Concat', ['c1'], ['cat'], { axis: 1 }),
        node('Conv', ['cat', 'wy'], ['y'], { kernel_shape: [1, 1] }),
      ],
      initializers: [
        floatTensor('w1', [4, 3, 1, 1], floats(12, 1, 0.6)),
        floatTensor('b1', [4], floats(4, 2, 0.1)),
        floatTensor('wy', [6, 4, 1, 1], floats(24, 5, 0.4)),
      ],
    });
    const net = importOnnx(one);
    expect(net.layers.map((l) => l.kind)).toEqual(['input', 'conv2d', 'conv2d']);
    expect(net.layers[2].inputs).toEqual([net.layers[1].name]);
    const { worst, range } = await floatPathError(one, [1, 3, 8, 8], 'image', 'y');
    expect(worst).toBeLessThan(1e-4 * range);
  });

  it('rejects a concat along another axis, naming the node and the fix', () => {
    expect(() => importOnnx(inceptionBlock(2))).toThrow(OhmflowError);
    expect(() => importOnnx(inceptionBlock(2))).toThrow(/cat.*axis 1.*got axis 2|only concatenation along channels/s);
  });
});

const IN = { scale: 2 ** -4, zeroPoint: 3 };
// The pools' requantizations (input to A, input to B) are exact in float32 and A's zero point is
// even, so ORT's float AveragePool (which rounds before adding the zero point) and the IR's
// QLinearAveragePool semantics (after) agree on ties; the concat's requantization to OUT is inexact.
const A = { scale: 2 ** -3, zeroPoint: -8 };
const B = { scale: 2 ** -5, zeroPoint: 11 };
const OUT = { scale: 0.021, zeroPoint: -2 };

/** QDQ: the input and two requantized copies of it (QDQ 1x1 average pools at scales A and B),
 *  concatenated through DQ -> Concat -> Q: three inputs at three quantizations. */
function qdqConcat(): Uint8Array {
  const scalar = (name: string, q: { scale: number; zeroPoint: number }) => [floatTensor(`${name}_s`, [], [q.scale]), int8Tensor(`${name}_z`, [], [q.zeroPoint])];
  return modelBytes({
    input: { name: 'x', dims: [1, 2, 4, 4] },
    output: 'y',
    nodes: [
      node('QuantizeLinear', ['x', 'in_s', 'in_z'], ['xq']),
      node('DequantizeLinear', ['xq', 'in_s', 'in_z'], ['xd']),
      node('AveragePool', ['xd'], ['pa'], { kernel_shape: [1, 1] }),
      node('QuantizeLinear', ['pa', 'a_s', 'a_z'], ['paq']),
      node('DequantizeLinear', ['paq', 'a_s', 'a_z'], ['pad']),
      node('AveragePool', ['xd'], ['pb'], { kernel_shape: [1, 1] }),
      node('QuantizeLinear', ['pb', 'b_s', 'b_z'], ['pbq']),
      node('DequantizeLinear', ['pbq', 'b_s', 'b_z'], ['pbd']),
      node('Concat', ['pad', 'pbd', 'xd'], ['cat'], { axis: 1 }),
      node('QuantizeLinear', ['cat', 'y_s', 'y_z'], ['yq']),
      node('DequantizeLinear', ['yq', 'y_s', 'y_z'], ['y']),
    ],
    initializers: [...scalar('in', IN), ...scalar('a', A), ...scalar('b', B), ...scalar('y', OUT)],
  });
}

describe('importing a QDQ Concat', () => {
  it('keeps the file\'s scales: three inputs at three quantizations, requantized to the Q after the Concat', () => {
    const net = importOnnx(qdqConcat());
    const cat = net.layers.find((l) => l.kind === 'concat')!;
    // Files hold scales as float32.
    expect(cat).toMatchObject({ inputs: ['pa', 'pb', 'x'], outQuant: { scale: Math.fround(OUT.scale), zeroPoint: OUT.zeroPoint } });
  });

  it('computes what ONNX Runtime computes on the file, bit for bit', async () => {
    const model = qdqConcat();
    const net = importOnnx(model);
    const session = await ort.InferenceSession.create(model);
    try {
      for (let seed = 0; seed < 4; seed++) {
        const q = new SeededRandom(seed, 'qdq-concat').fillInt8(new Int8Array(32));
        const real = Float32Array.from(q, (v) => IN.scale * (v - IN.zeroPoint));
        const y = (await session.run({ x: new ort.Tensor('float32', real, [1, 2, 4, 4]) })).y.data as Float32Array;
        const ortCodes = Array.from(y, (v) => Math.round(v / OUT.scale) + OUT.zeroPoint);
        const ours = Array.from(runReference(net, q).output.data);
        expect(ours).toHaveLength(96);
        expect(ours).toEqual(ortCodes);
      }
    } finally {
      await session.release();
    }
  });

  it('rejects a Concat of int8 tensors that were not dequantized', () => {
    const model = modelBytes({
      input: { name: 'x', dims: [1, 2, 4, 4] },
      output: 'cat',
      nodes: [
        node('QuantizeLinear', ['x', 'in_s', 'in_z'], ['xq']),
        node('MaxPool', ['xq'], ['p'], { kernel_shape: [1, 1] }),
        node('Concat', ['xq', 'p'], ['cat'], { axis: 1 }),
      ],
      initializers: [floatTensor('in_s', [], [IN.scale]), int8Tensor('in_z', [], [IN.zeroPoint])],
    });
    expect(() => importOnnx(model)).toThrow(/int8 tensors directly.*DequantizeLinear/s);
  });
});
