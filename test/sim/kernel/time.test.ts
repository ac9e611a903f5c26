import { describe, expect, it } from 'vitest';
import { assertTimePs, formatPs, invalidTimeReason, KernelError, MAX_TIME_PS } from '../../../sim/kernel/index.js';

describe('time in integer picoseconds', () => {
  it('accepts 0, ordinary integers and MAX_SAFE_INTEGER', () => {
    for (const t of [0, 1, 1_000, 123_456_789_012, MAX_TIME_PS]) expect(assertTimePs(t, 't')).toBe(t);
  });

  it.each([
    [Number.NaN, 'is NaN'],
    [Number.POSITIVE_INFINITY, 'is not finite'],
    [Number.NEGATIVE_INFINITY, 'is not finite'],
    [1.5, 'is not an integer'],
    [-1, 'is negative'],
    [MAX_TIME_PS + 1, 'exceeds Number.MAX_SAFE_INTEGER'],
    [2 ** 60, 'exceeds Number.MAX_SAFE_INTEGER'],
  ])('rejects %s with a message saying why', (value, reason) => {
    expect(invalidTimeReason(value)).toContain(reason);
    expect(() => assertTimePs(value, 'the start time')).toThrow(KernelError);
    expect(() => assertTimePs(value, 'the start time')).toThrow(new RegExp(`^the start time ${reason}`));
  });

  it('formats times with the exact ps and a ns figure', () => {
    expect(formatPs(999)).toBe('999 ps');
    expect(formatPs(1500)).toBe('1500 ps (1.5 ns)');
  });
});
