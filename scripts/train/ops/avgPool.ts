// Float average pool (no padding, floor mode: every window holds kh * kw cells) over a batch.
import type { AvgPoolLayer, Shape } from '../../../workloads/ir/types.js';

type Pool = Pick<AvgPoolLayer, 'kernel' | 'stride'>;

/** Calls visit(input index, output index) for every cell of every window of one image. */
function eachCell(pool: Pool, inShape: Shape, outShape: Shape, visit: (i: number, o: number) => void): void {
  const [c, inH, inW] = inShape;
  const [, outH, outW] = outShape;
  const [kh, kw] = pool.kernel;
  const [sh, sw] = pool.stride;
  for (let ch = 0; ch < c; ch++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const o = (ch * outH + oy) * outW + ox;
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) visit((ch * inH + oy * sh + ky) * inW + ox * sw + kx, o);
        }
      }
    }
  }
}

/** The (input, output) index pairs of one image, computed once per layer. */
export function poolPlan(pool: Pool, inShape: Shape, outShape: Shape): { pairs: Int32Array; inSize: number; outSize: number; cells: number } {
  const list: number[] = [];
  eachCell(pool, inShape, outShape, (i, o) => list.push(i, o));
  const [c, h, w] = inShape;
  const [, oh, ow] = outShape;
  return { pairs: Int32Array.from(list), inSize: c * h * w, outSize: c * oh * ow, cells: pool.kernel[0] * pool.kernel[1] };
}

export type PoolPlan = ReturnType<typeof poolPlan>;

export function avgPoolForward(plan: PoolPlan, x: Float64Array, count: number, y: Float64Array): void {
  const { pairs, inSize, outSize, cells } = plan;
  y.fill(0, 0, count * outSize);
  for (let n = 0; n < count; n++) {
    for (let k = 0; k < pairs.length; k += 2) y[n * outSize + pairs[k + 1]] += x[n * inSize + pairs[k]];
  }
  for (let i = 0; i < count * outSize; i++) y[i] /= cells;
}

/** dx ([count, inSize]) from dy, overwritten. */
export function avgPoolBackward(plan: PoolPlan, dy: Float64Array, count: number, dx: Float64Array): void {
  const { pairs, inSize, outSize, cells } = plan;
  dx.fill(0, 0, count * inSize);
  for (let n = 0; n < count; n++) {
    for (let k = 0; k < pairs.length; k += 2) dx[n * inSize + pairs[k]] += dy[n * outSize + pairs[k + 1]] / cells;
  }
}
