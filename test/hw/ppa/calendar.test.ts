// The fill's calendar of a shared resource: requests at different times do not delay each other,
// requests at the same time queue, k servers serve k at once, and gaps are filled.
import { describe, expect, it } from 'vitest';
import { Calendar, commonStartPs } from '../../../hw/ppa/calendar.js';

describe('Calendar', () => {
  it('lets work at different times through without waiting', () => {
    const cal = new Calendar();
    expect(cal.reserve(0, 10)).toBe(0);
    expect(cal.reserve(50, 10)).toBe(50);
    // Reserved later but ready earlier, in the gap between them: no wait either.
    expect(cal.reserve(20, 10)).toBe(20);
  });

  it('queues work ready at the same time', () => {
    const cal = new Calendar();
    expect(cal.reserve(0, 10)).toBe(0);
    expect(cal.reserve(0, 10)).toBe(10);
    expect(cal.reserve(5, 10)).toBe(20);
  });

  it('puts work in the first gap long enough for it', () => {
    const cal = new Calendar();
    cal.reserve(0, 10);
    cal.reserve(15, 10);
    cal.reserve(40, 10);
    // [10, 15) is too short for 8, [25, 40) is not.
    expect(cal.reserve(10, 8)).toBe(25);
    // [10, 15) still takes 5; then [33, 40) takes 7 (25..33 is now busy).
    expect(cal.reserve(0, 5)).toBe(10);
    expect(cal.reserve(0, 7)).toBe(33);
    expect(cal.reserve(0, 1)).toBe(50);
  });

  it('serves k requests at once with k servers', () => {
    const cal = new Calendar(3);
    expect([cal.reserve(0, 10), cal.reserve(0, 10), cal.reserve(0, 10)]).toEqual([0, 0, 0]);
    expect(cal.reserve(0, 10)).toBe(10);
    const one = new Calendar(1);
    expect([one.reserve(0, 10), one.reserve(0, 10), one.reserve(0, 10)]).toEqual([0, 10, 20]);
  });

  it('finds a start at which every bank of a chain is free', () => {
    const a = new Calendar();
    const b = new Calendar();
    a.reserve(0, 10);
    b.reserve(10, 10);
    // a is free from 10, b from 20 (and before 10, too short for 6 after a frees).
    expect(commonStartPs(0, [[a, 6], [b, 6]])).toBe(20);
    expect(commonStartPs(0, [[a, 3], [b, 3]])).toBe(20);
    expect(commonStartPs(25, [[a, 3], [b, 3]])).toBe(25);
  });
});
