// Add and average requantization: one exact rational, rounded half to even, offset and saturated.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeAddRequantizer, makeAverageRequantizer, requantizeAdd, requantizeAverage } from '../../../workloads/quant/elementwise.js';

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
      expect(requantizeAdd(qa, qb, r)).toBe(sat(rhe(num, 2n ** 20n) + zc, relu ? zc : -128));
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

describe('requantizeAverage', () => {
  it('rounds sum * ratio / count half to even', () => {
    const r = makeAverageRequantizer({ scale: 1, zeroPoint: 0 }, { scale: 1, zeroPoint: 3 });
    expect(requantizeAverage(10, 4, r)).toBe(2 + 3); // 2.5 -> 2
    expect(requantizeAverage(14, 4, r)).toBe(4 + 3); // 3.5 -> 4
    expect(requantizeAverage(-10, 4, r)).toBe(-2 + 3);
    expect(requantizeAverage(100, 49, r)).toBe(2 + 3); // 2.04
  });

  it('matches the exact rational for power-of-two ratios and any count', () => {
    fc.assert(fc.property(fc.integer({ min: -255 * 64, max: 255 * 64 }), fc.integer({ min: 1, max: 64 }), fc.integer({ min: -3, max: 3 }), int8,
      (sum, count, e, zp) => {
        const r = makeAverageRequantizer({ scale: 2 ** e, zeroPoint: 0 }, { scale: 1, zeroPoint: zp });
        const expected = e >= 0 ? rhe(BigInt(sum) * 2n ** BigInt(e), BigInt(count)) : rhe(BigInt(sum), BigInt(count) * 2n ** BigInt(-e));
        expect(requantizeAverage(sum, count, r)).toBe(sat(expected + zp));
      }));
  });
});
