// A classifier's score on labelled images: right answers out of how many.
import type { LabeledImage } from '../../workloads/datasets/mnist.js';

export interface Accuracy {
  readonly correct: number;
  readonly images: number;
  /** correct / images. */
  readonly accuracy: number;
}

export function accuracyOf(predictions: readonly number[], images: readonly LabeledImage[]): Accuracy {
  const correct = predictions.filter((p, i) => p === images[i].label).length;
  return { correct, images: images.length, accuracy: correct / images.length };
}
