// The accuracy floor of a synthesis: only designs that would lead are measured, designs below the
// floor become infeasible, and the search then returns the best design at or above the floor.
import { describe, expect, it } from 'vitest';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { adcLossless } from '../../../hw/arch/lossless.js';
import type { Arch } from '../../../hw/arch/index.js';
import { synthesize } from '../../../hw/dse/index.js';
import { accuracyGate } from '../../../hw/dse/accuracyGate.js';
import type { Candidate } from '../../../hw/dse/evaluate.js';
import { OhmflowError } from '../../../workloads/errors.js';

const fake = (score: number, bits: number): Candidate => ({
  genome: {} as Candidate['genome'], feasible: true, score,
  arch: { tile: { pe: { adc: { bits } } } } as unknown as Arch, options: {} as Candidate['options'],
});

describe('accuracyGate', () => {
  it('measures a design only when it would lead, and refuses one below the floor', () => {
    const asked: number[] = [];
    // Stand-in accuracy: 9-bit ADCs are accurate, narrower ones are not.
    const gate = accuracyGate({ minTop1: 0.9, top1Of: (arch) => (asked.push(arch.tile.pe.adc.bits), arch.tile.pe.adc.bits >= 9 ? 0.98 : 0.4) });
    const a = gate.judge(fake(5, 9)); // first feasible: leads, measured, kept
    expect(a).toMatchObject({ feasible: true, score: 5, top1: 0.98 });
    const b = gate.judge(fake(3, 4)); // scores below the leader: never the answer, not measured
    expect(b).toMatchObject({ feasible: true, score: 3 });
    expect(b.top1).toBeUndefined();
    const c = gate.judge(fake(8, 5)); // would lead, measured, refused
    expect(c).toMatchObject({ feasible: false, score: -Infinity, top1: 0.4 });
    expect(c.reason).toBe('top-1 40.0% below 90.0%');
    const d = gate.judge(fake(6, 9)); // leads (the refused one does not count), kept
    expect(d).toMatchObject({ feasible: true, top1: 0.98 });
    expect(gate.judge({ ...fake(9, 9), feasible: false, score: -Infinity }).top1).toBeUndefined(); // infeasible: not measured
    expect(asked).toEqual([9, 5, 9]);
    expect([gate.measured, gate.refused, gate.bestRefusedTop1]).toEqual([3, 1, 0.4]);
  });
});

describe('synthesize with an accuracy floor', () => {
  const net = getNetwork('lenet5');
  const small = { generations: 3, population: 6, annealSteps: 50, seed: 1, adcBits: 8 };
  // Stand-in accuracy with no chip run: a lossless design is exact, a lossy one is not.
  const top1Of = (arch: Arch) => (adcLossless(arch).lossless ? 0.99 : 0.5);

  it('returns the best design at or above the floor, which the unconstrained search passes over', () => {
    const free = synthesize(net, small);
    // Precondition: with 8-bit ADCs fixed, the unconstrained winner is lossy on this seed.
    expect(adcLossless(free.best.arch).lossless).toBe(false);
    const floored = synthesize(net, { ...small, accuracy: { minTop1: 0.9, top1Of } });
    expect(adcLossless(floored.best.arch).lossless).toBe(true);
    expect(floored.best.top1).toBe(0.99);
    expect(floored.best.metrics.topsPerW).toBeLessThan(free.best.metrics.topsPerW);
    expect(floored.accuracy!.refused).toBeGreaterThan(0);
    expect(floored.accuracy!.measured).toBeLessThan(floored.evaluated);
  });

  it('names --min-accuracy when no design reaches the floor', () => {
    expect(() => synthesize(net, { ...small, accuracy: { minTop1: 0.995, top1Of } })).toThrow(OhmflowError);
    expect(() => synthesize(net, { ...small, accuracy: { minTop1: 0.995, top1Of } })).toThrow(/--min-accuracy: no design .* reaches top-1 99\.5%/);
  });
});
