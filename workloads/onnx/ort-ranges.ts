// Calibration ranges observed by ONNX Runtime running the float model itself: the tensors holding
// the layers' outputs become extra graph outputs, and each calibration image runs natively (a
// ResNet-50 image in ~0.3 s on two cores, against ~20 s in float-exec.ts's float64 loops).
// onnxruntime-node is optional: when it does not load, calibrate.ts falls back to float-exec.ts.
import type * as Ort from 'onnxruntime-node';
import { widenRange, type Range } from './float-exec.js';
import type { ParsedOnnx } from './parse.js';
import { DataType, decodeModel, encodeModel } from './proto.js';

export type OrtModule = typeof Ort;

/** onnxruntime-node, or undefined when it is not installed or its native binary does not load. */
export async function loadOnnxRuntime(): Promise<OrtModule | undefined> {
  try {
    return await import('onnxruntime-node');
  } catch {
    return undefined;
  }
}

/**
 * The ONNX tensor of each layer to observe, or why ONNX Runtime cannot observe them: a layer
 * whose output the file holds only as int8 (a partly quantized model), or an input that is not
 * float. The input's range is taken from the images, so it needs no tensor.
 */
export function ortTensors(parsed: ParsedOnnx, owners: readonly string[]): Map<string, string> | string {
  if (parsed.input.elemType !== DataType.FLOAT) return 'the model input is not float';
  const tensors = new Map<string, string>();
  for (const owner of owners) {
    if (owner === parsed.order[0]) continue;
    const tensor = parsed.tensors.get(owner);
    if (tensor === undefined) return `layer "${owner}" has no float tensor in the file`;
    tensors.set(owner, tensor);
  }
  return tensors;
}

/** The model with `names` added to its graph outputs (ONNX Runtime infers their types). */
export function withOutputs(bytes: Uint8Array, names: Iterable<string>, label: string): Uint8Array {
  const model = decodeModel(bytes, label);
  const graph = model.graph!;
  const outputs = [...(graph.output ?? [])];
  const have = new Set(outputs.map((o) => o.name));
  for (const name of names) if (!have.has(name)) outputs.push({ name });
  return encodeModel({ ...model, graph: { ...graph, output: outputs } });
}

/**
 * Every owner's output range over `images`, computed by ONNX Runtime in float32 on the file's own
 * graph (no optimization, so no fused kernels: each observed tensor is computed as written). Ranges
 * agree with float-exec.ts's float64 ones to float32 rounding.
 */
export async function ortRanges(
  ort: OrtModule,
  parsed: ParsedOnnx,
  tensors: ReadonlyMap<string, string>,
  images: readonly Float64Array[],
  onImage?: (done: number, total: number) => void,
): Promise<Map<string, Range>> {
  const inputName = parsed.order[0];
  const shape = [1, ...parsed.drafts.get(inputName)!.shape];
  const fetches = [...new Set(tensors.values())];
  const session = await ort.InferenceSession.create(withOutputs(parsed.bytes, fetches, parsed.label), { graphOptimizationLevel: 'disabled', logSeverityLevel: 3 });
  const ranges = new Map<string, Range>();
  try {
    for (const [k, image] of images.entries()) {
      // The input's range is that of the float32 image ONNX Runtime computes on.
      const input = Float32Array.from(image);
      widenRange(ranges, inputName, input);
      const result = await session.run({ [parsed.input.name]: new ort.Tensor('float32', input, shape) }, fetches);
      for (const [owner, tensor] of tensors) widenRange(ranges, owner, result[tensor].data as Float32Array);
      onImage?.(k + 1, images.length);
    }
  } finally {
    await session.release();
  }
  return ranges;
}
