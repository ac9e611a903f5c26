// Runs an exported model in ONNX Runtime (CPU) on int8 images: the independent executor the
// reference is checked against.
import * as ort from 'onnxruntime-node';
import type { Network } from '../../../workloads/ir/types.js';

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
