// Weight and bias inputs of Conv/Gemm-like nodes: float constants, DequantizeLinear'd int8/int32
// constants, or QLinear initializers, as real values plus the file's own integers when it has them.
import { OhmflowError } from '../errors.js';
import type { WeightQuant } from '../ir/types.js';
import { nodeField, type OnnxNode } from './graph.js';
import { DataType } from './proto.js';
import { dataTypeName, type DecodedTensor } from './tensors.js';
import type { BiasData, WeightData } from './drafts.js';
import { INT8_WEIGHTS_FIX, type Converter, type Value } from './converter.js';

/** Real values of a weight tensor given as a float constant or a dequantized int8 constant. */
export function weightData(c: Converter, node: OnnxNode, index: number, outChannels: number): WeightData {
  const v = c.value(node, index)!;
  if (v.kind === 'const') {
    if (v.tensor.dataType !== DataType.FLOAT && v.tensor.dataType !== DataType.DOUBLE) {
      throw new OhmflowError(`weights (input #${index}) must be float or DequantizeLinear of int8`, { field: nodeField(node), fix: 'store weights as float or as int8 behind a DequantizeLinear' });
    }
    return { real: Float64Array.from(v.tensor.values) };
  }
  if (v.kind === 'dqconst') {
    if (v.tensor.dataType !== DataType.INT8) throw new OhmflowError(`quantized weights must be int8, not ${dataTypeName(v.tensor.dataType)}`, { field: nodeField(node), fix: INT8_WEIGHTS_FIX });
    if (v.scales.length !== 1 && v.scales.length !== outChannels) {
      throw new OhmflowError('weight scales must be per tensor or per output channel', { field: nodeField(node), fix: 'quantize weights per tensor or per output channel' });
    }
    return int8Weights(Int8Array.from(v.tensor.values), { scales: [...v.scales], zeroPoints: [...v.zeroPoints] }, outChannels);
  }
  throw new OhmflowError(`weights (input #${index}) must be a constant`, { field: nodeField(node), fix: 'export with constant weights (torch.onnx.export(..., do_constant_folding=True))' });
}

export function int8Weights(q: Int8Array, quant: WeightQuant, outChannels: number): WeightData {
  const perChannel = q.length / outChannels;
  const real = new Float64Array(q.length);
  for (let i = 0; i < q.length; i++) {
    const ch = quant.scales.length === 1 ? 0 : Math.floor(i / perChannel);
    real[i] = (q[i] - quant.zeroPoints[ch]) * quant.scales[ch];
  }
  return { real, int8: { q, quant } };
}

/** A float bias constant, a DequantizeLinear of int32, or none. */
export function biasData(c: Converter, node: OnnxNode, index: number, outChannels: number): BiasData {
  const v = c.value(node, index, false);
  if (v === undefined) return { real: new Float64Array(outChannels) };
  const count = v.kind === 'act' ? -1 : v.tensor.values.length;
  if (count !== outChannels) throw new OhmflowError(`bias (input #${index}) must be a constant of ${outChannels} values`, { field: nodeField(node), fix: 'give the bias one constant value per output channel' });
  if (v.kind === 'const') {
    if (v.tensor.dataType !== DataType.FLOAT && v.tensor.dataType !== DataType.DOUBLE) throw new OhmflowError('float bias expected', { field: nodeField(node), fix: 'store the bias as float, or as int32 behind a DequantizeLinear' });
    return { real: Float64Array.from(v.tensor.values) };
  }
  const dq = v as Extract<Value, { kind: 'dqconst' }>;
  if (dq.tensor.dataType !== DataType.INT32) throw new OhmflowError('a quantized bias must be int32', { field: nodeField(node), fix: 'quantize the bias to int32 at scale input scale x weight scale' });
  const int32 = Int32Array.from(dq.tensor.values);
  return {
    int32,
    real: Float64Array.from(int32, (b, i) => (b - dq.zeroPoints[dq.zeroPoints.length === 1 ? 0 : i]) * dq.scales[dq.scales.length === 1 ? 0 : i]),
  };
}

export function checkInt32(node: OnnxNode, t: DecodedTensor, count: number): Int32Array {
  if (t.dataType !== DataType.INT32 || t.values.length !== count) throw new OhmflowError(`bias must be ${count} int32 values`, { field: nodeField(node), fix: 'quantize the bias to int32, one value per output channel' });
  return Int32Array.from(t.values);
}

/** Transposes a row-major [rows, cols] matrix. */
export function transpose(values: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let r = 0; r < rows; r++) for (let k = 0; k < cols; k++) out[k * rows + r] = values[r * cols + k];
  return out;
}

