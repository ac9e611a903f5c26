// The writer's file reads back as written: tracks in a chip -> tile -> PE -> component tree, slices
// at the kernel's ps written as trace-ns, overlaps split into slots, levels and windows applied,
// byte-identical output for identical calls, and no partial file after abort().
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerfettoTraceWriter } from '../../../traces/perfetto/writer.js';
import { readTracePackets } from '../../../traces/perfetto/reader.js';
import { walkTrace, type WalkedTrack } from '../../../traces/perfetto/walk.js';
import { summarizeTrace } from '../../../traces/perfetto/summary.js';
import { writeSyntheticTrace } from '../synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'ohmflow-writer-'));

interface Slice {
  track: WalkedTrack;
  name: string;
  startNs: number;
  endNs: number;
  args: Record<string, unknown>;
}

function readBack(path: string): {
  tracks: WalkedTrack[];
  slices: Slice[];
  root: string | undefined;
  counters: { track: WalkedTrack; value: number; t: number }[];
} {
  const tracks: WalkedTrack[] = [];
  const slices: Slice[] = [];
  const counters: { track: WalkedTrack; value: number; t: number }[] = [];
  const walked = walkTrace(path, {
    track: (track) => tracks.push(track),
    end: (track, name, t, t0, args) => slices.push({ track, name, startNs: t0, endNs: t, args }),
    counter: (track, value, t) => counters.push({ track, value, t }),
  });
  expect(walked.problems).toEqual([]);
  return { tracks, slices, root: walked.rootDescription, counters };
}

function pathOf(track: WalkedTrack): string {
  const names: string[] = [];
  for (let at: WalkedTrack | null = track; at !== null && at.parent !== null; at = at.parent) names.unshift(at.name);
  return names.join('/');
}

