// Credit pools, the engine's finite buffers: a sender is refused when the bits do not fit and hears
// back (a retry) when credit is given back; an empty pool admits even a packet larger than itself.
import { describe, expect, test } from 'vitest';
import { CreditPool } from '../../../sim/engine/credits.js';

function target() {
  const t = { retries: 0, scheduleRetry: () => void t.retries++ };
  return t;
}

describe('CreditPool', () => {
  test('grants while the bits fit, refuses beyond, and asks the refused to retry once credit returns', () => {
    const pool = new CreditPool('buf', 100);
    const a = target();
    expect(pool.take(60, a)).toBe(true);
    expect(pool.take(40, a)).toBe(true);
    expect(pool.take(1, a)).toBe(false);
    expect(pool.take(1, a)).toBe(false);
    expect(pool.refusals).toBe(2);
    expect(pool.waiting).toBe(1);
    pool.give(60);
    expect(a.retries).toBe(1);
    expect(pool.waiting).toBe(0);
    expect(pool.maxUsedBits).toBe(100);
    expect(pool.overflowGrants).toBe(0);
  });

  test('an empty pool admits a packet larger than its capacity, counted as an overflow', () => {
    const pool = new CreditPool('buf', 10);
    expect(pool.take(25, target())).toBe(true);
    expect(pool.overflowGrants).toBe(1);
    expect(pool.maxUsedBits).toBe(25);
  });

  test('a forced grant passes a full pool and is counted', () => {
    const pool = new CreditPool('buf', 10);
    pool.take(10, target());
    expect(pool.take(5, target(), true)).toBe(true);
    expect(pool.overflowGrants).toBe(1);
    expect(pool.fits(1)).toBe(false);
  });

  test('granted oldest image first: while a sender of an older image waits, one of a later image is refused even where its bits fit, and the oldest retries first', () => {
    const pool = new CreditPool('out', 100);
    const order: string[] = [];
    const who = (name: string) => ({ scheduleRetry: () => void order.push(name) });
    const young = who('young');
    const old = who('old');
    expect(pool.take(90, target())).toBe(true);
    // The later image's sender is refused for want of room first, then the older one's.
    expect(pool.fitsAged(20, 5, young)).toBe(false);
    pool.waitAged(young, 5);
    expect(pool.fitsAged(20, 2, old)).toBe(false);
    pool.waitAged(old, 2);
    pool.give(50);
    expect(order).toEqual(['old', 'young']);
    // Room for both, but the older sender has not retried yet: the later image waits for it.
    expect(pool.fitsAged(20, 5, young)).toBe(false);
    expect(pool.fitsAged(20, 2, old)).toBe(true);
    // Once it retries (and is served), the later image is admitted.
    pool.forget(old);
    expect(pool.fitsAged(20, 5, young)).toBe(true);
  });
});
