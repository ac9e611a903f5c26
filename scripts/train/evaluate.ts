// Accuracy of an int8 network on labelled digits, from the integer reference: the predicted class
// is the largest int8 output (the first one on ties).
import type { LabeledImage } from '../../workloads/datasets/mnist.js';
import type { Network } from '../../workloads/ir/types.js';
import { runReferenceParallel } from '../../workloads/reference/parallel.js';
import { argmaxRow } from './loss.js';
import { accuracyOf, type Accuracy } from './score.js';

/** Runs `images` through the integer reference on up to `jobs` threads; the result does not depend on `jobs`. */
export async function referenceAccuracy(net: Network, images: readonly LabeledImage[], jobs = 1): Promise<Accuracy> {
  const results = await runReferenceParallel(net, images.map((d) => d.data), {}, jobs);
  return accuracyOf(results.map((r) => argmaxRow(r.output.data, 0, r.output.data.length)), images);
}
