// Hand-written ONNX models for importer tests: nodes, initializers and a float or int8 input,
// serialized with the same protobuf schema the importer reads.
import { AttributeType, DataType, encodeModel, type AttributeProto, type NodeProto, type TensorProto } from '../../../workloads/onnx/proto.js';
import { encodeTensor } from '../../../workloads/onnx/tensors.js';

export type Attr = number | readonly number[];

export function node(opType: string, inputs: string[], outputs: string[], attrs: Record<string, Attr> = {}, extra: Partial<NodeProto> = {}): NodeProto {
  const attribute: AttributeProto[] = Object.entries(attrs).map(([name, v]) =>
    typeof v === 'number'
      ? Number.isInteger(v) ? { name, type: AttributeType.INT, i: v } : { name, type: AttributeType.FLOAT, f: v }
      : { name, type: AttributeType.INTS, ints: [...v] });
  return { name: outputs[0], opType, input: inputs, output: outputs, attribute, ...extra };
}

export const floatTensor = (name: string, dims: number[], values: ArrayLike<number>): TensorProto => encodeTensor(name, DataType.FLOAT, dims, values);
export const int8Tensor = (name: string, dims: number[], values: ArrayLike<number>): TensorProto => encodeTensor(name, DataType.INT8, dims, values);
export const int32Tensor = (name: string, dims: number[], values: ArrayLike<number>): TensorProto => encodeTensor(name, DataType.INT32, dims, values);
export const int64Tensor = (name: string, dims: number[], values: ArrayLike<number>): TensorProto => encodeTensor(name, DataType.INT64, dims, values);

export interface ModelSpec {
  input: { name: string; dims: number[]; elemType?: number };
  output: string;
  nodes: NodeProto[];
  initializers: TensorProto[];
  opset?: number;
  /** The graph's name (default 'test'); '' writes none. */
  graphName?: string;
}

export function modelBytes(spec: ModelSpec): Uint8Array {
  const valueInfo = (name: string, dims: number[], elemType: number) => ({
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => ({ dimValue: d })) } } },
  });
  return encodeModel({
    irVersion: 8,
    producerName: 'ohmflow-test',
    opsetImport: [{ domain: '', version: spec.opset ?? 13 }, { domain: 'com.microsoft', version: 1 }],
    graph: {
      name: spec.graphName ?? 'test',
      node: spec.nodes,
      initializer: spec.initializers,
      input: [valueInfo(spec.input.name, spec.input.dims, spec.input.elemType ?? DataType.FLOAT)],
      output: [{ name: spec.output }],
    },
  });
}

/** Deterministic pseudo-random floats in [-amplitude, amplitude). */
export function floats(count: number, seed: number, amplitude = 1): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 2 * amplitude;
  });
}
