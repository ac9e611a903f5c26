import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue, type EventHandler } from '../../../sim/kernel/index.js';
import { ReferenceQueue } from './referenceQueue.js';

const handler: EventHandler = { handleEvent: () => undefined };

function drain(queue: EventQueue, limitPs = Infinity): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  while (queue.shift(limitPs)) out.push([queue.timePs, queue.priority, queue.kind]);
  return out;
}

describe('EventQueue: (time, priority, insertion sequence) order', () => {
  it('orders by time first, whatever the insertion order', () => {
    const q = new EventQueue();
    for (const [t, k] of [[30, 0], [10, 1], [20, 2], [10, 3], [0, 4]]) q.push(t, 0, handler, k, undefined);
    expect(drain(q).map(([t, , k]) => [t, k])).toEqual([[0, 4], [10, 1], [10, 3], [20, 2], [30, 0]]);
  });

  it('breaks equal times by priority (lower first), then by insertion sequence', () => {
    const q = new EventQueue();
    q.push(5, 2, handler, 0, undefined);
    q.push(5, 0, handler, 1, undefined);
    q.push(5, 2, handler, 2, undefined);
    q.push(5, -1, handler, 3, undefined);
    q.push(5, 0, handler, 4, undefined);
    q.push(5, 1, handler, 5, undefined);
    expect(drain(q).map(([, , k]) => k)).toEqual([3, 1, 4, 5, 0, 2]);
  });

  it('lets an event pushed at the current time join the bin being drained, in priority order', () => {
    const q = new EventQueue();
    q.push(7, 0, handler, 0, undefined);
    q.push(7, 5, handler, 1, undefined);
    expect(q.shift(Infinity)).toBe(true);
    q.push(7, 1, handler, 2, undefined); // overtakes the pending priority-5 event
    q.push(7, 5, handler, 3, undefined); // after the earlier priority-5 event
    q.push(8, -9, handler, 4, undefined); // a later time, whatever its priority
    expect(drain(q).map(([t, p, k]) => [t, p, k])).toEqual([[7, 1, 2], [7, 5, 1], [7, 5, 3], [8, -9, 4]]);
  });

  it('stops at the limit without consuming anything and reports the next time', () => {
    const q = new EventQueue();
    q.push(10, 0, handler, 0, 'a');
    q.push(20, 0, handler, 1, 'b');
    expect(drain(q, 15)).toEqual([[10, 0, 0]]);
    expect(q.size).toBe(1);
    expect(q.peekTimePs()).toBe(20);
    expect(q.shift(Infinity)).toBe(true);
    expect(q.payload).toBe('b');
    expect(q.peekTimePs()).toBe(-1);
    expect(q.shift(Infinity)).toBe(false);
  });

  it('reuses bins without mixing up times (many rounds through the free list and a tiny table)', () => {
    const q = new EventQueue(1);
    let now = 0;
    for (let round = 0; round < 2000; round++) {
      q.push(now + 1024 * 3, 0, handler, round, undefined);
      q.push(now + 1, 0, handler, -round, undefined);
      expect(q.shift(Infinity)).toBe(true);
      expect(q.timePs).toBeGreaterThanOrEqual(now);
      now = q.timePs;
    }
    const rest = drain(q);
    for (let i = 1; i < rest.length; i++) expect(rest[i][0]).toBeGreaterThanOrEqual(rest[i - 1][0]);
    expect(q.size).toBe(0);
  });

  it.each([
    ['the default table', undefined],
    ['a 2-slot starting table (long probe runs, many growths)', 1],
  ])('matches a naive sorted-array queue on random interleavings of pushes and shifts, with %s', (_label, tableBits) => {
    // A push is (delay after the last shifted time, priority); delays of 0 hit the bin being drained.
    const op = fc.oneof(
      fc.record({
        push: fc.constant(true as const),
        delayPs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5000 })),
        priority: fc.integer({ min: -2, max: 2 }),
      }),
      fc.record({ push: fc.constant(false as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), fc.integer({ min: 0, max: 2 ** 40 }), (ops, startPs) => {
        const binned = new EventQueue(tableBits);
        const reference = new ReferenceQueue();
        let nowPs = startPs;
        let kind = 0;
        const check = (): void => {
          const expected = reference.shift();
          const got = binned.shift(Infinity);
          expect(got).toBe(expected !== undefined);
          if (expected === undefined) return;
          expect([binned.timePs, binned.priority, binned.kind]).toEqual([expected.timePs, expected.priority, expected.kind]);
          nowPs = binned.timePs;
        };
        for (const o of ops) {
          if (o.push) {
            binned.push(nowPs + o.delayPs, o.priority, handler, kind, undefined);
            reference.push(nowPs + o.delayPs, o.priority, kind);
            kind++;
          } else {
            check();
          }
          expect(binned.size).toBe(reference.size);
        }
        while (reference.size > 0) check();
        expect(binned.shift(Infinity)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['the default table', undefined],
    ['a 2-slot starting table', 1],
  ])('matches the naive queue when nearly every event has its own time (arbitrary-ps delays), with %s', (_label, tableBits) => {
    // Pushes outnumber shifts three to one, so hundreds of distinct times are pending at once: the
    // heap grows, the table grows and probes, and drained bins are recycled for new times. Start
    // times up to 2^45 ps put bits above 32 in play, which the table's hash ignores.
    const op = fc.oneof(
      {
        weight: 3,
        arbitrary: fc.record({
          push: fc.constant(true as const), delayPs: fc.integer({ min: 0, max: 1_000_000 }), priority: fc.integer({ min: -1, max: 1 }),
        }),
      },
      { weight: 1, arbitrary: fc.record({ push: fc.constant(false as const) }) },
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 200, maxLength: 1500 }), fc.integer({ min: 0, max: 2 ** 45 }), (ops, startPs) => {
        const binned = new EventQueue(tableBits);
        const reference = new ReferenceQueue();
        let nowPs = startPs;
        let kind = 0;
        let maxDistinct = 0;
        const check = (): void => {
          const expected = reference.shift();
          expect(binned.shift(Infinity)).toBe(expected !== undefined);
          if (expected === undefined) return;
          expect([binned.timePs, binned.priority, binned.kind]).toEqual([expected.timePs, expected.priority, expected.kind]);
          nowPs = binned.timePs;
        };
        for (const o of ops) {
          if (o.push) {
            binned.push(nowPs + o.delayPs, o.priority, handler, kind, undefined);
            reference.push(nowPs + o.delayPs, o.priority, kind);
            kind++;
            maxDistinct = Math.max(maxDistinct, binned.distinctTimes);
          } else {
            check();
          }
        }
        expect(binned.size).toBe(reference.size);
        while (reference.size > 0) check();
        expect(binned.shift(Infinity)).toBe(false);
        expect(binned.distinctTimes).toBe(0);
        // The run really had many distinct times pending at once (not a few bins of many events).
        expect(maxDistinct).toBeGreaterThan(ops.length / 8);
      }),
      { numRuns: 60 },
    );
  });
});
