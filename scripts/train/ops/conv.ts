// Float conv2d (groups 1) over a batch, forward and backward, through im2col: each output
// position's input window is gathered into a row of `taps` values, so both passes are plain dot
// products and multiply-adds over contiguous arrays. Both passes take four output channels at a
// time so that a value loaded serves four of them. Loops run in a fixed order: same inputs, same bits.
import type { Conv2dSkeleton, Shape } from '../../../workloads/ir/types.js';
import type { FloatParams } from '../model.js';

export interface ConvPlan {
  readonly inSize: number;
  readonly outChannels: number;
  /** Output positions per channel (outH * outW). */
  readonly positions: number;
  /** Window values per position (inC * kh * kw). */
  readonly taps: number;
  /** Input index of tap t of position p at [p * taps + t], or -1 where the window is on padding. */
  readonly source: Int32Array;
}

export function convPlan(layer: Conv2dSkeleton, inShape: Shape, outShape: Shape): ConvPlan {
  const [inC, inH, inW] = inShape;
  const [outC, outH, outW] = outShape;
  const [kh, kw] = layer.kernel;
  const [sh, sw] = layer.stride;
  const [padTop, padLeft] = layer.padding;
  const taps = inC * kh * kw;
  const source = new Int32Array(outH * outW * taps);
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      let t = (oy * outW + ox) * taps;
      for (let c = 0; c < inC; c++) {
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            const y = oy * sh + ky - padTop;
            const x = ox * sw + kx - padLeft;
            source[t++] = y >= 0 && y < inH && x >= 0 && x < inW ? (c * inH + y) * inW + x : -1;
          }
        }
      }
    }
  }
  return { inSize: inC * inH * inW, outChannels: outC, positions: outH * outW, taps, source };
}

/** Gathers the windows of `count` images of `x` into `patches` ([count, positions, taps]). */
export function gatherPatches(plan: ConvPlan, x: Float64Array, count: number, patches: Float64Array): void {
  const perImage = plan.positions * plan.taps;
  for (let n = 0; n < count; n++) {
    const xBase = n * plan.inSize;
    const pBase = n * perImage;
    for (let i = 0; i < perImage; i++) {
      const s = plan.source[i];
      patches[pBase + i] = s < 0 ? 0 : x[xBase + s];
    }
  }
}

/** y = relu?(W . window + b) for `count` images whose windows are in `patches`; y is [count, outC, positions]. */
export function convForward(plan: ConvPlan, p: FloatParams, relu: boolean, patches: Float64Array, count: number, y: Float64Array): void {
  const { taps, positions, outChannels } = plan;
  const w = p.weights;
  const b = p.bias;
  // Four output channels at a time: four independent sums per window value read (a single running
  // sum waits on its previous add). Each sum still adds its taps in order, so the bits are those of
  // one channel at a time.
  const blocked = outChannels - (outChannels % 4);
  for (let n = 0; n < count; n++) {
    for (let oc = 0; oc < outChannels; oc += oc < blocked ? 4 : 1) {
      const w0 = oc * taps;
      const yBase = (n * outChannels + oc) * positions;
      for (let q = 0; q < positions; q++) {
        const pBase = (n * positions + q) * taps;
        if (oc < blocked) {
          let a0 = b[oc];
          let a1 = b[oc + 1];
          let a2 = b[oc + 2];
          let a3 = b[oc + 3];
          for (let t = 0; t < taps; t++) {
            const v = patches[pBase + t];
            a0 += w[w0 + t] * v;
            a1 += w[w0 + taps + t] * v;
            a2 += w[w0 + 2 * taps + t] * v;
            a3 += w[w0 + 3 * taps + t] * v;
          }
          y[yBase + q] = relu && a0 < 0 ? 0 : a0;
          y[yBase + positions + q] = relu && a1 < 0 ? 0 : a1;
          y[yBase + 2 * positions + q] = relu && a2 < 0 ? 0 : a2;
          y[yBase + 3 * positions + q] = relu && a3 < 0 ? 0 : a3;
        } else {
          let acc = b[oc];
          for (let t = 0; t < taps; t++) acc += w[w0 + t] * patches[pBase + t];
          y[yBase + q] = relu && acc < 0 ? 0 : acc;
        }
      }
    }
  }
}

/**
 * Adds this batch's gradients to `grad` and, unless `dx` is undefined (the first layer), writes the
 * input gradient into `dx` ([count, inSize], overwritten). `dy` is the output gradient; with ReLU
 * it is masked by y > 0 here.
 */
export function convBackward(
  plan: ConvPlan, p: FloatParams, relu: boolean, patches: Float64Array, y: Float64Array, dy: Float64Array, count: number,
  grad: FloatParams, dx: Float64Array | undefined,
): void {
  const { taps, positions, outChannels, source } = plan;
  const w = p.weights;
  const gw = grad.weights;
  const d = new Float64Array(4);
  if (dx !== undefined) dx.fill(0, 0, count * plan.inSize);
  // Four output channels at a time (zero rows past outChannels), as denseBackward: each window
  // value and each dx entry is loaded once for four channels; zero gradients add exact zeros.
  for (let n = 0; n < count; n++) {
    const xBase = n * plan.inSize;
    for (let oc = 0; oc < outChannels; oc += 4) {
      const rows = Math.min(4, outChannels - oc);
      const w0 = oc * taps;
      const yBase = (n * outChannels + oc) * positions;
      for (let q = 0; q < positions; q++) {
        d.fill(0);
        for (let r = 0; r < rows; r++) {
          const k = yBase + r * positions + q;
          d[r] = relu && y[k] <= 0 ? 0 : dy[k];
          grad.bias[oc + r] += d[r];
        }
        const [d0, d1, d2, d3] = d;
        if (d0 === 0 && d1 === 0 && d2 === 0 && d3 === 0) continue;
        const pBase = (n * positions + q) * taps;
        const sBase = q * taps;
        if (rows === 4) {
          for (let t = 0; t < taps; t++) {
            const v = patches[pBase + t];
            gw[w0 + t] += d0 * v;
            gw[w0 + taps + t] += d1 * v;
            gw[w0 + 2 * taps + t] += d2 * v;
            gw[w0 + 3 * taps + t] += d3 * v;
          }
          if (dx === undefined) continue;
          for (let t = 0; t < taps; t++) {
            const s = source[sBase + t];
            if (s >= 0) dx[xBase + s] += d0 * w[w0 + t] + d1 * w[w0 + taps + t] + d2 * w[w0 + 2 * taps + t] + d3 * w[w0 + 3 * taps + t];
          }
        } else {
          for (let r = 0; r < rows; r++) {
            for (let t = 0; t < taps; t++) gw[w0 + r * taps + t] += d[r] * patches[pBase + t];
            if (dx === undefined) continue;
            for (let t = 0; t < taps; t++) {
              const s = source[sBase + t];
              if (s >= 0) dx[xBase + s] += d[r] * w[w0 + r * taps + t];
            }
          }
        }
      }
    }
  }
}