describe('PerfettoTraceWriter', () => {
  it('round-trips tracks, slices with annotations and ps times written as trace-ns', () => {
    const path = join(dir, 'roundtrip.pftrace');
    const feed = writeSyntheticTrace(path);
    const { tracks, slices, root } = readBack(path);
    expect(root).toMatch(/1 trace-ns = 1 simulated ps/);
    expect(tracks[0].name).toMatch(/1 trace-ns = 1 simulated ps/);
    const paths = tracks.map(pathOf);
    expect(paths).toContain('tile 0/pe 1/crossbar 0');
    expect(paths).toContain('tile 1/pe 0/adc group 0');
    expect(paths).toContain('layers/conv2');
    const layerSlices = slices.filter((slice) => slice.track.logical.role === 'layer');
    const fed = feed.layerIntervalsPs.map((i) => `${i.layer} ${i.image} ${i.startPs}-${i.endPs}`).sort();
    const read = layerSlices.map((s) => `${s.track.logical.name} ${String(s.args.image)} ${s.startNs}-${s.endNs}`).sort();
    expect(read).toEqual(fed);
    expect(layerSlices.every((s) => s.args.layer === s.track.logical.name)).toBe(true);
  });

  it('reads each slice\'s own arguments when BEGINs share or alternate args objects', () => {
    // The encoder remembers the last args object it read: a shared one, a different one with the
    // same key, one with another key and one it cannot write directly must each come out as given.
    const path = join(dir, 'shared-args.pftrace');
    const w = PerfettoTraceWriter.open(path);
    const track = w.componentTrack(w.tileTrack(0), 'bus', 'bus');
    const image3 = { image: 3 };
    const given: Array<Record<string, number | string>> = [image3, image3, { image: 7 }, image3, { pixel: 5 }, image3, { image: 1, pixel: 2 }, image3, { image: 'x' }, image3];
    given.forEach((args, i) => w.bookSlice(track, 'conv1', i * 10, i * 10, 5, args));
    w.close();
    const read = readBack(path).slices.filter((s) => s.name === 'conv1').sort((a, b) => a.startNs - b.startNs);
    expect(read.map((s) => s.args)).toEqual(given);
  });

  it('puts overlapping activities of one component on slot tracks under it', () => {
    const path = join(dir, 'slots.pftrace');
    writeSyntheticTrace(path);
    const { slices } = readBack(path);
    const adc = slices.filter((s) => pathOf(s.track.logical) === 'tile 0/pe 0/adc group 0');
    const onSlot = adc.filter((s) => s.track !== s.track.logical);
    expect(onSlot.length).toBeGreaterThan(0);
    expect(onSlot[0].track.name).toBe('adc group 0 #2');
    // Per physical track, slices never overlap (they are consecutive, hence trivially nested).
    const byTrack = new Map<WalkedTrack, Slice[]>();
    for (const s of adc) byTrack.set(s.track, [...(byTrack.get(s.track) ?? []), s]);
    for (const list of byTrack.values()) {
      list.sort((a, b) => a.startNs - b.startNs);
      for (let i = 1; i < list.length; i++) expect(list[i].startNs).toBeGreaterThanOrEqual(list[i - 1].endNs);
    }
  });

  it('interns names: each event name string is stored once', () => {
    const path = join(dir, 'interning.pftrace');
    writeSyntheticTrace(path);
    const names: string[] = [];
    let inlineNames = 0;
    for (const { packet } of readTracePackets(path)) {
      for (const entry of packet.internedData?.eventNames ?? []) names.push(entry.name ?? '');
      if (packet.trackEvent?.name !== undefined) inlineNames++;
    }
    expect(inlineNames).toBe(0);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('convert');
  });

  it('marks NoC packets with flow ids', () => {
    const path = join(dir, 'flows.pftrace');
    writeSyntheticTrace(path);
    const flowIds: number[] = [];
    for (const { packet } of readTracePackets(path)) flowIds.push(...(packet.trackEvent?.flowIds ?? []));
    expect(flowIds.length).toBe(9);
    expect(new Set(flowIds).size).toBe(9);
  });

  it('writes byte-identical files for identical calls', () => {
    const a = join(dir, 'det-a.pftrace');
    const b = join(dir, 'det-b.pftrace');
    writeSyntheticTrace(a, { level: 'component', window: { startNs: 2, endNs: 9 } });
    writeSyntheticTrace(b, { level: 'component', window: { startNs: 2, endNs: 9 } });
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
  });

  it('level "layer" keeps layer tracks and chip energy, drops tiles, PEs and components', () => {
    const path = join(dir, 'level-layer.pftrace');
    writeSyntheticTrace(path, { level: 'layer' });
    const { tracks } = readBack(path);
    const roles = new Set(tracks.map((t) => t.role));
    expect(roles.has('layer')).toBe(true);
    expect(roles.has('tile')).toBe(false);
    expect(roles.has('pe')).toBe(false);
    expect(roles.has('component')).toBe(false);
    expect(tracks.some((t) => t.energyFamily === 'kind')).toBe(true);
    expect(tracks.some((t) => t.energyFamily === 'tile')).toBe(false);
  });

  it('level "tile" adds tiles and per-tile energy but no PEs or components', () => {
    const path = join(dir, 'level-tile.pftrace');
    writeSyntheticTrace(path, { level: 'tile' });
    const { tracks } = readBack(path);
    const roles = new Set(tracks.map((t) => t.role));
    expect(roles.has('tile')).toBe(true);
    expect(roles.has('pe')).toBe(false);
    expect(roles.has('component')).toBe(false);
    expect(tracks.some((t) => t.energyFamily === 'tile')).toBe(true);
  });

  it('files grow from coarse to fine levels', () => {
    const sizes = (['layer', 'tile', 'component'] as const).map((level) => {
      const path = join(dir, `size-${level}.pftrace`);
      writeSyntheticTrace(path, { level });
      return statSync(path).size;
    });
    expect(sizes[0]).toBeLessThan(sizes[1]);
    expect(sizes[1]).toBeLessThan(sizes[2]);
  });

  it('a window keeps only [A, B] ns: slices are clipped to it, energy is what was spent inside', () => {
    const path = join(dir, 'window.pftrace');
    const window = { startNs: 5, endNs: 10 };
    const feed = writeSyntheticTrace(path, { window });
    const aPs = window.startNs * 1000;
    const bPs = window.endNs * 1000;
    const { slices, counters } = readBack(path);
    for (const s of slices) {
      expect(s.startNs).toBeGreaterThanOrEqual(aPs);
      expect(s.endNs).toBeLessThanOrEqual(bPs);
      expect(s.endNs).toBeGreaterThan(s.startNs);
    }
    for (const c of counters) expect(c.t >= aPs && c.t <= bPs).toBe(true);
    const expected = feed.layerIntervalsPs
      .filter((i) => i.startPs < bPs && i.endPs > aPs)
      .map((i) => `${i.layer} ${Math.max(i.startPs, aPs)}-${Math.min(i.endPs, bPs)}`)
      .sort();
    expect(expected.some((text) => text.endsWith(`-${bPs}`) || / 5000-/.test(text))).toBe(true); // some are clipped
    const read = slices.filter((s) => s.track.logical.role === 'layer').map((s) => `${s.track.logical.name} ${s.startNs}-${s.endNs}`).sort();
    expect(read).toEqual(expected);

    // Energy fed at t in [A, B]: crossbar+adc at each layer start, router at start + 4600 ps.
    let insidePj = 0;
    for (const i of feed.layerIntervalsPs) {
      if (i.startPs >= aPs && i.startPs <= bPs) insidePj += 12.5 + 3.25;
      if (i.startPs + 4600 >= aPs && i.startPs + 4600 <= bPs) insidePj += 0.75;
    }
    expect(summarizeTrace(path, 'component').totalEnergyPj).toBe(insidePj);
  });

  it('close() ends slices still open at the last time seen', () => {
    const path = join(dir, 'open-at-close.pftrace');
    const writer = PerfettoTraceWriter.open(path);
    const tile = writer.tileTrack(0);
    writer.begin(tile, 'never ended', 100);
    writer.counter(writer.counterTrack(tile, 'occupancy', 'B'), 1, 250);
    writer.close();
    const { slices } = readBack(path);
    expect(slices.map((s) => [s.name, s.startNs, s.endNs])).toEqual([['never ended', 100, 250]]);
  });

  it('refuses time going backwards (the kernel never does that)', () => {
    const writer = PerfettoTraceWriter.open(join(dir, 'backwards.pftrace'));
    const tile = writer.tileTrack(0);
    writer.begin(tile, 'a', 500);
    expect(() => writer.begin(tile, 'b', 400)).toThrow(/went backwards/);
    writer.abort();
  });

  it('abort() removes the partial file', () => {
    const path = join(dir, 'aborted.pftrace');
    const writer = PerfettoTraceWriter.open(path, { flushBytes: 64 });
    const tile = writer.tileTrack(0);
    for (let i = 0; i < 50; i++) writer.slice(tile, 'work', i * 10, 5);
    expect(existsSync(writer.partialPath)).toBe(true);
    writer.abort();
    expect(existsSync(writer.partialPath)).toBe(false);
    expect(existsSync(path)).toBe(false);
  });

  it('writes beside the path until close(): an earlier trace at the path stays whole until the new one is complete', () => {
    const path = join(dir, 'replaced.pftrace');
    writeFileSync(path, 'an earlier trace');
    const writer = PerfettoTraceWriter.open(path, { flushBytes: 64 });
    const tile = writer.tileTrack(0);
    for (let i = 0; i < 50; i++) writer.slice(tile, 'work', i * 10, 5);
    expect(readFileSync(path, 'utf8')).toBe('an earlier trace');
    writer.abort();
    expect(readFileSync(path, 'utf8')).toBe('an earlier trace');
    const again = PerfettoTraceWriter.open(path);
    again.slice(again.tileTrack(0), 'work', 0, 5);
    again.close();
    expect(existsSync(again.partialPath)).toBe(false);
    expect(readBack(path).slices).toHaveLength(1);
  });

  it('streams to disk while writing: buffered bytes stay below the flush size plus one packet', () => {
    const path = join(dir, 'streaming.pftrace');
    const flushBytes = 4096;
    const writer = PerfettoTraceWriter.open(path, { flushBytes });
    const tile = writer.tileTrack(0);
    let maxBufferedBytes = 0;
    for (let i = 0; i < 5000; i++) {
      writer.slice(tile, 'work', i * 10, 5, { image: i });
      maxBufferedBytes = Math.max(maxBufferedBytes, writer.bufferedBytes);
    }
    expect(statSync(writer.partialPath).size).toBeGreaterThan(10 * flushBytes);
    expect(maxBufferedBytes).toBeLessThan(flushBytes + 256);
    writer.close();
  });
});
