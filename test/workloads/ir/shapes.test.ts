// Shape inference: output sizes of windows (floor mode), flatten, global pooling, add.
import { describe, expect, it } from 'vitest';
import { NetworkBuilder } from '../../../workloads/ir/builder.js';
import { inferShapes, windowOutputSize } from '../../../workloads/ir/shapes.js';

describe('inferShapes', () => {
  it('computes floor((in + pads - k) / s) + 1 per axis', () => {
    expect(windowOutputSize(224, 7, 2, 3, 3)).toBe(112);
    expect(windowOutputSize(112, 3, 2, 1, 1)).toBe(56);
    expect(windowOutputSize(224, 11, 4, 2, 2)).toBe(55);
    expect(windowOutputSize(5, 2, 2, 0, 0)).toBe(2);
  });

  it('in ceil mode rounds up, dropping a last window that would start past the input (sizes ONNX Runtime gives)', () => {
    expect(windowOutputSize(5, 2, 2, 0, 0, true)).toBe(3);
    expect(windowOutputSize(5, 3, 2, 1, 1, true)).toBe(3);
    expect(windowOutputSize(6, 3, 3, 1, 1, true)).toBe(3);
    expect(windowOutputSize(7, 3, 2, 1, 1, true)).toBe(4);
    // ceil((4 - 1) / 2) + 1 = 3, but the third window would start at 4, past the input: 2.
    expect(windowOutputSize(4, 1, 2, 0, 0, true)).toBe(2);
    // GoogLeNet's MaxPool2d(3, 2, ceil_mode=True) on 112: 56 (floor mode gives 55).
    expect(windowOutputSize(112, 3, 2, 0, 0, true)).toBe(56);
    expect(windowOutputSize(112, 3, 2, 0, 0)).toBe(55);
  });

  it('infers conv, pool, global pool, flatten and dense shapes', () => {
    const b = new NetworkBuilder('t');
    b.input('in', [4, 9, 7]);
    b.conv2d('c', 'in', { outChannels: 6, kernel: [3, 2], stride: [2, 1], padding: [1, 0, 0, 1], groups: 2, weights: new Int8Array(6 * 2 * 6) });
    b.maxPool('p', 'c', { kernel: 2 });
    b.globalAvgPool('g', 'p');
    b.flatten('f', 'g');
    b.dense('d', 'f', { outFeatures: 3, weights: new Int8Array(18) });
    const shapes = inferShapes(b.build());
    // H: (9 + 1 + 0 - 3) / 2 + 1 = 4; W: (7 + 0 + 1 - 2) / 1 + 1 = 7
    expect(shapes.get('c')).toEqual([6, 4, 7]);
    expect(shapes.get('p')).toEqual([6, 2, 3]);
    expect(shapes.get('g')).toEqual([6, 1, 1]);
    expect(shapes.get('f')).toEqual([6]);
    expect(shapes.get('d')).toEqual([3]);
  });
});
