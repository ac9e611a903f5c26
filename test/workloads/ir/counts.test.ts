// MACs count conv + dense multiply-accumulates; params count weights + biases, or 2 per channel
// for a folded BatchNorm, as torchvision reports.
import { describe, expect, it } from 'vitest';
import { NetworkBuilder } from '../../../workloads/ir/builder.js';
import { countMacs, countParams } from '../../../workloads/ir/counts.js';

function tiny(batchNorm: boolean) {
  const b = new NetworkBuilder('t');
  b.input('in', [3, 8, 8]);
  b.conv2d('c', 'in', { outChannels: 4, kernel: 3, padding: 1, stride: 2, weights: new Int8Array(4 * 27), foldedBatchNorm: batchNorm });
  b.conv2d('dw', 'c', { outChannels: 4, kernel: 3, padding: 1, groups: 4, weights: new Int8Array(4 * 9), hasBias: false });
  b.flatten('f', 'dw');
  b.dense('d', 'f', { outFeatures: 5, weights: new Int8Array(5 * 64) });
  return b.build();
}

describe('counts', () => {
  it('counts MACs per output element times fan-in', () => {
    // c: 4 x 4 x 4 outputs x 27; dw: 4 x 4 x 4 x 9; dense: 64 x 5
    expect(countMacs(tiny(false))).toBe(64 * 27 + 64 * 9 + 320);
  });

  it('counts weights, biases and BN as the source model had them', () => {
    expect(countParams(tiny(false))).toBe(108 + 4 + 36 + 320 + 5);
    expect(countParams(tiny(true))).toBe(108 + 8 + 36 + 320 + 5);
    expect(countParams(tiny(true), { batchNorm: false })).toBe(108 + 4 + 36 + 320 + 5);
  });
});
