// Activation ranges of a trained float model's conv and dense outputs (after their ReLU) over
// calibration images: what post-training quantization sizes each int8 scale for.
import type { LabeledImage } from '../../workloads/datasets/mnist.js';
import type { TensorQuant } from '../../workloads/ir/types.js';
import type { Range } from '../../workloads/onnx/float-exec.js';
import { writeImage } from './batch.js';
import type { FloatModel } from './model.js';
import { forward, workspace } from './passes.js';
import { inputSidePx } from './train.js';

/** The smallest and largest output of every conv2d and dense layer over `images`, by layer name. */
export function activationRanges(model: FloatModel, images: readonly LabeledImage[], quant: TensorQuant, batchSize = 100): Map<string, Range> {
  const side = inputSidePx(model);
  const ws = workspace(model, batchSize);
  const ranges = new Map<string, Range>();
  for (let from = 0; from < images.length; from += batchSize) {
    const count = Math.min(batchSize, images.length - from);
    for (let n = 0; n < count; n++) writeImage(ws.acts[0], n, images[from + n].data, side, quant);
    forward(model, ws, count);
    model.layers.forEach((l, i) => {
      if (l.layer.kind !== 'conv2d' && l.layer.kind !== 'dense') return;
      const range = ranges.get(l.layer.name) ?? { min: Infinity, max: -Infinity };
      const out = ws.acts[i + 1].subarray(0, count * (ws.acts[i + 1].length / ws.batch));
      for (const v of out) {
        if (v < range.min) range.min = v;
        if (v > range.max) range.max = v;
      }
      ranges.set(l.layer.name, range);
    });
  }
  return ranges;
}
