// How far an int8 network's dequantized outputs are from its float model's, over a set of images:
// top-1 agreement, the mean cosine similarity, the output signal-to-noise ratio and the largest
// absolute error. Pure
// arithmetic on the two sets of outputs, apart from how they were computed (agreement.ts).

export interface AgreementMetrics {
  readonly images: number;
  /** Images whose int8 top-1 class (first largest output) is the float model's. */
  readonly top1Agreeing: number;
  readonly top1AgreementPct: number;
  /**
   * 10 log10 of the float outputs' energy over the error's energy, summed over every output of
   * every image; null when the int8 outputs equal the float ones exactly (no error to divide by).
   */
  readonly outputSnrDb: number | null;
  /**
   * The mean over images of cos(int8 dequantized output, float output), each image's whole output
   * as one vector: 1 when the outputs point the same way whatever their scale. An image whose two
   * outputs are both all zero counts 1; one all zero against one not, 0.
   */
  readonly cosineSimilarity: number;
  /** The largest |int8 dequantized - float| of any output, in the output's real units. */
  readonly maxAbsError: number;
  /** The largest |float| of any output, so that maxAbsError can be read against it. */
  readonly floatMaxAbs: number;
}

/** Index of the first largest value (NaN never wins). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** cos(a, b) of two vectors of one length, with the all-zero cases of AgreementMetrics.cosineSimilarity. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  if (aa === 0 || bb === 0) return aa === bb ? 1 : 0;
  return dot / Math.sqrt(aa * bb);
}

/** Compares image by image; `floatOut[k]` and `int8Out[k]` are image k's outputs, of one length. */
export function agreementMetrics(floatOut: readonly ArrayLike<number>[], int8Out: readonly ArrayLike<number>[]): AgreementMetrics {
  if (floatOut.length !== int8Out.length) throw new Error(`${floatOut.length} float outputs against ${int8Out.length} int8 ones`);
  let agreeing = 0;
  let signal = 0;
  let noise = 0;
  let maxAbsError = 0;
  let floatMaxAbs = 0;
  let cosineSum = 0;
  for (const [k, f] of floatOut.entries()) {
    const q = int8Out[k];
    if (f.length !== q.length) throw new Error(`image ${k}: ${f.length} float outputs against ${q.length} int8 ones`);
    if (argmax(f) === argmax(q)) agreeing++;
    cosineSum += cosine(q, f);
    for (let i = 0; i < f.length; i++) {
      const e = q[i] - f[i];
      signal += f[i] * f[i];
      noise += e * e;
      maxAbsError = Math.max(maxAbsError, Math.abs(e));
      floatMaxAbs = Math.max(floatMaxAbs, Math.abs(f[i]));
    }
  }
  const images = floatOut.length;
  return {
    images,
    top1Agreeing: agreeing,
    top1AgreementPct: images === 0 ? 0 : (100 * agreeing) / images,
    outputSnrDb: noise === 0 ? null : 10 * Math.log10(signal / noise),
    cosineSimilarity: images === 0 ? 0 : cosineSum / images,
    maxAbsError,
    floatMaxAbs,
  };
}
