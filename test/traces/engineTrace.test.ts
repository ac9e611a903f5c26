// The engine's trace (simulate with the activity hooks and the kernel sink on one writer): its
// energy adds up to the report's, it is byte-identical run to run, it passes the checker at every
// level, and its summary reads as busy time with utilization at most 100%.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getNetwork } from '../../workloads/zoo/index.js';
import { loadArch } from '../../hw/arch/index.js';
import { loadTech } from '../../hw/tech/index.js';
import type { TechTable } from '../../hw/tech/schema.js';
import { mapNetwork } from '../../hw/mapping/index.js';
import { estimate } from '../../hw/ppa/index.js';
import { simulate } from '../../sim/engine/index.js';
import { simulatedReport } from '../../traces/report/runReport.js';
import { openEngineTrace } from '../../traces/perfetto/engineSink.js';
import type { TraceLevel, TraceWindowNs } from '../../traces/perfetto/options.js';
import { checkTrace } from '../../traces/perfetto/check.js';
import { summarizeTrace } from '../../traces/perfetto/summary.js';
import { SUMMARY_GROUPINGS } from '../../traces/perfetto/summaryGroupings.js';
import { inputsFor } from '../sim/engine/helpers.js';
import { LOSSLESS } from '../losslessArch.js';

const dir = mkdtempSync(join(tmpdir(), 'ohmflow-engine-trace-'));

function tracedLenet(file: string, o: { level?: TraceLevel; window?: TraceWindowNs; tech?: TechTable; images?: number } = {}) {
  const net = getNetwork('lenet5');
  const arch = loadArch(LOSSLESS);
  const tech = o.tech ?? loadTech(arch.tech);
  const mapped = mapNetwork(net, arch, {});
  const images = o.images ?? 2;
  const trace = openEngineTrace(file, { ...(o.level === undefined ? {} : { level: o.level }), window: o.window ?? null, title: 'lenet5 test' });
  const result = simulate({ net, mapped, arch, tech, inputs: inputsFor(net, images), trace: trace.kernel, activityTrace: trace.activity });
  trace.writer.close();
  return { result, simulated: simulatedReport(result, estimate(mapped, arch, tech)), images, hooks: trace.activity.summary! };
}

/** The default tech table with leaking crossbars, so that the report's leakage is not zero. */
function leakyTech(): TechTable {
  const tech = structuredClone(loadTech(loadArch(LOSSLESS).tech)) as unknown as { components: { crossbar: { rows: Array<{ leakageMw: { value: number } }> } } };
  tech.components.crossbar.rows[0].leakageMw.value = 0.05;
  return tech as unknown as TechTable;
}

const relErr = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('engine trace', () => {
  const file = join(dir, 'lenet5.pftrace');
  const run = tracedLenet(file, { tech: leakyTech() });

  it('sums to the report: trace energy = simulated.energyPjPerImage x images (leakage included)', () => {
    expect(run.simulated.energyPjPerImage).toBeGreaterThan(run.simulated.dynamicEnergyPjPerImage); // the set-up leaks
    const summary = summarizeTrace(file, 'component');
    expect(relErr(summary.totalEnergyPj, run.simulated.energyPjPerImage * run.images)).toBeLessThan(1e-9);
    // Every pJ reached the trace at an engine call site, none in the reconciliation at the end.
    expect(run.hooks.unattributedPj).toBe(0);
  });

  it('splits the energy three ways that agree: by kind as the report breakdown, by tile and by layer (leakage is no layer\'s)', () => {
    const byKind = summarizeTrace(file, 'component');
    for (const [kind, pjPerImage] of Object.entries(run.simulated.breakdown.energyPj)) {
      const row = byKind.rows.find((r) => r.group === kind);
      if (pjPerImage === 0) continue;
      expect(relErr(row!.energyPj, pjPerImage * run.images)).toBeLessThan(1e-9);
    }
    const tileSum = summarizeTrace(file, 'tile').rows.reduce((s, r) => s + r.energyPj, 0);
    const layerSum = summarizeTrace(file, 'layer').rows.reduce((s, r) => s + r.energyPj, 0);
    expect(relErr(tileSum, byKind.totalEnergyPj)).toBeLessThan(1e-9);
    expect(relErr(layerSum, run.simulated.dynamicEnergyPjPerImage * run.images)).toBeLessThan(1e-9);
  });

  it('passes the structural checker and shows busy time with utilization in (0, 100%] per layer, tile and component', () => {
    expect(checkTrace(file).ok).toBe(true);
    for (const by of SUMMARY_GROUPINGS) {
      const active = summarizeTrace(file, by).rows.filter((r) => r.units > 0);
      expect(active.length).toBeGreaterThan(0);
      for (const row of active) {
        expect(row.busyNs).toBeGreaterThan(0);
        expect(row.utilization!).toBeGreaterThan(0);
        expect(row.utilization!).toBeLessThanOrEqual(1);
      }
    }
    const kinds = summarizeTrace(file, 'component').rows.filter((r) => r.units > 0).map((r) => r.group);
    expect(kinds).toEqual(expect.arrayContaining(['crossbar', 'adc', 'buffer', 'bus', 'requantize', 'router']));
  });

  it('is byte-identical for the same network, arch, seed and flags', () => {
    const again = join(dir, 'lenet5-again.pftrace');
    tracedLenet(again, { tech: leakyTech() });
    expect(readFileSync(again).equals(readFileSync(file))).toBe(true);
  });

  it('grows with the level, each level valid and with the same total energy; a window keeps a part', () => {
    const sizes: number[] = [];
    for (const level of ['layer', 'tile'] as const) {
      const path = join(dir, `lenet5-${level}.pftrace`);
      const r = tracedLenet(path, { level, images: 1 });
      expect(checkTrace(path).ok).toBe(true);
      expect(relErr(summarizeTrace(path, 'layer').totalEnergyPj, r.simulated.energyPjPerImage)).toBeLessThan(1e-9);
      sizes.push(statSync(path).size);
    }
    const full = join(dir, 'lenet5-component-1.pftrace');
    tracedLenet(full, { images: 1 });
    sizes.push(statSync(full).size);
    expect(sizes[0]).toBeLessThan(sizes[1]);
    expect(sizes[1]).toBeLessThan(sizes[2]);

    const windowed = join(dir, 'lenet5-window.pftrace');
    tracedLenet(windowed, { images: 1, window: { startNs: 1000, endNs: 2000 } });
    expect(checkTrace(windowed).ok).toBe(true);
    const summary = summarizeTrace(windowed, 'component');
    expect(summary.startNs).toBeGreaterThanOrEqual(1000);
    expect(summary.endNs).toBeLessThanOrEqual(2000);
    expect(statSync(windowed).size).toBeLessThan(sizes[2]);
  });
});
