// Mini-batch input: int8 digit codes dequantized to the real values the int8 network sees (so the
// float network trains on exactly its future inputs), optionally shifted by whole pixels.
import type { LabeledImage } from '../../workloads/datasets/mnist.js';
import type { TensorQuant } from '../../workloads/ir/types.js';

/** Writes image `image` ([side, side] codes) into slot n of `batch`, moved right and down by (shiftXPx, shiftYPx) with zeros shifted in. */
export function writeImage(batch: Float64Array, n: number, image: Int8Array, side: number, quant: TensorQuant, shiftXPx = 0, shiftYPx = 0): void {
  const base = n * side * side;
  for (let y = 0; y < side; y++) {
    const sy = y - shiftYPx;
    for (let x = 0; x < side; x++) {
      const sx = x - shiftXPx;
      const inside = sy >= 0 && sy < side && sx >= 0 && sx < side;
      batch[base + y * side + x] = inside ? quant.scale * (image[sy * side + sx] - quant.zeroPoint) : 0;
    }
  }
}

/** Labels of the images at `order[from .. from + count)`. */
export function batchLabels(images: readonly LabeledImage[], order: readonly number[], from: number, count: number): Int32Array {
  return Int32Array.from({ length: count }, (_, n) => images[order[from + n]].label);
}
