import { describe, expect, it } from 'vitest';
import { Random } from '../../../sim/kernel/index.js';

describe('Random (xoshiro128**)', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const take = (seed: number) => {
      const r = new Random(seed);
      return Array.from({ length: 8 }, () => r.nextU32());
    };
    expect(take(42)).toEqual(take(42));
    expect(take(42)).not.toEqual(take(43));
    expect(take(0).some((x) => x !== 0)).toBe(true);
  });

  it('stays within [lo, hi] and covers it roughly uniformly', () => {
    const r = new Random(7);
    const counts = new Array<number>(6).fill(0);
    let outside = 0;
    for (let i = 0; i < 60_000; i++) {
      const v = r.int(-2, 3);
      if (Number.isInteger(v) && v >= -2 && v <= 3) counts[v + 2]++;
      else outside++;
    }
    expect(outside).toBe(0);
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    const f = r.next();
    expect(f >= 0 && f < 1).toBe(true);
  });

  it('rejects non-integer seeds and empty ranges', () => {
    expect(() => new Random(1.5)).toThrow(RangeError);
    expect(() => new Random(1).int(3, 2)).toThrow(RangeError);
  });
});
