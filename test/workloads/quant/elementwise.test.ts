// Add and average requantization as ONNX Runtime computes them: the add and the window average round
// one exact rational with the output zero point inside; the global average multiplies by ORT's float32 scale.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  makeAddRequantizer,
  makeAverageRequantizer,
  makeGlobalAverageRequantizer,
  requantizeAdd,
  requantizeAverage,
  requantizeGlobalAverage,
} from '../../../workloads/quant/elementwise.js';

/** Exact round-half-even of a rational with BigInt (independent of the code under test). */
function rhe(num: bigint, den: bigint): number {
  if (den < 0n) return rhe(-num, -den);
  const floor = num >= 0n ? num / den : -((-num + den - 1n) / den);
  const twice = 2n * (num - floor * den);
  const q = twice > den || (twice === den && floor % 2n !== 0n) ? floor + 1n : floor;
  return Number(q);
}
const sat = (q: number, lo = -128): number => Math.min(127, Math.max(lo, q));
const int8 = fc.integer({ min: -128, max: 127 });
/** Power-of-two scales with odd mantissas, as float32 values: ratio computed exactly by hand. */
const scale = fc.tuple(fc.integer({ min: 1, max: 15 }), fc.integer({ min: -10, max: 0 })).map(([m, e]) => ({ m, e, v: m * 2 ** e }));

describe('requantizeAdd', () => {
  it('matches the exact rational for dyadic scales', () => {
    fc.assert(fc.property(int8, int8, int8, int8, int8, scale, scale, fc.boolean(), (qa, qb, za, zb, zc, sa, sb, relu) => {
      const sc = { m: 1, e: -6, v: 2 ** -6 };
      const r = makeAddRequantizer({ scale: sa.v, zeroPoint: za }, { scale: sb.v, zeroPoint: zb }, { scale: sc.v, zeroPoint: zc }, relu);
      // (qa - za) * sa / sc + (qb - zb) * sb / sc over the common denominator 2^20
      const num = BigInt(qa - za) * BigInt(sa.m) * 2n ** BigInt(sa.e + 20 + 6) + BigInt(qb - zb) * BigInt(sb.m) * 2n ** BigInt(sb.e + 20 + 6);
      expect(requantizeAdd(qa, qb, r)).toBe(sat(rhe(num + BigInt(zc) * 2n ** 20n, 2n ** 20n), relu ? zc : -128));
    }), { numRuns: 2000 });
  });

  it('is an integer sum when all scales are equal (hand case)', () => {
    const q = { scale: 0.5, zeroPoint: -128 };
    const r = makeAddRequantizer(q, { scale: 0.5, zeroPoint: 0 }, q, true);
    expect(requantizeAdd(-100, 5, r)).toBe(-95);
    expect(requantizeAdd(-100, -40, r)).toBe(-128);
    expect(requantizeAdd(100, 100, r)).toBe(127);
  });
});

describe('requantizeAdd with a fused clip', () => {
  it('clamps the sum to the clip\'s bounds (hand case, equal scales)', () => {
    const q = { scale: 0.5, zeroPoint: 0 };
    const r = makeAddRequantizer(q, q, q, false, { min: -10, max: 20 });
    expect([[-30, 5], [-8, 1], [3, 4], [15, 15], [127, 127]].map(([a, b]) => requantizeAdd(a, b, r))).toEqual([-10, -7, 7, 20, 20]);
  });
});

describe('requantizeAverage', () => {
  it('rounds sum * ratio / count + zero point half to even', () => {
    const r = makeAverageRequantizer({ scale: 1, zeroPoint: 0 }, { scale: 1, zeroPoint: 3 });
    expect(requantizeAverage(10, 4, r)).toBe(6); // 2.5 + 3 = 5.5 -> 6 (rounding after the offset would give 5)
    expect(requantizeAverage(14, 4, r)).toBe(6); // 3.5 + 3 = 6.5 -> 6
    expect(requantizeAverage(-10, 4, r)).toBe(0); // -2.5 + 3 = 0.5 -> 0
    expect(requantizeAverage(100, 49, r)).toBe(5); // 2.04 + 3
  });

  it('matches the exact rational for power-of-two ratios and any count', () => {
    fc.assert(fc.property(fc.integer({ min: -255 * 64, max: 255 * 64 }), fc.integer({ min: 1, max: 64 }), fc.integer({ min: -3, max: 3 }), int8,
      (sum, count, e, zp) => {
        const r = makeAverageRequantizer({ scale: 2 ** e, zeroPoint: 0 }, { scale: 1, zeroPoint: zp });
        const den = e >= 0 ? BigInt(count) : BigInt(count) * 2n ** BigInt(-e);
        const expected = rhe((e >= 0 ? BigInt(sum) * 2n ** BigInt(e) : BigInt(sum)) + BigInt(zp) * den, den);
        expect(requantizeAverage(sum, count, r)).toBe(sat(expected));
      }));
  });
});

describe('requantizeGlobalAverage', () => {
  it('multiplies by float32(sx / float32(sy * count)) and rounds the float32 product half to even', () => {
    // 1/30 is not a float32: the ties of the exact ratio move. f32(1/30) = 0.0333333351...
    const r = makeGlobalAverageRequantizer({ scale: 1, zeroPoint: 0 }, { scale: 1, zeroPoint: 0 }, 30);
    expect(r.scaleF32).toBe(Math.fround(1 / 30));
    // 75 / 30 = 2.5 exactly would round to 2; the float32 product is 2.5000002 -> 3.
    expect(requantizeGlobalAverage(75, r)).toBe(3);
    expect(requantizeGlobalAverage(-75, r)).toBe(-3);
    // 15 * f32(1/30) rounds back to exactly 0.5 in float32: a tie, to even.
    expect(requantizeGlobalAverage(15, r)).toBe(0);
    // A power-of-two count is exact: 2 / 4 = 0.5 -> 0, 6 / 4 = 1.5 -> 2.
    const four = makeGlobalAverageRequantizer({ scale: 1, zeroPoint: 0 }, { scale: 1, zeroPoint: 5 }, 4);
    expect(requantizeGlobalAverage(2, four)).toBe(5);
    expect(requantizeGlobalAverage(6, four)).toBe(7);
    expect(requantizeGlobalAverage(4000, four)).toBe(127);
  });
});
