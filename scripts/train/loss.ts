// Softmax cross-entropy over a batch of logits, its gradient, and argmax.

/** Index of the largest value of row n of a [rows, width] array (the first one on ties). */
export function argmaxRow(values: ArrayLike<number>, n: number, width: number): number {
  let best = 0;
  for (let k = 1; k < width; k++) if (values[n * width + k] > values[n * width + best]) best = k;
  return best;
}

/**
 * Mean cross-entropy of `count` rows of `logits` ([count, classes]) against `labels`; writes its
 * gradient (softmax - one-hot) / count into `dLogits`. Returns the summed loss and correct count.
 */
export function softmaxCrossEntropy(
  logits: Float64Array, labels: ArrayLike<number>, count: number, classes: number, dLogits: Float64Array,
): { lossSum: number; correct: number } {
  let lossSum = 0;
  let correct = 0;
  for (let n = 0; n < count; n++) {
    const base = n * classes;
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, logits[base + k]);
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += Math.exp(logits[base + k] - max);
    const label = labels[n];
    lossSum += Math.log(sum) - (logits[base + label] - max);
    for (let k = 0; k < classes; k++) dLogits[base + k] = (Math.exp(logits[base + k] - max) / sum - (k === label ? 1 : 0)) / count;
    if (argmaxRow(logits, n, classes) === label) correct += 1;
  }
  return { lossSum, correct };
}
