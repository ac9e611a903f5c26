// The digital units' average pool looks its outputs up in a table of requantizeAverage by window
// sum (digital.ts averageCodes): every output must be requantizeAverage of its window's sum and
// cell count, at any zero point, kernel, stride and padding (counted in or not), including the
// extreme sums of all -128 and all 127 windows.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { digitalPixel, type DigitalOp } from '../../../../sim/engine/compute/digital.js';
import { makeAverageRequantizer, requantizeAverage } from '../../../../workloads/quant/index.js';

describe('digital average pool', () => {
  test('equals requantizeAverage of each window, output by output', () => {
    fc.assert(fc.property(
      fc.record({
        c: fc.integer({ min: 1, max: 3 }),
        h: fc.integer({ min: 1, max: 7 }),
        w: fc.integer({ min: 1, max: 7 }),
        k: fc.integer({ min: 1, max: 3 }),
        stride: fc.integer({ min: 1, max: 2 }),
        pad: fc.integer({ min: 0, max: 1 }),
        countIncludePad: fc.boolean(),
        zx: fc.integer({ min: -128, max: 127 }),
        zy: fc.integer({ min: -128, max: 127 }),
        ratio: fc.double({ min: 0.01, max: 4, noNaN: true }),
        fill: fc.constantFrom('random' as const, 'low' as const, 'high' as const),
        seed: fc.integer({ min: 0, max: 1000 }),
      }),
      (p) => {
        const r = makeAverageRequantizer({ scale: 1, zeroPoint: p.zx }, { scale: 1 / p.ratio, zeroPoint: p.zy });
        const op: DigitalOp = { kind: 'avgpool', kernel: [p.k, p.k], stride: [p.stride, p.stride], padding: [p.pad, p.pad, p.pad, p.pad], countIncludePad: p.countIncludePad, r };
        const x = Int8Array.from({ length: p.c * p.h * p.w }, (_, i) =>
          (p.fill === 'low' ? -128 : p.fill === 'high' ? 127 : (((i + p.seed) * 2654435761) >>> 24) - 128));
        const outH = Math.floor((p.h + 2 * p.pad - p.k) / p.stride) + 1;
        const outW = Math.floor((p.w + 2 * p.pad - p.k) / p.stride) + 1;
        const out = new Int8Array(p.c);
        for (let oy = 0; oy < outH; oy++) {
          for (let ox = 0; ox < outW; ox++) {
            digitalPixel(op, [x], { c: p.c, h: p.h, w: p.w }, oy, ox, out, p.zx);
            for (let ch = 0; ch < p.c; ch++) {
              let sum = 0;
              let cells = 0;
              let padded = 0;
              for (let ky = 0; ky < p.k; ky++) {
                for (let kx = 0; kx < p.k; kx++) {
                  const y = oy * p.stride - p.pad + ky;
                  const xx = ox * p.stride - p.pad + kx;
                  if (y >= 0 && y < p.h && xx >= 0 && xx < p.w) {
                    sum += x[(ch * p.h + y) * p.w + xx] - p.zx;
                    cells++;
                  } else padded++;
                }
              }
              if (cells === 0) continue;
              expect(out[ch]).toBe(requantizeAverage(sum, p.countIncludePad ? cells + padded : cells, r));
            }
          }
        }
      },
    ), { numRuns: 300 });
  });
});
