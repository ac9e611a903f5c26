// NoC link load in the engine's trace: on the `contention` preset (1-bit links, so packets queue),
// a component-level trace of lenet5 holds one counter track per used link, named by its endpoints
// under "noc", with non-negative flit counts that drain to 0, sampled no finer than the energy
// counters; the file passes the checker and is byte-identical run to run.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getNetwork } from '../../workloads/zoo/index.js';
import { loadArch } from '../../hw/arch/index.js';
import { loadTech } from '../../hw/tech/index.js';
import { mapNetwork } from '../../hw/mapping/index.js';
import { simulate } from '../../sim/engine/index.js';
import { ENERGY_SAMPLE_PS, openEngineTrace } from '../../traces/perfetto/engineSink.js';
import { checkTrace } from '../../traces/perfetto/check.js';
import { readTracePackets } from '../../traces/perfetto/reader.js';
import { inputsFor } from '../sim/engine/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ohmflow-link-load-'));

function traceContention(file: string): void {
  const net = getNetwork('lenet5');
  const arch = loadArch('contention');
  const trace = openEngineTrace(file, { level: 'component', window: null, title: 'lenet5 contention' });
  simulate({
    net, mapped: mapNetwork(net, arch, {}), arch, tech: loadTech(arch.tech), inputs: inputsFor(net, 2), trace: trace.kernel, activityTrace: trace.activity,
  });
  trace.writer.close();
}

/** Link-load counter tracks (name -> parent name and samples), read back from the file. */
function linkCounters(file: string): Map<string, { parent: string; samples: Array<{ t: number; v: number }> }> {
  const names = new Map<number, string>();
  const parents = new Map<number, number>();
  const links = new Map<number, { name: string; samples: Array<{ t: number; v: number }> }>();
  for (const { packet } of readTracePackets(file)) {
    const d = packet.trackDescriptor;
    if (d?.uuid !== undefined) {
      names.set(d.uuid, d.name ?? '');
      if (d.parentUuid !== undefined) parents.set(d.uuid, d.parentUuid);
      if (d.counter !== undefined && /^link \(\d+,\d+\)->/.test(d.name ?? '')) links.set(d.uuid, { name: d.name!, samples: [] });
    }
    const e = packet.trackEvent;
    const link = e?.trackUuid === undefined ? undefined : links.get(e.trackUuid);
    if (link !== undefined) link.samples.push({ t: packet.timestamp ?? 0, v: e!.doubleCounterValue ?? e!.counterValue ?? 0 });
  }
  return new Map([...links].map(([uuid, l]) => [l.name, { parent: names.get(parents.get(uuid)!) ?? '', samples: l.samples }]));
}

describe('NoC link load counters (lenet5, contention preset, level component)', () => {
  const file = join(dir, 'lenet5-contention.pftrace');
  traceContention(file);
  const links = linkCounters(file);

  it('are one counter track per used link, named by its endpoints, under "noc"', () => {
    expect(links.size).toBeGreaterThan(1);
    for (const [name, l] of links) {
      expect(name).toMatch(/^link \(\d+,\d+\)->(\(\d+,\d+\)|tile \d+) \(flits\)$/);
      expect(l.parent).toBe('noc');
    }
    // Router-to-router links step to a neighbour.
    for (const name of links.keys()) {
      const m = /^link \((\d+),(\d+)\)->\((\d+),(\d+)\)/.exec(name);
      if (m !== null) expect(Math.abs(+m[1] - +m[3]) + Math.abs(+m[2] - +m[4])).toBe(1);
    }
  });

  it('hold non-negative loads that drain to 0, the busiest link peaking above 0, sampled no finer than the energy counters', () => {
    let busiest = 0;
    for (const { samples } of links.values()) {
      expect(samples.length).toBeGreaterThan(1);
      for (const s of samples) {
        expect(Number.isInteger(s.v)).toBe(true);
        expect(s.v).toBeGreaterThanOrEqual(0);
        busiest = Math.max(busiest, s.v);
      }
      expect(samples.at(-1)!.v).toBe(0);
      // After the first value (0, when the link is first used), samples lie a period apart
      // (the last one, at the end of the run, may come sooner).
      const steps = samples.slice(1, -1);
      for (let i = 1; i < steps.length; i++) expect(steps[i].t - steps[i - 1].t).toBeGreaterThanOrEqual(ENERGY_SAMPLE_PS.component);
    }
    // 1-bit links: every packet is many flits, and they queue on the busiest link.
    expect(busiest).toBeGreaterThan(0);
  });

  it('passes `trace check` and is byte-identical when the run is repeated', () => {
    const report = checkTrace(file);
    expect(report.ok).toBe(true);
    const again = join(dir, 'again.pftrace');
    traceContention(again);
    expect(readFileSync(again).equals(readFileSync(file))).toBe(true);
  });
});
