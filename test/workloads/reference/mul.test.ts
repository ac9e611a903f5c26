// Reference channel-broadcast product on hand-computed cases, and the IR's shape rule for it.
import { describe, expect, it } from 'vitest';
import { NetworkBuilder } from '../../../workloads/ir/builder.js';
import { runReference } from '../../../workloads/reference/execute.js';

describe('reference channel-broadcast product', () => {
  it('computes round_half_even((x - zx) * (g[c] - zg) * sx * sg / sy) + zy, saturated', () => {
    const b = new NetworkBuilder('t');
    b.input('in', [2, 1, 4], { scale: 0.5, zeroPoint: 1 });
    // The gate: a global average pool of the input at scale 1/4 (so g = 2 * mean(real) codes), zero point -2.
    b.globalAvgPool('g', 'in', { outQuant: { scale: 0.25, zeroPoint: -2 } });
    b.mul('y', 'in', 'g', { outQuant: { scale: 0.25, zeroPoint: 3 } });
    const image = Int8Array.from([1, 2, 3, 6, -1, 0, 1, 127]);
    const out = runReference(b.build(), image).output;
    // Channel 0: reals 0, 0.5, 1, 2.5 (mean 1, gate code 4 - 2 = 2, real 1); products 0, 0.5, 1, 2.5 over 0.25 -> 0, 2, 4, 10; + 3.
    // Channel 1: reals -1, -0.5, 0, 63 (mean 15.375: gate code 61.5 -> 62 (half to even) - 2 = 60, real 15.5);
    //   products -15.5, -7.75, 0, 976.5 over 0.25 -> -62, -31, 0, 3906; + 3 -> -59, -28, 3, 127 (saturated).
    expect([...out.data]).toEqual([3, 5, 7, 13, -59, -28, 3, 127]);
  });

  it('the gate must be [C, 1, 1] with the feature map\'s C', () => {
    const b = new NetworkBuilder('t');
    b.input('in', [2, 2, 2], { scale: 1, zeroPoint: 0 });
    b.maxPool('half', 'in', { kernel: [2, 1], stride: [2, 1] });
    expect(() => b.mul('y', 'in', 'half', { outQuant: { scale: 1, zeroPoint: 0 } })).toThrow(/not \[2, 1, 1\]/);
  });
});
