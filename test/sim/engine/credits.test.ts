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
});
