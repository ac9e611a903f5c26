// The summary reads back exactly the energy that was fed (per kind, layer and tile), and busy time
// as the union of each unit's activity, with the trace's scale rule (trace-ns are ps).
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSummary, summarizeTrace } from '../../../traces/perfetto/summary.js';
import { OhmflowError } from '../../../workloads/errors.js';
import { writeSyntheticTrace } from '../synthetic.js';
import { SLICE_END, validPrelude, writeHandmadeTrace } from './handmade.js';

const dir = mkdtempSync(join(tmpdir(), 'ohmflow-summary-'));

function unionLengthPs(intervals: { startPs: number; endPs: number }[]): number {
  const sorted = [...intervals].sort((a, b) => a.startPs - b.startPs);
  let total = 0;
  let end = -Infinity;
  let start = 0;
  for (const i of sorted) {
    if (i.startPs > end) {
      if (end > -Infinity) total += end - start;
      start = i.startPs;
      end = i.endPs;
    } else end = Math.max(end, i.endPs);
  }
  return end > -Infinity ? total + end - start : 0;
}

describe('trace summary', () => {
  const path = join(dir, 'synthetic.pftrace');
  const feed = writeSyntheticTrace(path);

  it('total energy equals the energy fed', () => {
    expect(summarizeTrace(path, 'component').totalEnergyPj).toBe(feed.totalEnergyPj);
  });

  it('energy per component kind, per layer and per tile equals what was fed for each', () => {
    const cases = [
      ['component', feed.energyPjByKind],
      ['layer', feed.energyPjByLayer],
      ['tile', feed.energyPjByTile],
    ] as const;
    for (const [by, fed] of cases) {
      const read = new Map(summarizeTrace(path, by).rows.map((row) => [row.group, row.energyPj]));
      expect(read).toEqual(fed);
    }
  });

  it('layer busy time is the union of the layer\'s slices, in ns', () => {
    const summary = summarizeTrace(path, 'layer');
    for (const row of summary.rows) {
      const intervals = feed.layerIntervalsPs.filter((i) => i.layer === row.group);
      expect(row.busyNs).toBe(unionLengthPs(intervals) / 1000);
      expect(row.units).toBe(1);
      expect(row.utilization).toBeCloseTo(row.busyNs / summary.spanNs, 12);
    }
  });

  it('groups component instances by kind: 4 ADC groups, 4 crossbars, 1 router', () => {
    const rows = new Map(summarizeTrace(path, 'component').rows.map((row) => [row.group, row]));
    expect(rows.get('adc')?.units).toBe(4);
    expect(rows.get('crossbar')?.units).toBe(4);
    expect(rows.get('router')?.units).toBe(1);
    const adc = rows.get('adc')!;
    expect(adc.utilization!).toBeGreaterThan(0);
    expect(adc.utilization!).toBeLessThanOrEqual(1);
  });

  it('prints totals first, then a table', () => {
    const text = formatSummary(summarizeTrace(path, 'tile'));
    const lines = text.split('\n');
    expect(lines[0]).toContain(`total energy ${feed.totalEnergyPj} pJ`);
    expect(lines[0]).toMatch(/19 ns simulated/);
    expect(text).toMatch(/tile 0/);
    expect(text).toMatch(/chip-level/);
  });

  it('refuses a structurally broken trace with an OhmflowError pointing at `trace check`', () => {
    const broken = join(dir, 'broken.pftrace');
    writeHandmadeTrace(broken, [
      ...validPrelude(),
      { trustedPacketSequenceId: 1, sequenceFlags: 2, timestamp: 5, trackEvent: { type: SLICE_END, trackUuid: 1 } },
    ]);
    expect(() => summarizeTrace(broken, 'layer')).toThrow(OhmflowError);
    expect(() => summarizeTrace(broken, 'layer')).toThrow(/trace check/);
  });
});
