import { describe, expect, it } from 'vitest';
import { Actor, Simulator, type TraceArgs, type TraceSink, type TrackInfo } from '../../../sim/kernel/index.js';

class RecordingSink implements TraceSink {
  readonly tracks: TrackInfo[] = [];
  readonly records: unknown[][] = [];
  registerTrack(track: TrackInfo): void {
    this.tracks.push(track);
  }
  begin(trackId: number, name: string, timePs: number, args?: TraceArgs): void {
    this.records.push(['B', trackId, name, timePs, args]);
  }
  end(trackId: number, timePs: number): void {
    this.records.push(['E', trackId, timePs]);
  }
  counter(trackId: number, value: number, timePs: number): void {
    this.records.push(['C', trackId, value, timePs]);
  }
}

/** Does a 300 ps "mvm" every time it is poked, and reports a buffer occupancy. */
class Pe extends Actor {
  readonly activity = this.track();
  readonly occupancy = this.track('occupancy', 'counter', 'entries');
  override onEvent(kind: number): void {
    if (kind === 0) {
      this.traceBegin(this.activity, 'mvm', { layer: 'conv1' });
      this.traceCounter(this.occupancy, 3);
      this.schedule(300, 1);
    } else {
      this.traceEnd(this.activity);
    }
  }
}

describe('trace sink', () => {
  it('receives every track (also those registered before attach) and timed begin/end/counter records', () => {
    const sim = new Simulator();
    const pe = new Pe(sim, 'pe0');
    const sink = new RecordingSink();
    sim.attachTrace(sink);
    const late = sim.registerTrack('noc.link3', 'slice');
    expect(sink.tracks).toEqual([
      { id: pe.activity, name: 'pe0', kind: 'slice' },
      { id: pe.occupancy, name: 'pe0.occupancy', kind: 'counter', unit: 'entries' },
      { id: late, name: 'noc.link3', kind: 'slice' },
    ]);
    pe.schedule(1_000, 0);
    sim.run();
    expect(sink.records).toEqual([
      ['B', pe.activity, 'mvm', 1_000, { layer: 'conv1' }],
      ['C', pe.occupancy, 3, 1_000],
      ['E', pe.activity, 1_300],
    ]);
  });

  it('does nothing without a sink, and stops emitting after detach', () => {
    const sim = new Simulator();
    const pe = new Pe(sim, 'pe0');
    pe.schedule(1, 0);
    expect(sim.run().events).toBe(2);
    const sink = new RecordingSink();
    sim.attachTrace(sink);
    sim.detachTrace();
    pe.schedule(1, 0);
    sim.run();
    expect(sink.records).toEqual([]);
    expect(() => sim.registerTrack('pe0', 'slice')).toThrow(/registered twice/);
  });
});
