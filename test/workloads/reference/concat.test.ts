// Reference concat on hand-computed cases, and the IR's shape and arity rules for it.
import { describe, expect, it } from 'vitest';
import { NetworkBuilder } from '../../../workloads/ir/builder.js';
import { runReference } from '../../../workloads/reference/execute.js';
import { validateNetwork } from '../../../workloads/ir/validate.js';
import { OhmflowError } from '../../../workloads/errors.js';
import type { Network } from '../../../workloads/ir/types.js';

const X = Int8Array.from([1, 2, 3, 4, 5, 6, 7, 8]); // 2x2x2

describe('reference concat', () => {
  it('stacks the inputs\' channel planes in order (a copy when quantizations match)', () => {
    const b = new NetworkBuilder('t');
    b.input('in', [2, 2, 2], { scale: 0.5, zeroPoint: 1 });
    b.maxPool('p', 'in', { kernel: [2, 1], stride: [2, 1] }); // 2x1x2: the larger of each column
    b.maxPool('q', 'in', { kernel: [1, 2], stride: [1, 2] }); // 2x2x1: the larger of each row
    b.maxPool('r', 'in', { kernel: [2, 2] }); // 2x1x1
    // H and W differ between p, q and r: only equal ones may be concatenated.
    expect(() => b.concat('bad', ['p', 'q'])).toThrow(/differ in height or width/);
    b.concat('cat', ['in', 'in', 'in']);
    const out = runReference(b.build('cat'), X).output;
    expect(out.shape).toEqual([6, 2, 2]);
    expect([...out.data]).toEqual([...X, ...X, ...X]);
    expect(out.quant).toEqual({ scale: 0.5, zeroPoint: 1 });
  });

  it('requantizes an input at another scale: real value over the output scale, half to even, plus the zero point, saturated', () => {
    const b = new NetworkBuilder('t');
    b.input('in', [1, 1, 8], { scale: 1, zeroPoint: 0 });
    b.avgPool('half', 'in', { kernel: 1, outQuant: { scale: 0.25, zeroPoint: 0 } }); // codes x4
    b.concat('cat', ['in', 'half'], { outQuant: { scale: 2, zeroPoint: 3 } });
    const image = Int8Array.from([-5, -3, -1, 0, 1, 3, 5, 100]);
    const out = runReference(b.build(), image).output;
    // 'in' at scale 1: x / 2 -> -2.5, -1.5, -0.5, 0, 0.5, 1.5, 2.5, 50 -> half to even -2, -2, -0, 0, 0, 2, 2, 50; + 3.
    // 'half' holds 4x (saturated to 127 for 100): 4x * 0.25 / 2 = x / 2 again but 127 * 0.25 / 2 = 15.875 -> 16; + 3.
    expect([...out.data]).toEqual([1, 1, 3, 3, 3, 5, 5, 53, 1, 1, 3, 3, 3, 5, 5, 19]);
  });

  it('clips at int8: codes past the output range saturate', () => {
    const b = new NetworkBuilder('t');
    b.input('in', [1, 1, 4], { scale: 1, zeroPoint: 0 });
    b.avgPool('same', 'in', { kernel: 1 });
    b.concat('cat', ['same', 'in'], { outQuant: { scale: 0.5, zeroPoint: -10 } });
    const out = runReference(b.build(), Int8Array.from([-128, -60, 60, 127])).output;
    // x / 0.5 - 10 = 2x - 10: -266 -> -128, -130 -> -128, 110, 244 -> 127.
    expect([...out.data]).toEqual([-128, -128, 110, 127, -128, -128, 110, 127]);
  });
});

describe('IR rules for concat', () => {
  const base = (inputs: string[]): Network => ({
    name: 't',
    output: 'cat',
    layers: [
      { kind: 'input', name: 'in', inputs: [], shape: [3, 4, 4], quant: { scale: 1, zeroPoint: 0 } },
      { kind: 'flatten', name: 'flat', inputs: ['in'] },
      { kind: 'concat', name: 'cat', inputs, outQuant: { scale: 1, zeroPoint: 0 } },
    ],
  });

  it('sums channels: three copies of 3x4x4 give 9x4x4', () => {
    expect(validateNetwork(base(['in', 'in', 'in'])).get('cat')).toEqual([9, 4, 4]);
  });

  it('needs two or more inputs, naming the layer', () => {
    expect(() => validateNetwork(base(['in']))).toThrow(OhmflowError);
    expect(() => validateNetwork(base(['in']))).toThrow(/concat takes 2 or more input\(s\), got 1/);
  });

  it('needs feature maps, not vectors', () => {
    expect(() => validateNetwork(base(['in', 'flat']))).toThrow(/concat needs a \[C, H, W\] input/);
  });
});
