// Reference per-channel affine on hand-computed cases, and the IR's rules for it.
import { describe, expect, it } from 'vitest';
import { NetworkBuilder } from '../../../workloads/ir/builder.js';
import { runReference } from '../../../workloads/reference/execute.js';
import { validateNetwork } from '../../../workloads/ir/validate.js';
import { countMacs, countParams } from '../../../workloads/ir/counts.js';
import type { Network } from '../../../workloads/ir/types.js';

/** 2 channels of 1x4 at scale 1/2, zero point 2; channel 0 scaled by +1/2, channel 1 by -1/4, each with a bias. */
function affineNet(o: { relu?: boolean; clamp?: { min: number; max: number } } = {}): Network {
  const b = new NetworkBuilder('t');
  b.input('in', [2, 1, 4], { scale: 0.5, zeroPoint: 2 });
  // Weight scales 1/128: w = 64 is +1/2, w = -32 is -1/4. Multiplier 0.5 / 128 / 0.25 = 1/64.
  b.affine('bn', 'in', {
    weights: Int8Array.from([64, -32]),
    bias: Int32Array.from([32, -256]),
    weightQuant: { scales: [1 / 128, 1 / 128], zeroPoints: [0, 0] },
    outQuant: { scale: 0.25, zeroPoint: -3 },
    ...(o.relu ? { relu: true } : {}),
    ...(o.clamp ? { clamp: o.clamp } : {}),
  });
  return b.build();
}

const IMAGE = Int8Array.from([2, 3, 4, 127, 2, 3, 4, -128]);

describe('reference affine', () => {
  it('computes round_half_even(((x - zx) * w + b) * M) + zy per channel, saturated', () => {
    const out = runReference(affineNet(), IMAGE).output;
    // Channel 0: acc = (x - 2) * 64 + 32, times 1/64: 0.5, 1.5, 2.5, 125.5 -> 0, 2, 2, 126; -3: -3, -1, -1, 123.
    // Channel 1: acc = (x - 2) * -32 - 256, times 1/64: -4, -4.5, -5, 61 -> -4, -4, -5, 61; -3: -7, -7, -8, 58.
    expect([...out.data]).toEqual([-3, -1, -1, 123, -7, -7, -8, 58]);
    expect(out.shape).toEqual([2, 1, 4]);
    expect(out.quant).toEqual({ scale: 0.25, zeroPoint: -3 });
  });

  it('a fused ReLU clamps at the output zero point, a clip at its bounds', () => {
    expect([...runReference(affineNet({ relu: true }), IMAGE).output.data]).toEqual([-3, -1, -1, 123, -3, -3, -3, 58]);
    expect([...runReference(affineNet({ relu: true, clamp: { min: -3, max: 0 } }), IMAGE).output.data]).toEqual([-3, -1, -1, 0, -3, -3, -3, 0]);
  });

  it('counts no MACs and two parameters per channel (BatchNorm\'s gamma and beta)', () => {
    expect(countMacs(affineNet())).toBe(0);
    expect(countParams(affineNet())).toBe(4);
  });

  it('validation: one weight per channel, a feature-map input', () => {
    const net = affineNet();
    const bad: Network = { ...net, layers: net.layers.map((l) => (l.kind === 'affine' ? { ...l, weights: Int8Array.from([1]) } : l)) };
    expect(() => validateNetwork(bad)).toThrow(/weights have 1 entries, expected 2/);
    const b = new NetworkBuilder('t');
    b.input('in', [4], { scale: 1, zeroPoint: 0 });
    expect(() => b.affine('bn', 'in', { weights: new Int8Array(4), bias: new Int32Array(4), weightQuant: { scales: [1], zeroPoints: [0] }, outQuant: { scale: 1, zeroPoint: 0 } })).toThrow(/bn/);
  });
});
