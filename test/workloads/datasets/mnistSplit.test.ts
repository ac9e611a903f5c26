// The fixed MNIST split of the trained networks: every fifth digit of each class held out, the two
// parts disjoint and together the whole package, classes interleaved in order.
import { describe, expect, it } from 'vitest';
import { isMnistAvailable, mnistClassSize, mnistImage } from '../../../workloads/datasets/mnist.js';
import { inMnistPart, mnistPartIndex, mnistSplit } from '../../../workloads/datasets/mnistSplit.js';

describe.runIf(isMnistAvailable())('mnistSplit', () => {
  const train = mnistPartIndex('train');
  const test = mnistPartIndex('test');

  it('holds out every fifth digit of each class: 80/20 per class, disjoint, covering the package', () => {
    const key = (d: { label: number; sample: number }): string => `${d.label}:${d.sample}`;
    const all = new Set([...train, ...test].map(key));
    let total = 0;
    for (let label = 0; label < 10; label++) {
      const size = mnistClassSize(label);
      total += size;
      const held = test.filter((d) => d.label === label);
      expect(held.length).toBe(Math.floor(size / 5));
      expect(held.every((d) => d.sample % 5 === 4)).toBe(true);
      expect(train.filter((d) => d.label === label).length).toBe(size - held.length);
    }
    expect(all.size).toBe(total);
    expect(train.length + test.length).toBe(total);
    expect([inMnistPart(4, 'test'), inMnistPart(4, 'train'), inMnistPart(5, 'train')]).toEqual([true, false, true]);
  });

  it('interleaves classes, so the first 10 k digits hold k of each', () => {
    expect(test.slice(0, 20).map((d) => d.label)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(test.slice(0, 10).map((d) => d.sample)).toEqual(new Array(10).fill(4));
    expect(train.slice(0, 10).map((d) => d.sample)).toEqual(new Array(10).fill(0));
  });

  it('returns the digits as int8 codes in either size, a prefix with count', () => {
    const digits = mnistSplit('test', { size: 32, count: 3 });
    expect(digits.map((d) => d.label)).toEqual([0, 1, 2]);
    expect(digits[1].data).toEqual(mnistImage(1, 4, 32));
    expect(mnistSplit('test', { count: 1 })[0].data.length).toBe(28 * 28);
  });
});
