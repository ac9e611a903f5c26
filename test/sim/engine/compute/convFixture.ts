// Test fixture: the conv2d a property test's random case describes (k x k, stride 1, no padding,
// grouped, int8 weights with per-channel zero points, scales 1, no bias).
import type { Conv2dLayer } from '../../../../workloads/ir/types.js';

export interface ConvShape {
  groups: number;
  icPerGroup: number;
  ocPerGroup: number;
  k: number;
}

export function testConv(p: ConvShape, weights: readonly number[], zeroPoints: readonly number[]): Conv2dLayer {
  const outC = p.groups * p.ocPerGroup;
  return {
    kind: 'conv2d', name: 'c', inputs: ['in'], outChannels: outC, kernel: [p.k, p.k], stride: [1, 1], padding: [0, 0, 0, 0], groups: p.groups,
    weights: Int8Array.from(weights), bias: new Int32Array(outC), weightQuant: { scales: zeroPoints.map(() => 1), zeroPoints: [...zeroPoints] },
    outQuant: { scale: 1, zeroPoint: 0 }, relu: false,
  };
}
