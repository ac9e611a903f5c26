// pixelTaps lists a pixel's window as input indices (-1 for padding), which the functional chip
// reads once per batch of images; gathering through it (gatherTaps) must give gatherPixelWindow's window, on
// geometries with padding on every side, strides and dilation.
import { describe, expect, test } from 'vitest';
import { gatherPixelWindow, gatherTaps, pixelTaps, type WindowGeometry } from '../../../../sim/engine/compute/window.js';

const geometries: Array<[string, WindowGeometry, number, number]> = [
  ['5x5, no padding', { inC: 1, inH: 8, inW: 8, kh: 5, kw: 5, sh: 1, sw: 1, dh: 1, dw: 1, padTop: 0, padLeft: 0 }, 4, 4],
  ['3x3, padding 1, 3 channels', { inC: 3, inH: 6, inW: 5, kh: 3, kw: 3, sh: 1, sw: 1, dh: 1, dw: 1, padTop: 1, padLeft: 1 }, 6, 5],
  ['3x2, stride 2, dilation 2, padding 2', { inC: 2, inH: 9, inW: 7, kh: 3, kw: 2, sh: 2, sw: 2, dh: 2, dw: 2, padTop: 2, padLeft: 2 }, 5, 4],
];

describe('pixelTaps', () => {
  test.each(geometries)('%s: gathering through the taps equals gatherPixelWindow', (_name, g, outH, outW) => {
    const input = Int8Array.from({ length: g.inC * g.inH * g.inW }, (_, i) => ((i * 37) % 251) - 125);
    const zeroPoint = -7;
    const length = g.inC * g.kh * g.kw;
    const taps = new Int32Array(length);
    const expected = new Int32Array(length);
    let padded = 0;
    for (let p = 0; p < outH * outW; p++) {
      pixelTaps(g, p, outW, taps);
      gatherPixelWindow(input, g, p, outW, zeroPoint, expected);
      expect(Array.from(taps, (i) => (i < 0 ? zeroPoint : input[i]))).toEqual([...expected]);
      expect([...gatherTaps(input, taps, zeroPoint, new Int32Array(length))]).toEqual([...expected]);
      padded += taps.filter((i) => i < 0).length;
    }
    // The geometries with padding do reach it.
    expect(padded > 0).toBe(g.padTop > 0);
  });
});
