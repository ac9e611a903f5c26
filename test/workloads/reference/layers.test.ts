// Reference pools, add, relu, flatten and the executor's bookkeeping, on hand-computed cases.
import { describe, expect, it } from 'vitest';
import { NetworkBuilder } from '../../../workloads/ir/builder.js';
import { runReference, runReferenceBatch } from '../../../workloads/reference/execute.js';

const X = Int8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]); // 1x4x4

describe('pools', () => {
  it('max pool ignores padding', () => {
    const b = new NetworkBuilder('t');
    b.input('in', [1, 4, 4]);
    b.maxPool('p', 'in', { kernel: 3, stride: 2, padding: 1 });
    // windows cover rows/cols {-1..1} and {1..3}, clipped to the input; padding never wins a max,
    // even when every real value is negative.
    expect([...runReference(b.build(), Int8Array.from(X, (v) => -v)).output.data]).toEqual([-1, -2, -5, -6]);
    expect([...runReference(b.build(), X).output.data]).toEqual([6, 8, 14, 16]);
  });

  it('average pool excludes padding from the count and rounds half to even', () => {
    const b = new NetworkBuilder('t');
    b.input('in', [1, 4, 4]);
    b.avgPool('p', 'in', { kernel: 2, stride: 2, padding: [1, 1, 0, 0] });
    // output 2x2 ((4 + 1 - 2) / 2 + 1); windows {1} = 1, {2,3} = 2.5 -> 2, {5,9} = 7, {6,7,10,11} = 8.5 -> 8
    const out = runReference(b.build(), X).output;
    expect(out.shape).toEqual([1, 2, 2]);
    expect([...out.data]).toEqual([1, 2, 7, 8]);
  });

  it('global average pool requantizes sum / (H * W) to the output scale', () => {
    const b = new NetworkBuilder('t');
    b.input('in', [1, 4, 4], { scale: 1, zeroPoint: 1 });
    b.globalAvgPool('g', 'in', { outQuant: { scale: 0.5, zeroPoint: -3 } });
    // mean of (x - 1) = 7.5, real 7.5 / 0.5 = 15, + zp -3 = 12
    expect([...runReference(b.build(), X).output.data]).toEqual([12]);
  });
});

describe('add, relu, flatten', () => {
  it('adds two tensors with their own scales and zero points, with a fused ReLU', () => {
    const b = new NetworkBuilder('t');
    b.input('in', [1, 1, 4], { scale: 1, zeroPoint: 0 });
    b.conv2d('half', 'in', { outChannels: 1, kernel: 1, weights: [1], outQuant: { scale: 2, zeroPoint: 10 } }); // q = rhe(x / 2) + 10
    b.add('sum', 'in', 'half', { outQuant: { scale: 4, zeroPoint: 0 }, relu: true });
    // x = [-8, 2, 6, 10]: half codes [6, 11, 13, 15]; real sum = x + 2 * (code - 10) = [-16, 4, 12, 20]; /4 = [-4, 1, 3, 5]; relu
    expect([...runReference(b.build(), Int8Array.from([-8, 2, 6, 10])).output.data]).toEqual([0, 1, 3, 5]);
  });

  it('relu clamps at the zero point; flatten keeps data', () => {
    const b = new NetworkBuilder('t');
    b.input('in', [1, 2, 2], { scale: 1, zeroPoint: 3 });
    b.relu('r', 'in');
    b.flatten('f', 'r');
    const out = runReference(b.build(), Int8Array.from([1, 3, 5, -7])).output;
    expect(out.shape).toEqual([4]);
    expect([...out.data]).toEqual([3, 3, 5, 3]);
    expect(out.quant.zeroPoint).toBe(3);
  });
});

describe('runReference', () => {
  it('returns every intermediate tensor by name on request, and batches', () => {
    const b = new NetworkBuilder('t');
    b.input('in', [1, 2, 2]);
    b.relu('r', 'in');
    b.flatten('f', 'r');
    const net = b.build();
    const result = runReference(net, Int8Array.from([-1, 2, -3, 4]), { keepIntermediates: true });
    expect([...result.tensors!.keys()]).toEqual(['in', 'r', 'f']);
    expect([...result.tensors!.get('r')!.data]).toEqual([0, 2, 0, 4]);
    expect(runReferenceBatch(net, [Int8Array.from([1, 1, 1, 1]), Int8Array.from([-1, -1, 5, 5])]).map((t) => [...t.data]))
      .toEqual([[1, 1, 1, 1], [0, 0, 5, 5]]);
  });

  it('rejects an input of the wrong size, naming the input', () => {
    const b = new NetworkBuilder('t');
    b.input('in', [1, 2, 2]);
    b.relu('r', 'in');
    expect(() => runReference(b.build(), new Int8Array(3))).toThrow(/input: input has 3 values, the network expects 4/);
  });
});
