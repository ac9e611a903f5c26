// Reference conv2d and dense against hand-computed cases and an independent textbook loop.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NetworkBuilder } from '../../../workloads/ir/builder.js';
import { runReference } from '../../../workloads/reference/execute.js';
import { naiveConvAcc, requantizeExact } from './naive.js';

describe('conv2d', () => {
  it('computes a hand-checked 3x3 input, 2x2 kernel, pad 1, stride 2 case', () => {
    // x = 1..9 (zero point 0), w = [[1, 0], [0, -1]], bias 1, M = 1:
    // padded output (2x2) at input origins (-1,-1), (-1,1), (1,-1), (1,1):
    //  (0,0): 1*pad + -1*x[0][0]=1 -> -1 + 1 = 0
    //  (0,1): 1*pad + -1*x[0][2]=3 -> -3 + 1 = -2
    //  (1,0): 1*pad + -1*x[2][0]=7 -> -7 + 1 = -6
    //  (1,1): 1*x[1][1]=5 - x[2][2]=9 -> -4 + 1 = -3
    const b = new NetworkBuilder('t');
    b.input('in', [1, 3, 3]);
    b.conv2d('c', 'in', { outChannels: 1, kernel: 2, stride: 2, padding: 1, weights: [1, 0, 0, -1], bias: [1] });
    const out = runReference(b.build(), Int8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9])).output;
    expect(out.shape).toEqual([1, 2, 2]);
    expect([...out.data]).toEqual([0, -2, -6, -3]);
  });

  it('pads with the input zero point and subtracts weight zero points (hand case)', () => {
    // x codes all 10 with zx = 10 (real 0) except the centre 12; w codes 3 with zw = 1 (real 2).
    const b = new NetworkBuilder('t');
    b.input('in', [1, 3, 3], { scale: 1, zeroPoint: 10 });
    b.conv2d('c', 'in', { outChannels: 1, kernel: 3, padding: 1, weights: new Array(9).fill(3), weightQuant: { scales: [1], zeroPoints: [1] } });
    const out = runReference(b.build(), Int8Array.from([10, 10, 10, 10, 12, 10, 10, 10, 10])).output;
    expect([...out.data]).toEqual(new Array(9).fill(4)); // every window sees the centre: 2 * 2
  });

  it('equals a textbook loop for random shapes, strides, padding, groups and zero points', () => {
    const params = fc.record({
      groups: fc.integer({ min: 1, max: 3 }), icg: fc.integer({ min: 1, max: 3 }), ocg: fc.integer({ min: 1, max: 3 }),
      inH: fc.integer({ min: 1, max: 7 }), inW: fc.integer({ min: 1, max: 7 }),
      kh: fc.integer({ min: 1, max: 3 }), kw: fc.integer({ min: 1, max: 3 }), sh: fc.integer({ min: 1, max: 3 }), sw: fc.integer({ min: 1, max: 3 }),
      pt: fc.integer({ min: 0, max: 2 }), pl: fc.integer({ min: 0, max: 2 }), pb: fc.integer({ min: 0, max: 2 }), pr: fc.integer({ min: 0, max: 2 }),
      zx: fc.integer({ min: -128, max: 127 }), zy: fc.integer({ min: -128, max: 127 }), relu: fc.boolean(), perChannel: fc.boolean(),
      seed: fc.integer(),
    }).filter((p) => p.inH + p.pt + p.pb >= p.kh && p.inW + p.pl + p.pr >= p.kw);
    fc.assert(fc.property(params, (p) => {
      const inC = p.icg * p.groups;
      const outC = p.ocg * p.groups;
      let s = p.seed >>> 0;
      const next = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 24) - 128;
      const x = Int8Array.from({ length: inC * p.inH * p.inW }, next);
      const w = Int8Array.from({ length: outC * p.icg * p.kh * p.kw }, next);
      const bias = Array.from({ length: outC }, () => next() * 50);
      const zw = p.perChannel ? Array.from({ length: outC }, () => next() >> 3) : [next() >> 3];
      // Weight scales m * 2^-9 with odd m so M = m * 2^-9 * 2^-2 / 2^-4 = m * 2^-7, exact.
      const mant = p.perChannel ? Array.from({ length: outC }, (_, i) => 2 * i + 1) : [3];
      const b = new NetworkBuilder('t');
      b.input('in', [inC, p.inH, p.inW], { scale: 2 ** -2, zeroPoint: p.zx });
      b.conv2d('c', 'in', {
        outChannels: outC, kernel: [p.kh, p.kw], stride: [p.sh, p.sw], padding: [p.pt, p.pl, p.pb, p.pr], groups: p.groups,
        weights: w, bias, weightQuant: { scales: mant.map((m) => m * 2 ** -9), zeroPoints: zw }, outQuant: { scale: 2 ** -4, zeroPoint: p.zy }, relu: p.relu,
      });
      const out = runReference(b.build(), x).output;
      const { acc, outH, outW } = naiveConvAcc({ ...p, inC, outC }, x, p.zx, w, zw, bias);
      expect(out.shape).toEqual([outC, outH, outW]);
      const expected = acc.map((a, i) => requantizeExact(a, mant[mant.length > 1 ? Math.floor(i / (outH * outW)) : 0], 7, p.zy, p.relu));
      expect([...out.data]).toEqual(expected);
    }), { numRuns: 300 });
  });
});

describe('dense', () => {
  it('computes a hand-checked 3 -> 2 case with zero points and bias', () => {
    // x real = codes - 1 = [1, -2, 3]; w rows [1, 2, 3] and [-1, 0, 1]; bias [4, -4]; M = 1/2
    // row 0: 1 - 4 + 9 + 4 = 10 -> 5; row 1: -1 + 0 + 3 - 4 = -2 -> -1
    const b = new NetworkBuilder('t');
    b.input('in', [3], { scale: 1, zeroPoint: 1 });
    b.dense('d', 'in', { outFeatures: 2, weights: [1, 2, 3, -1, 0, 1], bias: [4, -4], outQuant: { scale: 2, zeroPoint: 0 } });
    expect([...runReference(b.build(), Int8Array.from([2, -1, 4])).output.data]).toEqual([5, -1]);
  });
});
