// One server's busy intervals (hw/ppa/intervals.ts), shared by the fill's calendars and the
// engine's reservations: gaps are found in order, touching slots merge, dropped ones stay dropped.
import { describe, expect, it } from 'vitest';
import { BusyIntervals } from '../../../hw/ppa/intervals.js';

describe('BusyIntervals', () => {
  it('gives the ready time when nothing is busy, and the first gap long enough', () => {
    const b = new BusyIntervals();
    expect(b.earliestPs(7, 100)).toBe(7);
    b.add(10, 10);
    b.add(25, 10);
    expect(b.earliestPs(0, 10)).toBe(0);
    expect(b.earliestPs(0, 11)).toBe(35);
    expect(b.earliestPs(15, 5)).toBe(20);
    expect(b.earliestPs(15, 6)).toBe(35);
  });

  it('merges a slot with the intervals it touches on either side, so gaps are never split by a seam', () => {
    const b = new BusyIntervals();
    b.add(0, 10);
    b.add(20, 10);
    b.add(10, 5); // touches [0, 10): [0, 15)
    b.add(15, 5); // touches both: [0, 30)
    expect(b.earliestPs(0, 1)).toBe(30);
    b.add(40, 10);
    b.add(35, 5); // touches [40, 50) from before: [35, 50)
    expect(b.earliestPs(30, 5)).toBe(30);
    expect(b.earliestPs(30, 6)).toBe(50);
  });

  it('extends the last interval when a slot starts where it ends (the append path)', () => {
    const b = new BusyIntervals();
    b.add(0, 10);
    b.add(10, 10);
    b.add(25, 5);
    expect(b.earliestPs(0, 5)).toBe(20);
    expect(b.earliestPs(0, 6)).toBe(30);
  });

  it('marks nothing for an empty slot', () => {
    const b = new BusyIntervals();
    b.add(5, 0);
    expect(b.earliestPs(0, 10)).toBe(0);
  });

  it('forgets the intervals over by dropBefore, keeps the rest, also once compacted', () => {
    const b = new BusyIntervals();
    for (let k = 0; k < 200; k++) b.add(20 * k, 10); // [0, 10), [20, 30), ..., [3980, 3990)
    b.dropBefore(3000); // 150 dropped: compacted; [3000, 3010) and later stay
    expect(b.earliestPs(0, 10)).toBe(0);
    expect(b.earliestPs(2995, 10)).toBe(3010);
    expect(b.earliestPs(3000, 11)).toBe(3990);
    b.add(3030, 5); // [3020, 3035)
    b.add(3015, 5); // [3015, 3035)
    expect(b.earliestPs(3010, 5)).toBe(3010);
    expect(b.earliestPs(3010, 6)).toBe(3050);
    b.dropBefore(1e9);
    expect(b.earliestPs(0, 1e6)).toBe(0);
  });
});
