// Reference channel gather on a hand-written case, and the IR's index rule.
import { describe, expect, it } from 'vitest';
import { NetworkBuilder } from '../../../workloads/ir/builder.js';
import { runReference } from '../../../workloads/reference/execute.js';

describe('reference channel gather', () => {
  it('output plane k is input plane indices[k] (repeats allowed), quantization unchanged', () => {
    const b = new NetworkBuilder('t');
    b.input('in', [3, 1, 2], { scale: 0.5, zeroPoint: 3 });
    b.channels('g', 'in', [2, 0, 2]);
    const out = runReference(b.build(), Int8Array.from([1, 2, 3, 4, 5, 6])).output;
    expect(out.shape).toEqual([3, 1, 2]);
    expect([...out.data]).toEqual([5, 6, 1, 2, 5, 6]);
    expect(out.quant).toEqual({ scale: 0.5, zeroPoint: 3 });
  });

  it('indices must name input channels', () => {
    const b = new NetworkBuilder('t');
    b.input('in', [3, 1, 2], { scale: 1, zeroPoint: 0 });
    expect(() => b.channels('g', 'in', [3])).toThrow(/\[0, 3\)/);
    expect(() => b.channels('g', 'in', [])).toThrow(/at least one/);
  });
});
