// Gathers the input window of one output pixel as int8 codes in im2col order (ic, ky, kx), with
// padded taps holding the input zero point (real 0), as the buffer hands it to the PE.
import type { Conv2dLayer, DenseLayer } from '../../../workloads/ir/types.js';
import { dilationOf } from '../../../workloads/ir/shapes.js';
export interface WindowGeometry {
  inC: number;
  inH: number;
  inW: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  /** Dilation: tap kx sits dw input columns after tap kx - 1. */
  dh: number;
  dw: number;
  padTop: number;
  padLeft: number;
}

function gatherWindow(input: Int8Array, g: WindowGeometry, oy: number, ox: number, zeroPoint: number, out: Int32Array): void {
  let t = 0;
  for (let ic = 0; ic < g.inC; ic++) {
    for (let ky = 0; ky < g.kh; ky++) {
      const iy = oy * g.sh + ky * g.dh - g.padTop;
      const rowInside = iy >= 0 && iy < g.inH;
      const rowBase = (ic * g.inH + iy) * g.inW;
      for (let kx = 0; kx < g.kw; kx++) {
        const ix = ox * g.sw + kx * g.dw - g.padLeft;
        out[t++] = rowInside && ix >= 0 && ix < g.inW ? input[rowBase + ix] : zeroPoint;
      }
    }
  }
}

/** The window geometry of a conv over a [C, H, W] input; a dense layer is a 1x1 conv over its
 *  flattened input. */
export function weightLayerGeometry(layer: Conv2dLayer | DenseLayer, input: { c: number; h: number; w: number }): WindowGeometry {
  if (layer.kind === 'dense') return { inC: input.c * input.h * input.w, inH: 1, inW: 1, kh: 1, kw: 1, sh: 1, sw: 1, dh: 1, dw: 1, padTop: 0, padLeft: 0 };
  const [dh, dw] = dilationOf(layer);
  return {
    inC: input.c, inH: input.h, inW: input.w, kh: layer.kernel[0], kw: layer.kernel[1], sh: layer.stride[0], sw: layer.stride[1], dh, dw,
    padTop: layer.padding[0], padLeft: layer.padding[1],
  };
}

/** gatherWindow for output pixel `pixel` (raster index) of an output `outW` wide. */
export function gatherPixelWindow(input: Int8Array, g: WindowGeometry, pixel: number, outW: number, zeroPoint: number, out: Int32Array): void {
  const ox = pixel % outW;
  gatherWindow(input, g, (pixel - ox) / outW, ox, zeroPoint, out);
}

/** Per tap of output pixel `pixel`'s window (im2col order, as gatherWindow), the index of its
 *  input in the [C, H, W] input, or -1 where the tap is padding. A pixel's taps are the same for
 *  every image, so a batch of images gathers their windows from one list. */
export function pixelTaps(g: WindowGeometry, pixel: number, outW: number, out: Int32Array): void {
  const ox = pixel % outW;
  const oy = (pixel - ox) / outW;
  let t = 0;
  for (let ic = 0; ic < g.inC; ic++) {
    for (let ky = 0; ky < g.kh; ky++) {
      const iy = oy * g.sh + ky * g.dh - g.padTop;
      const rowInside = iy >= 0 && iy < g.inH;
      const rowBase = (ic * g.inH + iy) * g.inW;
      for (let kx = 0; kx < g.kw; kx++) {
        const ix = ox * g.sw + kx * g.dw - g.padLeft;
        out[t++] = rowInside && ix >= 0 && ix < g.inW ? rowBase + ix : -1;
      }
    }
  }
}

/** A window gathered through its taps (pixelTaps) from `input`, as gatherWindow gathers it:
 *  padding taps (-1) hold the zero point. */
export function gatherTaps(input: Int8Array, taps: Int32Array, zeroPoint: number, out: Int32Array): Int32Array {
  for (let t = 0; t < taps.length; t++) {
    const i = taps[t];
    out[t] = i < 0 ? zeroPoint : input[i];
  }
  return out;
}
