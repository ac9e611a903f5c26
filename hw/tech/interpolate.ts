// Piecewise interpolation over published points, used by the scaling rules. Outside the points
// the end segment is extended (its slope in the chosen axes), which is the documented
// extrapolation rule for every curve unless scaling.ts says otherwise.

/** y grows exponentially with x (energy vs bits): ln y is piecewise linear in x. */
export function logLinear(xs: readonly number[], ys: readonly number[], x: number): number {
  return Math.exp(piecewiseLinear(xs, ys.map(Math.log), x));
}

/** y is a piecewise power law of x (power vs array size): ln y piecewise linear in ln x. */
export function logLog(xs: readonly number[], ys: readonly number[], x: number): number {
  return Math.exp(piecewiseLinear(xs.map(Math.log), ys.map(Math.log), Math.log(x)));
}

function piecewiseLinear(xs: readonly number[], ys: readonly number[], x: number): number {
  const n = xs.length;
  if (n === 1) return ys[0]!;
  // Segment i spans xs[i]..xs[i+1]; clamp to the end segments for extrapolation.
  let i = 0;
  while (i < n - 2 && x > xs[i + 1]!) i += 1;
  const x0 = xs[i]!;
  const x1 = xs[i + 1]!;
  const t = (x - x0) / (x1 - x0);
  return ys[i]! + t * (ys[i + 1]! - ys[i]!);
}
