// Runs an exported model in ONNX Runtime (CPU) on int8 images: the independent executor the
// reference is checked against.
import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';
import type { Network } from '../../../workloads/ir/types.js';
import { exportOnnx } from '../../../workloads/onnx/export.js';
import { runReference } from '../../../workloads/reference/index.js';

/** The widest int8 weights a fixture may draw when it is compared with ONNX Runtime bit for bit
 *  (7 bits, what ORT's quantizer gives with reduce_range). On x86 CPUs with AVX2 but not VNNI, ORT's
 *  u8 x s8 kernels add product pairs in saturating 16 bits (255 x 128 + 255 x 128 passes 32767), so
 *  full-range weights make ORT itself inexact and its results depend on the CPU; within +-63 no pair
 *  can saturate. */
export const ORT_EXACT_WEIGHT_LIMIT = 63;

export async function runOrt(model: Uint8Array, net: Network, images: readonly Int8Array[]): Promise<Int8Array[]> {
  const input = net.layers.find((l) => l.kind === 'input');
  if (!input || input.kind !== 'input') throw new Error('network has no input layer');
  const session = await ort.InferenceSession.create(model);
  try {
    const outputs: Int8Array[] = [];
    for (const image of images) {
      const result = await session.run({ [input.name]: new ort.Tensor('int8', image, [1, ...input.shape]) });
      outputs.push(Int8Array.from(result[net.output].data as Int8Array));
    }
    return outputs;
  } finally {
    await session.release();
  }
}

/** `net` exported and run in ONNX Runtime beside the integer reference: outputs compared and those that differ. */
export async function ortDiffering(net: Network, images: readonly Int8Array[]): Promise<{ compared: number; differing: number }> {
  const outputs = await runOrt(exportOnnx(net), net, images);
  let compared = 0;
  let bad = 0;
  images.forEach((image, i) => {
    const reference = runReference(net, image).output.data;
    expect(outputs[i].length).toBe(reference.length);
    reference.forEach((v, k) => {
      compared++;
      if (outputs[i][k] !== v) bad++;
    });
  });
  return { compared, differing: bad };
}
