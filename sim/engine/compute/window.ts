// Gathers the input window of one output pixel as int8 codes in im2col order (ic, ky, kx), with
// padded taps holding the input zero point (real 0), as the buffer hands it to the PE.
export interface WindowGeometry {
  inC: number;
  inH: number;
  inW: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  padTop: number;
  padLeft: number;
}

export function gatherWindow(input: Int8Array, g: WindowGeometry, oy: number, ox: number, zeroPoint: number, out: Int32Array): void {
  let t = 0;
  for (let ic = 0; ic < g.inC; ic++) {
    for (let ky = 0; ky < g.kh; ky++) {
      const iy = oy * g.sh + ky - g.padTop;
      const rowInside = iy >= 0 && iy < g.inH;
      const rowBase = (ic * g.inH + iy) * g.inW;
      for (let kx = 0; kx < g.kw; kx++) {
        const ix = ox * g.sw + kx - g.padLeft;
        out[t++] = rowInside && ix >= 0 && ix < g.inW ? input[rowBase + ix] : zeroPoint;
      }
    }
  }
}
