import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ABSENT, TimeTable } from '../../../sim/kernel/timeTable.js';

describe('TimeTable: time -> id hash map of the event queue', () => {
  it('behaves as a Map under random inserts, lookups and deletes, through growth and probe runs', () => {
    // Times share their low 32 bits across several high parts (k * 2^32), so they collide on the
    // hash and exercise linear probing and backward-shift deletion across wrap-around.
    const time = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 3 })).map(([low, high]) => high * 2 ** 32 + low);
    const op = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), timePs: time }),
      fc.record({ kind: fc.constant('delete' as const), timePs: time }),
      fc.record({ kind: fc.constant('get' as const), timePs: time }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(op, { minLength: 100, maxLength: 400 }), (bits, ops) => {
        const table = new TimeTable(bits);
        const model = new Map<number, number>();
        ops.forEach((o, i) => {
          if (o.kind === 'insert') {
            if (model.has(o.timePs)) return; // insert's precondition: the time is absent
            table.insert(o.timePs, i);
            model.set(o.timePs, i);
          } else if (o.kind === 'delete') {
            table.delete(o.timePs);
            model.delete(o.timePs);
          }
          expect(table.get(o.timePs)).toBe(model.get(o.timePs) ?? ABSENT);
          expect(table.size).toBe(model.size);
          expect(table.size * 2).toBeLessThanOrEqual(table.capacity);
        });
        for (const [timePs, id] of model) expect(table.get(timePs)).toBe(id);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects a starting size out of range', () => {
    expect(() => new TimeTable(0)).toThrow(RangeError);
    expect(() => new TimeTable(25)).toThrow(RangeError);
  });
});
