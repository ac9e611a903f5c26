// Checks of an imported float model against ONNX Runtime running the same file in float:
// - floatPathError: the importer's own float executor (calibration, workloads/onnx/float-exec.ts)
//   against ORT on the same real image; they differ only by float rounding;
// - worstError: the quantized network (integer reference) against ORT, in output units.
import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
import { convertGraph } from '../../../workloads/onnx/convert.js';
import { runFloat } from '../../../workloads/onnx/float-exec.js';
import { readGraph } from '../../../workloads/onnx/graph.js';
import { decodeModel } from '../../../workloads/onnx/proto.js';
import { runReference } from '../../../workloads/reference/index.js';
import type { Network, Tensor } from '../../../workloads/ir/types.js';
import { floats } from './onnx-builder.js';

export const bytesOf = (model: Uint8Array | string): Uint8Array => (typeof model === 'string' ? readFileSync(model) : model);

export function quantizeInput(net: Network, real: Float32Array): Tensor {
  const input = net.layers[0];
  if (input.kind !== 'input') throw new Error('first layer is not the input');
  const { scale, zeroPoint } = input.quant;
  const data = Int8Array.from(real, (v) => Math.max(-128, Math.min(127, Math.round(v / scale) + zeroPoint)));
  return { shape: input.shape, data, quant: input.quant };
}

const size = (dims: readonly number[]) => dims.reduce((p, d) => p * d, 1);

/** Largest |ORT float output - dequantized reference output| over seeded images, the largest |output|, and the output scale. */
export async function worstError(model: Uint8Array | string, net: Network, dims: number[], inputName: string, outputName: string, amplitude = 1) {
  const session = await ort.InferenceSession.create(bytesOf(model));
  let worst = 0;
  let range = 0;
  let scale = 0;
  for (let seed = 100; seed < 104; seed++) {
    const x = quantizeInput(net, floats(size(dims), seed, amplitude));
    // Both executors see the same (quantized) input, so only the network's own rounding differs.
    const real = Float32Array.from(x.data, (q) => x.quant.scale * (q - x.quant.zeroPoint));
    const expected = (await session.run({ [inputName]: new ort.Tensor('float32', real, dims) }))[outputName].data as Float32Array;
    const out = runReference(net, x).output;
    scale = out.quant.scale;
    out.data.forEach((q, i) => {
      worst = Math.max(worst, Math.abs(out.quant.scale * (q - out.quant.zeroPoint) - expected[i]));
      range = Math.max(range, Math.abs(expected[i]));
    });
  }
  await session.release();
  return { worst, range, scale };
}

/** Largest |ORT float output - the importer's float output| over seeded images, and the largest |output|. */
export async function floatPathError(model: Uint8Array | string, dims: number[], inputName: string, outputName: string, amplitude = 1) {
  const bytes = bytesOf(model);
  const { drafts, order, output } = convertGraph(readGraph(decodeModel(bytes, 'model'), 'model'));
  const session = await ort.InferenceSession.create(bytes);
  let worst = 0;
  let range = 0;
  for (let seed = 200; seed < 204; seed++) {
    const x = floats(size(dims), seed, amplitude);
    const expected = (await session.run({ [inputName]: new ort.Tensor('float32', x, dims) }))[outputName].data as Float32Array;
    const actual = runFloat(drafts, order, Float64Array.from(x)).get(output)!;
    if (actual.length !== expected.length) throw new Error(`output has ${actual.length} values, ORT's ${expected.length}`);
    expected.forEach((e, i) => {
      worst = Math.max(worst, Math.abs(actual[i] - e));
      range = Math.max(range, Math.abs(e));
    });
  }
  await session.release();
  return { worst, range };
}
