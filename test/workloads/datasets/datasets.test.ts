// Datasets: seeded random images are deterministic; MNIST digits come from the `mnist` package.
import { describe, expect, it } from 'vitest';
import { randomInt8Batch, randomInt8Input } from '../../../workloads/datasets/random.js';
import { isMnistAvailable, mnistDigits } from '../../../workloads/datasets/mnist.js';
import { getNetwork } from '../../../workloads/zoo/registry.js';
import { runReference } from '../../../workloads/reference/execute.js';

describe('randomInt8Input', () => {
  it('is deterministic for (seed, index) and covers the int8 range', () => {
    expect(randomInt8Input([3, 8, 8], 5)).toEqual(randomInt8Input([3, 8, 8], 5));
    expect(randomInt8Input([3, 8, 8], 5)).not.toEqual(randomInt8Input([3, 8, 8], 6));
    const batch = randomInt8Batch([1000], 3, 1);
    expect(batch[0]).not.toEqual(batch[1]);
    expect(Math.min(...batch[0])).toBe(-128);
    expect(Math.max(...batch[0])).toBe(127);
  });
});

describe.runIf(isMnistAvailable())('mnistDigits', () => {
  it('returns balanced labelled digits, padded to 32x32 for LeNet-5', () => {
    const digits = mnistDigits(20, { size: 32 });
    expect(digits.map((d) => d.label)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const d of digits) {
      expect(d.data.length).toBe(32 * 32);
      // The 2-pixel frame is padding (real 0); ink reaches the top code.
      for (let i = 0; i < 32; i++) expect([d.data[i], d.data[31 * 32 + i], d.data[i * 32], d.data[i * 32 + 31]]).toEqual([0, 0, 0, 0]);
      expect(Math.max(...d.data)).toBe(127);
      expect(Math.min(...d.data)).toBe(0);
    }
  });

  it('feeds LeNet-5 and the MLP', () => {
    const [digit] = mnistDigits(1, { size: 32 });
    expect(runReference(getNetwork('lenet5'), digit.data).output.shape).toEqual([10]);
    const [small] = mnistDigits(1);
    expect(runReference(getNetwork('mlp'), small.data).output.shape).toEqual([10]);
  });
});
