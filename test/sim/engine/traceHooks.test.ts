// The engine's trace hooks, seen through a recording EngineTraceTarget (no trace format): tracing
// changes nothing in the run, activity is booked no earlier than it is known, and the energy the
// hooks hand out is the run's.
import { describe, expect, it } from 'vitest';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { simulate } from '../../../sim/engine/index.js';
import type { EnergySums, EngineTraceTarget, TraceDetail } from '../../../sim/engine/traceHooks.js';
import { inputsFor } from './helpers.js';
import { LOSSLESS } from '../../losslessArch.js';

class RecordingTarget implements EngineTraceTarget {
  readonly energySamplePs = 50_000;
  readonly tracks: Array<{ tile: number | null; pe: number | null; name: string; kind: string }> = [];
  readonly kinds = new Set<string>();
  activities = 0;
  opened = 0;
  closed = 0;
  earlyBookings = 0;
  energyPj = 0;
  energySteps: number[] = [];
  unattributedPj = -1;

  constructor(readonly detail: TraceDetail) {}
  tileTrack(tile: number): number {
    return this.componentTrack(tile, null, 'tile', 'tile');
  }
  componentTrack(tile: number | null, pe: number | null, name: string, kind: string): number {
    this.tracks.push({ tile, pe, name, kind });
    return this.tracks.length - 1;
  }
  counterTrack(tile: number | null, name: string, unit: string): number {
    return this.componentTrack(tile, null, name, unit);
  }
  activity(track: number, nowPs: number, startPs: number, durationPs: number): void {
    this.activities++;
    this.kinds.add(this.tracks[track].kind);
    if (startPs < nowPs || !(durationPs > 0)) this.earlyBookings++;
  }
  beginActivity(track: number): number {
    this.activities++;
    this.kinds.add(this.tracks[track].kind);
    return this.opened++;
  }
  endActivity(): void {
    this.closed++;
  }
  counter(): void {}
  energy(sums: EnergySums, timePs: number): void {
    for (let i = 0; i < sums.byKind.count; i++) this.energyPj += sums.byKind.values[i];
    this.energySteps.push(timePs);
  }
  newFlowId(): number {
    return 1;
  }
  finished(summary: { unattributedPj: number }): void {
    this.unattributedPj = summary.unattributedPj;
  }
}

function lenet(target?: EngineTraceTarget) {
  const net = getNetwork('lenet5');
  const arch = loadArch(LOSSLESS);
  return simulate({
    net, mapped: mapNetwork(net, arch, {}), arch, tech: loadTech(arch.tech), inputs: inputsFor(net, 2),
    ...(target === undefined ? {} : { activityTrace: target }),
  });
}

describe('engine trace hooks', () => {
  const plain = lenet();
  const target = new RecordingTarget('component');
  const traced = lenet(target);

  it('change nothing in the run: outputs, times, events and energy are those of an untraced run', () => {
    expect(traced.outputs).toEqual(plain.outputs);
    expect(traced.imageEndPs).toEqual(plain.imageEndPs);
    expect(traced.events).toBe(plain.events);
    expect(traced.energyPj).toEqual(plain.energyPj);
  });

  it('book every activity at or after the time it is known, with a positive duration, on every kind of component', () => {
    expect(target.activities).toBeGreaterThan(1000);
    expect(target.earlyBookings).toBe(0);
    expect([...target.kinds]).toEqual(expect.arrayContaining(['tile', 'crossbar', 'adc', 'buffer', 'bus', 'requantize', 'activation', 'pool', 'router']));
  });

  it('hand out the run\'s dynamic energy, all of it at call sites, in steps at least a sample period apart', () => {
    const total = plain.dynamicEnergyPjPerImage * 2;
    expect(Math.abs(target.energyPj - total) / total).toBeLessThan(1e-9);
    expect(target.unattributedPj).toBe(0);
    const steps = target.energySteps.slice(0, -1);
    for (let i = 1; i < steps.length; i++) expect(steps[i] - steps[i - 1]).toBeGreaterThanOrEqual(target.energySamplePs);
  });

  it('at level layer emit no activity, only energy', () => {
    const coarse = new RecordingTarget('layer');
    lenet(coarse);
    expect(coarse.activities).toBe(0);
    expect(coarse.tracks).toEqual([]);
    expect(Math.abs(coarse.energyPj - target.energyPj) / target.energyPj).toBeLessThan(1e-9);
  });
});
