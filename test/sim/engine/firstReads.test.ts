import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { firstReadPixels } from '../../../sim/engine/compute/firstReads.js';

describe('kernel-split first reads', () => {
  it('fetch every covered input pixel exactly once over a layer, never more than a window per pixel', () => {
    fc.assert(
      fc.property(
        fc.record({
          inH: fc.integer({ min: 1, max: 12 }), inW: fc.integer({ min: 1, max: 12 }), k: fc.integer({ min: 1, max: 5 }),
          s: fc.integer({ min: 1, max: 3 }), p: fc.integer({ min: 0, max: 2 }), d: fc.integer({ min: 1, max: 3 }),
        }),
        ({ inH, inW, k, s, p, d }) => {
          const span = (k - 1) * d + 1;
          const outH = Math.floor((inH + 2 * p - span) / s) + 1;
          const outW = Math.floor((inW + 2 * p - span) / s) + 1;
          fc.pre(outH > 0 && outW > 0);
          const g = { inC: 1, inH, inW, kh: k, kw: k, sh: s, sw: s, dh: d, dw: d, padTop: p, padLeft: p };
          const counts = firstReadPixels(g, outH, outW);
          // Independent count: mark what any window covers.
          const covered = new Set<number>();
          for (let oy = 0; oy < outH; oy++)
            for (let ox = 0; ox < outW; ox++)
              for (let ky = 0; ky < k; ky++)
                for (let kx = 0; kx < k; kx++) {
                  const y = oy * s - p + ky * d;
                  const x = ox * s - p + kx * d;
                  if (y >= 0 && y < inH && x >= 0 && x < inW) covered.add(y * inW + x);
                }
          expect(counts.reduce((a, b) => a + b, 0)).toBe(covered.size);
          for (const c of counts) expect(c).toBeLessThanOrEqual(k * k);
        },
      ),
    );
  });

  it('a 3x3 stride-1 same conv fetches a full window first, then one new column per pixel', () => {
    const counts = firstReadPixels({ inC: 8, inH: 6, inW: 6, kh: 3, kw: 3, sh: 1, sw: 1, dh: 1, dw: 1, padTop: 1, padLeft: 1 }, 6, 6);
    expect(counts[0]).toBe(4); // the top-left window holds 2x2 real pixels
    expect(counts[1]).toBe(2); // one new column of two rows
    // Row 1 (input rows 0..2): rows 0 and 1 came with row 0, so only input row 2 is new.
    expect(counts[6]).toBe(2);
    expect(counts[7]).toBe(1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(36);
  });
});
