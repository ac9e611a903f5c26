// runReferenceParallel's progress: MACs of every conv and dense layer, on one thread or on worker
// threads (the built workers, when dist/ is there), rising to the network's MACs times the images.
import { describe, expect, it } from 'vitest';
import { countMacs } from '../../../workloads/ir/counts.js';
import { runReference } from '../../../workloads/reference/execute.js';
import { runReferenceParallel } from '../../../workloads/reference/parallel.js';
import { getNetwork } from '../../../workloads/zoo/registry.js';
import { randomInt8Input } from '../../../workloads/datasets/random.js';

describe('runReferenceParallel progress', () => {
  const net = getNetwork('lenet5');
  const images = [0, 1, 2].map((i) => randomInt8Input([1, 32, 32], 4, i));
  const total = countMacs(net) * images.length;

  for (const jobs of [1, 2]) {
    it(`reports rising MACs up to the total with ${jobs} job(s), results unchanged`, async () => {
      const seen: [number, number][] = [];
      const results = await runReferenceParallel(net, images, {}, jobs, (done, of) => seen.push([done, of]));
      // LeNet-5: 3 conv and 2 dense layers (or fewer dense), per image.
      expect(seen.length).toBeGreaterThanOrEqual(4 * images.length);
      expect(seen.every(([, of]) => of === total)).toBe(true);
      expect(seen.every(([done], i) => i === 0 || done > seen[i - 1][0])).toBe(true);
      expect(seen[seen.length - 1][0]).toBe(total);
      results.forEach((r, k) => expect([...r.output.data]).toEqual([...runReference(net, images[k]).output.data]));
    }, 60_000);
  }
});
