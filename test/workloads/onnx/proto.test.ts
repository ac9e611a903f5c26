// The bundled protobuf descriptor matches onnx.proto, and models survive encode -> decode.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { onnxSchema } from '../../../workloads/onnx/onnx-schema.js';
import { DataType, decodeModel, encodeModel } from '../../../workloads/onnx/proto.js';
import { decodeTensor, encodeTensor } from '../../../workloads/onnx/tensors.js';

describe('ONNX protobuf schema', () => {
  it('onnx-schema.ts is the descriptor of onnx.proto (regenerate it from the .proto when this fails)', () => {
    const protoPath = fileURLToPath(new URL('../../../workloads/onnx/onnx.proto', import.meta.url));
    expect(onnxSchema).toEqual(protobuf.loadSync(protoPath).toJSON());
  });

  it('a model survives encode -> decode', () => {
    const model = {
      irVersion: 8,
      opsetImport: [{ domain: '', version: 13 }],
      graph: {
        name: 'g',
        node: [{ name: 'n', opType: 'Relu', input: ['x'], output: ['y'], attribute: [{ name: 'a', type: 7, ints: [1, -2, 3] }] }],
        initializer: [encodeTensor('t', DataType.INT8, [2, 2], [1, -2, 3, -4])],
        input: [{ name: 'x', type: { tensorType: { elemType: DataType.INT8, shape: { dim: [{ dimValue: 1 }, { dimParam: 'N' }] } } } }],
        output: [{ name: 'y' }],
      },
    };
    const decoded = decodeModel(encodeModel(model), 'test');
    expect(decoded.graph?.node?.[0]).toMatchObject({ opType: 'Relu', attribute: [{ name: 'a', ints: [1, -2, 3] }] });
    expect(decoded.graph?.input?.[0].type?.tensorType?.shape?.dim).toEqual([{ dimValue: 1 }, { dimParam: 'N' }]);
    expect(Array.from(decodeTensor(decoded.graph!.initializer![0], 't').values)).toEqual([1, -2, 3, -4]);
  });

  it('reads tensors stored in typed fields as well as raw bytes', () => {
    expect(Array.from(decodeTensor({ dims: [3], dataType: DataType.FLOAT, floatData: [0.5, -1, 2] }, 't').values)).toEqual([0.5, -1, 2]);
    expect(Array.from(decodeTensor({ dims: [2], dataType: DataType.INT8, int32Data: [-7, 9] }, 't').values)).toEqual([-7, 9]);
    expect(Array.from(decodeTensor({ dims: [2], dataType: DataType.INT64, int64Data: [5, -6] }, 't').values)).toEqual([5, -6]);
  });
});
