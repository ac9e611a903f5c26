import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeHeap } from '../../../sim/kernel/timeHeap.js';

describe('TimeHeap: min-heap of (time, id) on typed arrays', () => {
  it('pops times in ascending order with their ids, under random pushes and pops, through growth', () => {
    const op = fc.oneof(fc.record({ pushPs: fc.integer({ min: 0, max: 2 ** 53 - 1 }) }), fc.constant('pop' as const));
    fc.assert(
      fc.property(fc.array(op, { minLength: 100, maxLength: 700 }), (ops) => {
        const heap = new TimeHeap();
        const model: Array<[number, number]> = [];
        ops.forEach((o, id) => {
          if (o === 'pop') {
            if (model.length === 0) {
              expect(heap.peekTime()).toBe(-1);
              return;
            }
            model.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
            const [timePs] = model[0];
            expect(heap.peekTime()).toBe(timePs);
            // Equal times may come in either order (the queue never pushes a time twice): remove the popped id.
            const at = model.findIndex(([t, i]) => t === timePs && i === heap.peekId());
            expect(at).toBeGreaterThanOrEqual(0);
            model.splice(at, 1);
            heap.pop();
          } else {
            heap.push(o.pushPs, id);
            model.push([o.pushPs, id]);
          }
          expect(heap.length).toBe(model.length);
        });
      }),
      { numRuns: 200 },
    );
  });
});
