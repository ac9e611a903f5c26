// Requantization: q = sat(roundHalfEven(acc * M) + zp), with a fused ReLU clamping at zp.
// Checked against an exact BigInt rational reference and against an emulation of ONNX Runtime's
// float32 path (MlasRequantizeOutput: float(acc) * scale, clamp, round to nearest even).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeRequantizer, requantize } from '../../../workloads/quant/requantize.js';
import { convMultiplier, multiplierValue, quantizeMultiplier } from '../../../workloads/quant/multiplier.js';

/** Exact reference: round-half-even of the rational num / den with BigInt, den > 0. */
function exactRoundHalfEven(num: bigint, den: bigint): bigint {
  const floor = num >= 0n ? num / den : -((-num + den - 1n) / den);
  const twiceRem = 2n * (num - floor * den);
  if (twiceRem > den) return floor + 1n;
  if (twiceRem < den) return floor;
  return floor % 2n === 0n ? floor : floor + 1n;
}

function exactRequantize(acc: number, mantissa: number, exponent: number, zp: number, relu: boolean): number {
  // M = mantissa * 2^exponent
  const num = BigInt(acc) * BigInt(mantissa) * (exponent > 0 ? 2n ** BigInt(exponent) : 1n);
  const den = exponent < 0 ? 2n ** BigInt(-exponent) : 1n;
  const q = Number(exactRoundHalfEven(num, den)) + zp;
  return Math.min(127, Math.max(relu ? Math.max(zp, -128) : -128, q));
}

/** ONNX Runtime's float32 path, for M exactly representable in float32. */
function ortRequantize(acc: number, m: number, zp: number): number {
  let f = Math.fround(Math.fround(acc) * Math.fround(m));
  f = Math.min(127 - zp, Math.max(-128 - zp, f));
  let r = Math.round(f);
  if (Math.abs(f - Math.trunc(f)) === 0.5) r = 2 * Math.round(f / 2); // ties to even
  return r + zp;
}

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const zeroPoint = fc.integer({ min: -128, max: 127 });
/** M = m * 2^-s, m < 2^8, s <= 16: the zoo's exactly representable multipliers. */
const zooMultiplier = fc.tuple(fc.integer({ min: 1, max: 255 }), fc.integer({ min: 0, max: 16 }));

describe('quantizeMultiplier', () => {
  it('represents any float32 multiplier exactly with a Q31 mantissa in [2^30, 2^31)', () => {
    fc.assert(fc.property(fc.float({ min: Math.fround(1e-9), max: Math.fround(1e4), noNaN: true }), (m) => {
      const fp = quantizeMultiplier(m);
      expect(fp.multiplier).toBeGreaterThanOrEqual(2 ** 30);
      expect(fp.multiplier).toBeLessThan(2 ** 31);
      expect(Number.isInteger(fp.multiplier)).toBe(true);
      expect(multiplierValue(fp)).toBe(Math.fround(m));
    }));
  });

  it('computes X_scale * W_scale / Y_scale in float32 as ORT does', () => {
    expect(convMultiplier(0.1, 0.2, 0.3)).toBe(Math.fround(Math.fround(Math.fround(0.1) * Math.fround(0.2)) / Math.fround(0.3)));
    expect(convMultiplier(2 ** -7, 3 * 2 ** -9, 2 ** -5)).toBe(3 * 2 ** -11);
  });
});

