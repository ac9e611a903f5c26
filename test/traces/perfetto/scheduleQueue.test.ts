// The trace writer's schedule: by time, ENDs before BEGINs at one time, each in insertion order,
// also when pushes and pops interleave (an END pushed at the time being drained goes before the
// BEGINs still waiting there). Checked against a plain sorted list over random operation sequences.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ScheduleQueue } from '../../../traces/perfetto/scheduleQueue.js';
import { fuzzSeed } from '../../fuzzSeed.js';

interface Entry { timePs: number; isEnd: boolean; seq: number }

/** The order the writer had before: a heap on (time, END first, insertion sequence). */
function popReference(pending: Entry[]): Entry {
  let best = 0;
  const key = (e: Entry) => [e.timePs, e.isEnd ? 0 : 1, e.seq];
  for (let i = 1; i < pending.length; i++) {
    const [a, b] = [key(pending[i]), key(pending[best])];
    if (a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2])))) best = i;
  }
  return pending.splice(best, 1)[0];
}

const op = fc.oneof(
  fc.record({ kind: fc.constant('push' as const), dt: fc.integer({ min: 0, max: 5 }), isEnd: fc.boolean() }),
  fc.record({ kind: fc.constant('pop' as const) }),
);

describe('ScheduleQueue', () => {
  it('pops in (time, END before BEGIN, insertion) order under interleaved pushes and pops', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const queue = new ScheduleQueue<Entry>();
        const reference: Entry[] = [];
        let nowPs = 0;
        let seq = 0;
        for (const o of ops) {
          if (o.kind === 'push') {
            // Never earlier than the last time popped, as in the writer.
            const entry = { timePs: nowPs + o.dt, isEnd: o.isEnd, seq: seq++ };
            queue.push(entry.timePs, entry.isEnd, entry);
            reference.push(entry);
          } else if (reference.length > 0) {
            expect(queue.nextTimePs()).toBe(Math.min(...reference.map((e) => e.timePs)));
            const expected = popReference(reference);
            expect(queue.pop()).toBe(expected);
            nowPs = expected.timePs;
          }
          expect(queue.size).toBe(reference.length);
        }
        while (reference.length > 0) expect(queue.pop()).toBe(popReference(reference));
      }),
      { numRuns: 500, seed: fuzzSeed(15) },
    );
  });

  it('keeps that order with thousands of distinct pending times (heap and bin table growing)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.boolean()), { minLength: 3000, maxLength: 5000 }), (pushes) => {
        const queue = new ScheduleQueue<Entry>();
        const reference: Entry[] = [];
        pushes.forEach(([timePs, isEnd], seq) => {
          const entry = { timePs, isEnd, seq };
          queue.push(timePs, isEnd, entry);
          reference.push(entry);
        });
        reference.sort((a, b) => a.timePs - b.timePs || Number(b.isEnd) - Number(a.isEnd) || a.seq - b.seq);
        for (const expected of reference) expect(queue.pop()).toBe(expected);
        expect(queue.size).toBe(0);
        expect(queue.nextTimePs()).toBe(Number.POSITIVE_INFINITY);
      }),
      { numRuns: 10, seed: fuzzSeed(16) },
    );
  });
});
