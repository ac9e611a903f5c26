// ONNX TensorProto <-> numbers: reads every storage form ONNX allows (raw little-endian bytes or
// typed repeated fields), checks element counts against dims, and writes raw little-endian bytes.
import { OhmflowError } from '../errors.js';
import { DataType, type TensorProto } from './proto.js';

/** Largest tensor the importer accepts; bounds memory when a corrupt file claims huge dims. */
const MAX_TENSOR_ELEMENTS = 1 << 27;

export interface DecodedTensor {
  readonly dims: readonly number[];
  readonly dataType: number;
  /** Element values in row-major order; every supported type fits a double exactly (int64 below 2^53). */
  readonly values: Float64Array;
}

const BYTES_PER_ELEMENT: Record<number, number> = {
  [DataType.FLOAT]: 4,
  [DataType.UINT8]: 1,
  [DataType.INT8]: 1,
  [DataType.INT32]: 4,
  [DataType.INT64]: 8,
  [DataType.DOUBLE]: 8,
};

export function dataTypeName(dataType: number): string {
  const names: Record<number, string> = { 1: 'float', 2: 'uint8', 3: 'int8', 5: 'int16', 6: 'int32', 7: 'int64', 10: 'float16', 11: 'double' };
  return names[dataType] ?? `data type ${dataType}`;
}

/** Checks dims are non-negative integers of bounded product; `where` names the tensor in errors. */
function checkedElementCount(dims: readonly number[], where: string): number {
  let count = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new OhmflowError(`invalid dimension ${d} in shape [${dims.join(', ')}]`, { field: where });
    }
    count *= d;
    if (count > MAX_TENSOR_ELEMENTS) {
      throw new OhmflowError(`tensor of shape [${dims.join(', ')}] exceeds ${MAX_TENSOR_ELEMENTS} elements`, { field: where });
    }
  }
  return count;
}

function readRaw(raw: Uint8Array, dataType: number, count: number, where: string): Float64Array {
  const size = BYTES_PER_ELEMENT[dataType];
  if (raw.length !== count * size) {
    throw new OhmflowError(`raw_data holds ${raw.length} bytes, expected ${count * size} for ${count} ${dataTypeName(dataType)} elements`, { field: where });
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    switch (dataType) {
      case DataType.FLOAT: out[i] = view.getFloat32(4 * i, true); break;
      case DataType.UINT8: out[i] = view.getUint8(i); break;
      case DataType.INT8: out[i] = view.getInt8(i); break;
      case DataType.INT32: out[i] = view.getInt32(4 * i, true); break;
      case DataType.INT64: out[i] = Number(view.getBigInt64(8 * i, true)); break;
      case DataType.DOUBLE: out[i] = view.getFloat64(8 * i, true); break;
    }
  }
  return out;
}

function typedField(tensor: TensorProto, dataType: number): readonly number[] {
  switch (dataType) {
    case DataType.FLOAT: return tensor.floatData ?? [];
    case DataType.DOUBLE: return tensor.doubleData ?? [];
    case DataType.INT64: return tensor.int64Data ?? [];
    default: return tensor.int32Data ?? []; // ONNX stores int8, uint8 and int32 in int32_data
  }
}

/** Decodes a TensorProto of a numeric type ohmflow supports; `where` names it in errors. */
export function decodeTensor(tensor: TensorProto, where: string): DecodedTensor {
  const dataType = tensor.dataType ?? 0;
  if (BYTES_PER_ELEMENT[dataType] === undefined) {
    throw new OhmflowError(`unsupported tensor element type ${dataTypeName(dataType)}`, {
      field: where,
      fix: 'use float, double, int8, uint8, int32 or int64 tensors',
    });
  }
  if (tensor.dataLocation === 1) {
    throw new OhmflowError('tensor data stored in an external file is not supported', {
      field: where,
      fix: 'save the model with all tensors inside the .onnx file',
    });
  }
  const dims = tensor.dims ?? [];
  const count = checkedElementCount(dims, where);
  let values: Float64Array;
  if (tensor.rawData !== undefined && tensor.rawData.length > 0) {
    values = readRaw(tensor.rawData, dataType, count, where);
  } else {
    const field = typedField(tensor, dataType);
    if (field.length !== count) {
      throw new OhmflowError(`tensor holds ${field.length} values, expected ${count} for shape [${dims.join(', ')}]`, { field: where });
    }
    values = Float64Array.from(field);
  }
  for (const v of values) {
    if (!Number.isFinite(v)) throw new OhmflowError(`tensor holds a non-finite value (${v})`, { field: where });
  }
  return { dims, dataType, values };
}

/** Builds a TensorProto with raw little-endian data. Values must already fit the type. */
export function encodeTensor(name: string, dataType: number, dims: readonly number[], values: ArrayLike<number>): TensorProto {
  const size = BYTES_PER_ELEMENT[dataType];
  const raw = new Uint8Array(values.length * size);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    switch (dataType) {
      case DataType.FLOAT: view.setFloat32(4 * i, v, true); break;
      case DataType.UINT8: view.setUint8(i, v); break;
      case DataType.INT8: view.setInt8(i, v); break;
      case DataType.INT32: view.setInt32(4 * i, v, true); break;
      case DataType.INT64: view.setBigInt64(8 * i, BigInt(v), true); break;
      case DataType.DOUBLE: view.setFloat64(8 * i, v, true); break;
      default: throw new Error(`encodeTensor: unsupported data type ${dataType}`);
    }
  }
  return { name, dataType, dims: [...dims], rawData: raw };
}
