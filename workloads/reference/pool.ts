// Reference pools. Max pool works on the int8 codes directly (same quantization in and out) and
// ignores padded cells. Average pools sum (x - zx) over the cells inside the input and requantize
// sum / count once (see quant/elementwise.ts); count is those cells, or with countIncludePad the
// window's cells inside the padded input (ONNX count_include_pad = 1).
import { makeAverageRequantizer, makeGlobalAverageRequantizer, requantizeAverage, requantizeGlobalAverage } from '../quant/elementwise.js';
import type { AvgPoolLayer, GlobalAvgPoolLayer, MaxPoolLayer, Shape, Tensor } from '../ir/types.js';

interface Window {
  readonly y0: number;
  readonly y1: number; // exclusive
  readonly x0: number;
  readonly x1: number;
}

/** The input cells of output (oy, ox), clipped to the input. */
function windowAt(layer: MaxPoolLayer | AvgPoolLayer, oy: number, ox: number, inH: number, inW: number): Window {
  const top = oy * layer.stride[0] - layer.padding[0];
  const left = ox * layer.stride[1] - layer.padding[1];
  return {
    y0: Math.max(0, top),
    y1: Math.min(inH, top + layer.kernel[0]),
    x0: Math.max(0, left),
    x1: Math.min(inW, left + layer.kernel[1]),
  };
}

/** The divisor of output (oy, ox)'s average (see AvgPoolLayer.countIncludePad). */
function cellCount(layer: AvgPoolLayer, win: Window, oy: number, ox: number, inH: number, inW: number): number {
  if (!layer.countIncludePad) return (win.y1 - win.y0) * (win.x1 - win.x0);
  const top = oy * layer.stride[0] - layer.padding[0];
  const left = ox * layer.stride[1] - layer.padding[1];
  return (Math.min(top + layer.kernel[0], inH + layer.padding[2]) - top) * (Math.min(left + layer.kernel[1], inW + layer.padding[3]) - left);
}

export function maxPool(layer: MaxPoolLayer, input: Tensor, outShape: Shape): Tensor {
  const [c, inH, inW] = input.shape;
  const [, outH, outW] = outShape;
  const out = new Int8Array(c * outH * outW);
  for (let ch = 0; ch < c; ch++) {
    const inPlane = ch * inH * inW;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const win = windowAt(layer, oy, ox, inH, inW);
        let best = -Infinity;
        for (let y = win.y0; y < win.y1; y++) {
          for (let x = win.x0; x < win.x1; x++) best = Math.max(best, input.data[inPlane + y * inW + x]);
        }
        out[(ch * outH + oy) * outW + ox] = best;
      }
    }
  }
  return { shape: outShape, data: out, quant: input.quant };
}

export function avgPool(layer: AvgPoolLayer, input: Tensor, outShape: Shape): Tensor {
  const [c, inH, inW] = input.shape;
  const [, outH, outW] = outShape;
  const r = makeAverageRequantizer(input.quant, layer.outQuant);
  const zx = input.quant.zeroPoint;
  const out = new Int8Array(c * outH * outW);
  for (let ch = 0; ch < c; ch++) {
    const inPlane = ch * inH * inW;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const win = windowAt(layer, oy, ox, inH, inW);
        let sum = 0;
        for (let y = win.y0; y < win.y1; y++) {
          for (let x = win.x0; x < win.x1; x++) sum += input.data[inPlane + y * inW + x] - zx;
        }
        out[(ch * outH + oy) * outW + ox] = requantizeAverage(sum, cellCount(layer, win, oy, ox, inH, inW), r);
      }
    }
  }
  return { shape: outShape, data: out, quant: layer.outQuant };
}

export function globalAvgPool(layer: GlobalAvgPoolLayer, input: Tensor): Tensor {
  const [c, h, w] = input.shape;
  const plane = h * w;
  const r = makeGlobalAverageRequantizer(input.quant, layer.outQuant, plane);
  const zx = input.quant.zeroPoint;
  const out = new Int8Array(c);
  for (let ch = 0; ch < c; ch++) {
    let sum = 0;
    for (let i = 0; i < plane; i++) sum += input.data[ch * plane + i] - zx;
    out[ch] = requantizeGlobalAverage(sum, r);
  }
  return { shape: [c, 1, 1], data: out, quant: layer.outQuant };
}
