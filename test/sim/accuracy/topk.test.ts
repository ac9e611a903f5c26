// Top-k ranking of the true class: ties go to the lower class index, as numpy.argmax does.
import { describe, expect, test } from 'vitest';
import { countHits, labelRank } from '../../../sim/accuracy/index.js';

describe('labelRank', () => {
  test('counts higher scores, and equal scores at lower indices', () => {
    expect(labelRank([1, 5, 3], 1)).toBe(0);
    expect(labelRank([1, 5, 3], 0)).toBe(2);
    expect(labelRank([4, 4, 4], 0)).toBe(0);
    expect(labelRank([4, 4, 4], 2)).toBe(2);
  });

  test('countHits: top-1 and top-5 over a batch, labels read from an offset', () => {
    const outputs = [[9, 0, 0, 0, 0, 0, 0], [0, 1, 2, 3, 4, 5, 6]];
    expect(countHits(outputs, [7, 0, 0], 1)).toEqual({ top1: 1, top5: 1 });
    expect(countHits(outputs, [0, 6])).toEqual({ top1: 2, top5: 2 });
    expect(countHits([[0, 1, 2, 3, 4, 5, 6]], [1])).toEqual({ top1: 0, top5: 0 });
  });
});
