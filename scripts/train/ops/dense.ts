// Float dense layer over a batch, forward and backward. Inputs are mostly zeros (MNIST background,
// ReLU'd activations), so each image's nonzero inputs are listed once and the dot products and
// weight updates run over those only. The loops take one output row at a time across the whole
// batch, so a weight row is read from memory once per batch rather than once per image (the MLP's
// 3 MB of weights do not fit a cache). Fixed loop order: same inputs, same bits.
import type { FloatParams } from '../model.js';

/** Each image's nonzero inputs: indices and values at [n * inF + j] for j < counts[n]. */
interface Sparse {
  readonly index: Int32Array;
  readonly value: Float64Array;
  readonly counts: Int32Array;
}

function sparseRows(x: Float64Array, count: number, inF: number): Sparse {
  const index = new Int32Array(count * inF);
  const value = new Float64Array(count * inF);
  const counts = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    let k = n * inF;
    for (let i = 0; i < inF; i++) {
      const v = x[n * inF + i];
      if (v !== 0) {
        index[k] = i;
        value[k++] = v;
      }
    }
    counts[n] = k - n * inF;
  }
  return { index, value, counts };
}

/** y = relu?(W x + b) for `count` images; x is [count, inF], y [count, outF]. */
export function denseForward(p: FloatParams, relu: boolean, inF: number, x: Float64Array, count: number, y: Float64Array): void {
  const outF = p.bias.length;
  const w = p.weights;
  const b = p.bias;
  const { index, value, counts } = sparseRows(x, count, inF);
  // Four outputs at a time, as convForward: independent sums, each in input order.
  const blocked = outF - (outF % 4);
  for (let o = 0; o < outF; o += o < blocked ? 4 : 1) {
    const w0 = o * inF;
    for (let n = 0; n < count; n++) {
      const end = n * inF + counts[n];
      const yBase = n * outF + o;
      if (o < blocked) {
        let a0 = b[o];
        let a1 = b[o + 1];
        let a2 = b[o + 2];
        let a3 = b[o + 3];
        for (let j = n * inF; j < end; j++) {
          const i = w0 + index[j];
          const v = value[j];
          a0 += w[i] * v;
          a1 += w[i + inF] * v;
          a2 += w[i + 2 * inF] * v;
          a3 += w[i + 3 * inF] * v;
        }
        y[yBase] = relu && a0 < 0 ? 0 : a0;
        y[yBase + 1] = relu && a1 < 0 ? 0 : a1;
        y[yBase + 2] = relu && a2 < 0 ? 0 : a2;
        y[yBase + 3] = relu && a3 < 0 ? 0 : a3;
      } else {
        let acc = b[o];
        for (let j = n * inF; j < end; j++) acc += w[w0 + index[j]] * value[j];
        y[yBase] = relu && acc < 0 ? 0 : acc;
      }
    }
  }
}

/** Adds this batch's gradients to `grad`; writes the input gradient into `dx` unless it is undefined (see convBackward). */
export function denseBackward(
  p: FloatParams, relu: boolean, inF: number, x: Float64Array, y: Float64Array, dy: Float64Array, count: number,
  grad: FloatParams, dx: Float64Array | undefined,
): void {
  const outF = p.bias.length;
  const w = p.weights;
  const gw = grad.weights;
  const { index, value, counts } = sparseRows(x, count, inF);
  const d = new Float64Array(4);
  if (dx !== undefined) dx.fill(0, 0, count * inF);
  // Four output rows at a time (zero rows past outF): each input value and each dx entry is
  // loaded once for four rows. A zero gradient adds exact zeros, so no row needs skipping.
  for (let o = 0; o < outF; o += 4) {
    const rows = Math.min(4, outF - o);
    const w0 = o * inF;
    for (let n = 0; n < count; n++) {
      d.fill(0);
      for (let r = 0; r < rows; r++) {
        const k = n * outF + o + r;
        d[r] = relu && y[k] <= 0 ? 0 : dy[k];
        grad.bias[o + r] += d[r];
      }
      const [d0, d1, d2, d3] = d;
      if (d0 === 0 && d1 === 0 && d2 === 0 && d3 === 0) continue;
      const end = n * inF + counts[n];
      if (rows === 4) {
        for (let j = n * inF; j < end; j++) {
          const i = w0 + index[j];
          const v = value[j];
          gw[i] += d0 * v;
          gw[i + inF] += d1 * v;
          gw[i + 2 * inF] += d2 * v;
          gw[i + 3 * inF] += d3 * v;
        }
      } else {
        for (let r = 0; r < rows; r++) for (let j = n * inF; j < end; j++) gw[w0 + r * inF + index[j]] += d[r] * value[j];
      }
      if (dx === undefined) continue;
      const xBase = n * inF;
      if (rows === 4) {
        for (let i = 0; i < inF; i++) dx[xBase + i] += d0 * w[w0 + i] + d1 * w[w0 + inF + i] + d2 * w[w0 + 2 * inF + i] + d3 * w[w0 + 3 * inF + i];
      } else {
        for (let r = 0; r < rows; r++) for (let i = 0; i < inF; i++) dx[xBase + i] += d[r] * w[w0 + r * inF + i];
      }
    }
  }
}
