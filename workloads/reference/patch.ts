// The window of one output position of a grouped conv, gathered in the weights' tap order
// (input channel, ky, kx), with `pad` where the window leaves the input. Shared by the integer
// reference and the ADC-aware reference (both of workloads/; the engine gathers its own).
import type { Conv2dLayer, Shape } from '../ir/types.js';

interface PatchGeometry {
  inH: number;
  inW: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  /** Tap spacing (dilation): tap ky reads row oy * sh + ky * dh - padTop. */
  dh: number;
  dw: number;
  padTop: number;
  padLeft: number;
  icPerGroup: number;
}

export function patchGeometry(layer: Conv2dLayer, inShape: Shape): PatchGeometry {
  const [inC, inH, inW] = inShape;
  const [dh, dw] = layer.dilation ?? [1, 1];
  return {
    inH, inW, kh: layer.kernel[0], kw: layer.kernel[1], sh: layer.stride[0], sw: layer.stride[1], dh, dw,
    padTop: layer.padding[0], padLeft: layer.padding[1], icPerGroup: inC / layer.groups,
  };
}

/** Writes group `group`'s window of output (oy, ox) from `src` (C, H, W) into out[at...]. */
export function gatherPatch(
  src: Int8Array | Int32Array,
  g: PatchGeometry,
  group: number,
  oy: number,
  ox: number,
  pad: number,
  out: Int32Array,
  at: number,
): void {
  let t = at;
  const icFirst = group * g.icPerGroup;
  const y0 = oy * g.sh - g.padTop;
  const x0 = ox * g.sw - g.padLeft;
  if (y0 >= 0 && x0 >= 0 && y0 + (g.kh - 1) * g.dh < g.inH && x0 + (g.kw - 1) * g.dw < g.inW) {
    // Inside the input (most windows): no bounds checks per tap.
    for (let ic = icFirst; ic < icFirst + g.icPerGroup; ic++) {
      for (let ky = 0; ky < g.kh; ky++) {
        const rowBase = (ic * g.inH + y0 + ky * g.dh) * g.inW + x0;
        for (let kx = 0; kx < g.kw; kx++) out[t++] = src[rowBase + kx * g.dw];
      }
    }
    return;
  }
  for (let ic = icFirst; ic < icFirst + g.icPerGroup; ic++) {
    for (let ky = 0; ky < g.kh; ky++) {
      const iy = oy * g.sh + ky * g.dh - g.padTop;
      const rowInside = iy >= 0 && iy < g.inH;
      const rowBase = (ic * g.inH + iy) * g.inW;
      for (let kx = 0; kx < g.kw; kx++) {
        const ix = ox * g.sw + kx * g.dw - g.padLeft;
        out[t++] = rowInside && ix >= 0 && ix < g.inW ? src[rowBase + ix] : pad;
      }
    }
  }
}
