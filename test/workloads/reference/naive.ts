// Independent slow implementations for the reference tests: textbook loops in float64 over real
// zero-point-shifted values, and an exact BigInt round-half-even. Shares no code with workloads/.

export function roundHalfEvenExact(num: bigint, den: bigint): number {
  const floor = num >= 0n ? num / den : -((-num + den - 1n) / den);
  const twice = 2n * (num - floor * den);
  return Number(twice > den || (twice === den && floor % 2n !== 0n) ? floor + 1n : floor);
}

/** q = sat(rhe(acc * m * 2^-s) + zp), clamped below at zp when relu. */
export function requantizeExact(acc: number, m: number, s: number, zp: number, relu: boolean): number {
  const q = roundHalfEvenExact(BigInt(acc) * BigInt(m), 2n ** BigInt(s)) + zp;
  return Math.min(127, Math.max(relu ? zp : -128, q));
}

export interface NaiveConv {
  inC: number; inH: number; inW: number; outC: number;
  kh: number; kw: number; sh: number; sw: number;
  pt: number; pl: number; pb: number; pr: number; groups: number;
}

/** int32 accumulators [outC, outH, outW] of a grouped conv, padding = zero point (contributes 0). */
export function naiveConvAcc(p: NaiveConv, x: Int8Array, zx: number, w: Int8Array, zw: number[], bias: number[]) {
  const outH = Math.floor((p.inH + p.pt + p.pb - p.kh) / p.sh) + 1;
  const outW = Math.floor((p.inW + p.pl + p.pr - p.kw) / p.sw) + 1;
  const icg = p.inC / p.groups;
  const ocg = p.outC / p.groups;
  const acc: number[] = [];
  for (let oc = 0; oc < p.outC; oc++) {
    const g = Math.floor(oc / ocg);
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        let sum = bias[oc];
        for (let i = 0; i < icg; i++) {
          for (let ky = 0; ky < p.kh; ky++) {
            for (let kx = 0; kx < p.kw; kx++) {
              const iy = oy * p.sh - p.pt + ky;
              const ix = ox * p.sw - p.pl + kx;
              const ic = g * icg + i;
              const xv = iy < 0 || iy >= p.inH || ix < 0 || ix >= p.inW ? zx : x[(ic * p.inH + iy) * p.inW + ix];
              const wv = w[((oc * icg + i) * p.kh + ky) * p.kw + kx];
              sum += (xv - zx) * (wv - zw[zw.length > 1 ? oc : 0]);
            }
          }
        }
        acc.push(sum);
      }
    }
  }
  return { acc, outH, outW };
}