describe('requantize', () => {
  it('rounds ties to even and saturates (hand cases, M = 1/2 and 1/4)', () => {
    const half = makeRequantizer(0.5, 0, false);
    expect([1, 3, 5, -1, -3, 2].map((a) => requantize(a, half))).toEqual([0, 2, 2, 0, -2, 1]);
    const quarter = makeRequantizer(0.25, 10, false);
    expect([2, 6, -2, 3, 1000, -1000].map((a) => requantize(a, quarter))).toEqual([10, 12, 10, 11, 127, -128]);
  });

  it('clamps at the zero point with a fused ReLU', () => {
    const r = makeRequantizer(1, -20, true);
    expect(requantize(-5, r)).toBe(-20);
    expect(requantize(5, r)).toBe(-15);
  });

  it('clamps to a fused clip\'s bounds, and to the higher of its min and the zero point with a ReLU', () => {
    const r = makeRequantizer(1, -20, false, { min: -30, max: 10 });
    // acc + zp, then into [-30, 10]
    expect([-50, -10, 0, 5, 30, 31, 200].map((a) => requantize(a, r))).toEqual([-30, -30, -20, -15, 10, 10, 10]);
    const withRelu = makeRequantizer(1, -20, true, { min: -30, max: 10 });
    expect([-50, -5, 5, 50].map((a) => requantize(a, withRelu))).toEqual([-20, -20, -15, 10]);
  });

  it('equals the exact rational round-half-even of acc * M plus zp, saturated', () => {
    fc.assert(fc.property(int32, fc.float({ min: Math.fround(2 ** -30), max: 64, noNaN: true }), zeroPoint, fc.boolean(),
      (acc, real, zp, relu) => {
        const fp = quantizeMultiplier(real);
        const expected = exactRequantize(acc, fp.multiplier, fp.shift - 31, zp, relu);
        expect(requantize(acc, makeRequantizer(real, zp, relu))).toBe(expected);
      }), { numRuns: 2000 });
  });

  it('equals the exact rational result on every accumulator of a range holding many ties (M = 3 * 2^-6 and 5 * 2^-3)', () => {
    for (const [mantissa, shift] of [[3, 6], [5, 3]]) {
      const r = makeRequantizer(mantissa * 2 ** -shift, -7, false);
      let ties = 0;
      for (let acc = -3000; acc <= 3000; acc++) {
        if ((((acc * mantissa) % 2 ** shift) + 2 ** shift) % 2 ** shift === 2 ** (shift - 1)) ties++;
        expect(requantize(acc, r)).toBe(exactRequantize(acc, mantissa, -shift, -7, false));
      }
      expect(ties).toBeGreaterThan(50);
    }
  });

  it('is monotonic in the accumulator', () => {
    fc.assert(fc.property(int32, fc.integer({ min: 0, max: 2 ** 20 }), fc.float({ min: Math.fround(2 ** -20), max: 4, noNaN: true }), zeroPoint,
      (acc, step, real, zp) => {
        const r = makeRequantizer(real, zp, false);
        const next = Math.min(2 ** 31 - 1, acc + step);
        expect(requantize(next, r)).toBeGreaterThanOrEqual(requantize(acc, r));
      }));
  });

  it('saturates to [-128, 127] for accumulators far outside the range', () => {
    fc.assert(fc.property(zooMultiplier, zeroPoint, ([m, s], zp) => {
      const r = makeRequantizer(m * 2 ** -s, zp, false);
      expect(requantize(2 ** 31 - 1, r)).toBe(127);
      expect(requantize(-(2 ** 31), r)).toBe(-128);
    }));
  });

  it("equals ONNX Runtime's float32 requantization bit for bit for the zoo's multipliers", () => {
    fc.assert(fc.property(int32, zooMultiplier, zeroPoint, (acc, [m, s], zp) => {
      const real = m * 2 ** -s;
      expect(requantize(acc, makeRequantizer(real, zp, false))).toBe(ortRequantize(acc, real, zp));
    }), { numRuns: 5000 });
    // Ties, where half-even and half-away differ, agree too: 5 * 2^-1 = 2.5 -> 2; -7 * 2^-1 = -3.5 -> -4.
    expect(requantize(5, makeRequantizer(0.5, 0, false))).toBe(ortRequantize(5, 0.5, 0));
    expect(requantize(-7, makeRequantizer(0.5, 0, false))).toBe(-4);
  });

  it('rounds exact ties half to even on both signs, at every right shift an int32 tie allows', () => {
    // acc * M = q + 1/2 exactly: acc = (2q + 1) * 2^(s - 1) with M = 2^-s.
    fc.assert(fc.property(fc.integer({ min: -100, max: 100 }), fc.integer({ min: 1, max: 60 }), (q, s) => {
      const acc = (2 * q + 1) * 2 ** (s - 1);
      fc.pre(Math.abs(acc) <= 2 ** 31);
      const r = makeRequantizer(2 ** -s, 0, false);
      expect(requantize(acc, r)).toBe(exactRequantize(acc, r.mantissa, -r.rightShift, 0, false));
      expect(requantize(acc, r)).toBe(q % 2 === 0 ? q : q + 1);
    }), { numRuns: 3000 });
  });
});
