// Writer additions for the engine: slices booked now for a later start stay in time order and
// reuse slots; energy sums written three ways add up per family.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerfettoTraceWriter } from '../../../traces/perfetto/writer.js';
import { walkTrace } from '../../../traces/perfetto/walk.js';
import { readTracePackets } from '../../../traces/perfetto/reader.js';
import { checkTrace } from '../../../traces/perfetto/check.js';
import { summarizeTrace } from '../../../traces/perfetto/summary.js';

const dir = mkdtempSync(join(tmpdir(), 'ohmflow-book-'));

describe('PerfettoTraceWriter.bookSlice', () => {
  it('writes a BEGIN booked ahead when time gets there, between earlier and later events', () => {
    const path = join(dir, 'ahead.pftrace');
    const w = PerfettoTraceWriter.open(path);
    const port = w.componentTrack(w.tileTrack(0), 'bus', 'bus');
    const occupancy = w.counterTrack(w.tileTrack(0), 'occupancy', 'B');
    w.bookSlice(port, 'c1', 0, 500, 100, { image: 0 }); // reserved at 0 for [500, 600]
    w.bookSlice(port, 'c1', 0, 600, 100, { image: 1 }); // back to back: reuses the track
    w.counter(occupancy, 7, 300); // later in the file than the booking, earlier in time
    w.close();
    const events: string[] = [];
    walkTrace(path, {
      begin: (t, name, ts) => events.push(`B ${t.name} ${ts}`),
      end: (t, _n, ts) => events.push(`E ${t.name} ${ts}`),
      counter: (t, v, ts) => events.push(`C ${v} ${ts}`),
    });
    expect(events).toEqual(['C 7 300', 'B bus 500', 'E bus 600', 'B bus 600', 'E bus 700']);
    expect(checkTrace(path).ok).toBe(true);
  });

  it('bookFlowSlice writes the bytes bookSlice writes with the same flow as FlowOptions', () => {
    const write = (path: string, byId: boolean) => {
      const w = PerfettoTraceWriter.open(path);
      const port = w.componentTrack(w.chip, 'router (0,0) east', 'router');
      for (let i = 0; i < 6; i++) {
        const flow = w.newFlowId();
        const ends = i % 3 === 2;
        // The first hop interns the names (the general encoder), the later ones take the direct one.
        if (byId) w.bookFlowSlice(port, `layer${i % 2}`, i * 10, i * 10 + 5, 20, { image: i }, flow, ends);
        else w.bookSlice(port, `layer${i % 2}`, i * 10, i * 10 + 5, 20, { image: i }, ends ? { terminatingFlowIds: [flow] } : { flowIds: [flow] });
      }
      w.close();
      return readFileSync(path);
    };
    const byId = write(join(dir, 'flow-id.pftrace'), true);
    expect(byId.equals(write(join(dir, 'flow-options.pftrace'), false))).toBe(true);
    // Flows as (id, or -id when it ends), per BEGIN, as protobufjs decodes them.
    const flows: number[][] = [];
    for (const { packet } of readTracePackets(join(dir, 'flow-id.pftrace'))) {
      const e = packet.trackEvent;
      if (e?.type === 1) flows.push([...(e.flowIds ?? []).map(Number), ...(e.terminatingFlowIds ?? []).map((f) => -Number(f))]);
    }
    expect(flows).toEqual([[1], [2], [-3], [4], [5], [-6]]);
    expect(() => PerfettoTraceWriter.open(join(dir, 'bad-flow.pftrace')).bookFlowSlice(0 as never, 'x', 0, 0, 1, undefined, -1, false)).toThrow(/flow id/);
  });

  it('refuses a booking that starts before the time it is made', () => {
    const w = PerfettoTraceWriter.open(join(dir, 'early.pftrace'));
    const port = w.componentTrack(w.chip, 'port', 'router');
    expect(() => w.bookSlice(port, 'x', 100, 50, 10)).toThrow(/earlier/);
    w.abort();
  });

  it('addEnergySums: kind and tile families sum to the total, the layer family to the layers\' part', () => {
    const path = join(dir, 'sums.pftrace');
    const w = PerfettoTraceWriter.open(path);
    const t0 = w.tileTrack(0);
    w.addEnergySums({ byKind: list([['adc', 3], ['bus', 1]]), byLayer: list([['c1', 4]]), byTile: list([[t0, 4]]) }, 10);
    w.addEnergySums({ byKind: list([['leakage', 2]]), byLayer: list([]), byTile: list([[null, 2]]) }, 20);
    w.close();
    expect(summarizeTrace(path, 'component').totalEnergyPj).toBe(6);
    expect(summarizeTrace(path, 'tile').rows.map((r) => [r.group, r.energyPj])).toEqual([['chip-level', 2], ['tile 0', 4]]);
    expect(summarizeTrace(path, 'layer').rows.map((r) => [r.group, r.energyPj])).toEqual([['c1', 4]]);
  });

  it('addEnergySums: lists reused across samples (keys kept, order and values refilled) add to the right counters', () => {
    const path = join(dir, 'reused.pftrace');
    const w = PerfettoTraceWriter.open(path);
    const t0 = w.tileTrack(0);
    const t1 = w.tileTrack(1);
    const kinds = { count: 2, keys: ['adc', 'bus', 'dac'], order: new Int32Array(3), values: new Float64Array(3) };
    const layers = { count: 1, keys: ['c1', 'c2'], order: new Int32Array(2), values: new Float64Array(2) };
    const tiles = { count: 1, keys: [null, t0, t1], order: new Int32Array(3), values: new Float64Array(3) };
    kinds.order.set([0, 1]);
    kinds.values.set([3, 1]);
    layers.order.set([0]);
    layers.values.set([4]);
    tiles.order.set([1]);
    tiles.values.set([4]);
    w.addEnergySums({ byKind: kinds, byLayer: layers, byTile: tiles }, 10);
    // The next sample: other keys first, one new key (dac, tile 1, c2).
    kinds.count = 3;
    kinds.order.set([2, 1, 0]);
    kinds.values.set([5, 2, 1]);
    layers.count = 2;
    layers.order.set([1, 0]);
    layers.values.set([6, 2]);
    tiles.count = 2;
    tiles.order.set([2, 0]);
    tiles.values.set([7, 1]);
    w.addEnergySums({ byKind: kinds, byLayer: layers, byTile: tiles }, 20);
    w.close();
    expect(summarizeTrace(path, 'component').totalEnergyPj).toBe(12);
    expect(summarizeTrace(path, 'tile').rows.map((r) => [r.group, r.energyPj])).toEqual([['chip-level', 1], ['tile 0', 4], ['tile 1', 7]]);
    expect(summarizeTrace(path, 'layer').rows.map((r) => [r.group, r.energyPj])).toEqual([['c1', 6], ['c2', 6]]);
  });
});

/** addEnergySums's list for `entries`, in their order. */
function list<K>(entries: Array<[K, number]>): { count: number; keys: K[]; order: Int32Array; values: Float64Array } {
  return {
    count: entries.length, keys: entries.map(([k]) => k), order: Int32Array.from(entries, (_, i) => i), values: Float64Array.from(entries, ([, v]) => v),
  };
}
