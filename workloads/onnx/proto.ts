// ONNX protobuf messages as plain TypeScript objects: decode bytes into them, encode them into bytes.
// Decoding never trusts the bytes: a protobuf failure becomes an OhmflowError naming the source.
import protobuf from 'protobufjs';
import { OhmflowError } from '../errors.js';
import { onnxSchema } from './onnx-schema.js';

/** TensorProto.DataType values used by ohmflow. */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  DOUBLE: 11,
} as const;

/** AttributeProto.AttributeType values. */
export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
} as const;

// Field names are protobufjs's camelCase of the .proto names. Every field is optional because a
// decoded file may omit any of them; repeated fields are always arrays after decoding.
export interface TensorProto {
  dims?: number[];
  dataType?: number;
  floatData?: number[];
  int32Data?: number[];
  int64Data?: number[];
  doubleData?: number[];
  uint64Data?: number[];
  name?: string;
  rawData?: Uint8Array;
  dataLocation?: number;
}

export interface AttributeProto {
  name?: string;
  type?: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: TensorProto;
  floats?: number[];
  ints?: number[];
}

export interface NodeProto {
  input?: string[];
  output?: string[];
  name?: string;
  opType?: string;
  domain?: string;
  attribute?: AttributeProto[];
}

export interface TensorShapeDimension {
  dimValue?: number;
  dimParam?: string;
}

export interface ValueInfoProto {
  name?: string;
  type?: { tensorType?: { elemType?: number; shape?: { dim?: TensorShapeDimension[] } } };
}

export interface GraphProto {
  node?: NodeProto[];
  name?: string;
  initializer?: TensorProto[];
  input?: ValueInfoProto[];
  output?: ValueInfoProto[];
  valueInfo?: ValueInfoProto[];
}

export interface OperatorSetIdProto {
  domain?: string;
  version?: number;
}

export interface ModelProto {
  irVersion?: number;
  opsetImport?: OperatorSetIdProto[];
  producerName?: string;
  producerVersion?: string;
  graph?: GraphProto;
  metadataProps?: { key?: string; value?: string }[];
}

function modelType(): protobuf.Type {
  // Built per call from the static descriptor (no module-level state); costs well under a millisecond.
  return protobuf.Root.fromJSON(onnxSchema as protobuf.INamespace).lookupType('onnx.ModelProto');
}

/** Decodes a serialized ModelProto; `source` (a file name or "bytes") names it in errors. */
export function decodeModel(bytes: Uint8Array, source: string): ModelProto {
  const type = modelType();
  try {
    // toObject stays inside the try: a corrupt file may nest messages deep enough to exhaust the stack.
    // longs as Number: ONNX int64 fields here are shapes and attributes, far below 2^53.
    return type.toObject(type.decode(bytes), { longs: Number, enums: Number, arrays: true, defaults: false }) as ModelProto;
  } catch (error) {
    throw new OhmflowError(`not a valid ONNX model (truncated or corrupt protobuf: ${(error as Error).message})`, {
      field: source,
      fix: 'export the model again, or check that the whole file was copied',
      cause: error,
    });
  }
}

/** Serializes a ModelProto. */
export function encodeModel(model: ModelProto): Uint8Array {
  const type = modelType();
  return type.encode(type.fromObject(model as Record<string, unknown>)).finish();
}
