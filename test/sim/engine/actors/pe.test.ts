// PE actors (sim/engine/actors/pe.ts): when one ADC serves several crossbars, the copies whose
// crossbars share it queue for it round by round. The serialization shows in the run's timing, in
// the PE's statistics and in the trace, the data path stays bit-exact, and the analytical model
// (hw/timing.ts sharedAdcPixelPs) predicts the interval the engine measures.
import { describe, expect, test } from 'vitest';
import { loadArch, parseArch, type Arch } from '../../../../hw/arch/index.js';
import { loadTech } from '../../../../hw/tech/index.js';
import { estimate, measureInputActivity } from '../../../../hw/ppa/index.js';
import { mapNetwork } from '../../../../hw/mapping/index.js';
import { simulatedReport, crosscheckReport } from '../../../../traces/report/runReport.js';
import { getNetwork } from '../../../../workloads/zoo/index.js';
import { simulate } from '../../../../sim/engine/index.js';
import type { EnergySums, EngineTraceTarget, TraceDetail } from '../../../../sim/engine/traceHooks.js';
import { presetJson } from '../../../hw/arch/presetJson.js';
import { LOSSLESS } from '../../../losslessArch.js';
import { expectNearModel, inputsFor, run } from '../helpers.js';

/** The lossless chip with each ADC serving `columnsPerAdc` columns (8: its own, private). */
function withAdcColumns(columnsPerAdc: number): Arch {
  const json = presetJson(LOSSLESS);
  delete (json.tile.pe.adc as { count?: number }).count;
  json.tile.pe.adc.columnsPerAdc = columnsPerAdc;
  return parseArch(json, `lossless-adc-${columnsPerAdc}`);
}

function statSum(stats: ReadonlyArray<{ name: string; value: number }>, suffix: string): number {
  return stats.filter((s) => s.name.endsWith(suffix)).reduce((sum, s) => sum + s.value, 0);
}

describe('an ADC shared across crossbars', () => {
  const images = 2;
  const runs = [8, 256, 512].map((columns) => run('lenet5', { arch: withAdcColumns(columns), images }));

  test('the output stays bit-exact against the integer reference', () => {
    for (const r of runs) expect(r.mismatches, r.arch.name).toBe(0);
  });

  test('serializes conversions: the fewer ADCs, the longer the interval', () => {
    const [priv, two, four] = runs.map((r) => r.result.intervalPs);
    expect(two).toBeGreaterThan(priv * 4);
    expect(four).toBeGreaterThan(two * 1.5);
  });

  test('exists as PE actors only when shared, whose conversions are those the layers count', () => {
    expect(runs[0].result.stats.some((s) => /^pe\d+\./.test(s.name))).toBe(false);
    for (const r of runs.slice(1)) {
      const counted = r.result.layers.reduce((s, l) => s + l.tally.adcConversions, 0);
      expect(statSum(r.result.stats, '.adcConversions')).toBe(counted);
      expect(statSum(r.result.stats, '.adcBusyPs')).toBeGreaterThan(0);
    }
  });

  test('copies straddling one ADC wait for each other', () => {
    // Duplicated LeNet-5 layers place copies side by side, so some ADC groups hold two copies.
    expect(statSum(runs[1].result.stats, '.adcWaitPs')).toBeGreaterThan(0);
  });
});

describe('the analytical model accounts for the shared ADCs', () => {
  test.each([256, 512])('resnet18 at 32 px, ADCs of %i columns: interval within 2%, energy within 1%', (columns) => {
    const arch = withAdcColumns(columns);
    const r = run('resnet18', { arch, resolution: 32, images: 2 });
    const mapped = mapNetwork(r.net, arch);
    const activity = measureInputActivity(r.net, mapped, arch, inputsFor(r.net, 2));
    const analytical = estimate(mapped, arch, loadTech(arch.tech), { activity });
    const c = crosscheckReport(simulatedReport(r.result, analytical), analytical);
    expectNearModel(r.net.name, c, 2, 1, 'dynamicEnergyErrPct');
  }, 60_000);
});

class Recording implements EngineTraceTarget {
  readonly energySamplePs = 1_000_000;
  readonly names: string[] = [];
  readonly slices = new Map<string, number>();
  early = 0;
  opened = 0;
  closed = 0;
  constructor(readonly detail: TraceDetail) {}
  tileTrack(tile: number): number {
    return this.componentTrack(tile, null, 'tile');
  }
  componentTrack(_tile: number | null, _pe: number | null, name: string): number {
    this.names.push(name);
    return this.names.length - 1;
  }
  counterTrack(tile: number | null, name: string): number {
    return this.componentTrack(tile, null, name);
  }
  activity(track: number, nowPs: number, startPs: number): void {
    const kind = this.names[track].replace(/\d+/g, 'N');
    this.slices.set(kind, (this.slices.get(kind) ?? 0) + 1);
    if (startPs < nowPs) this.early++;
  }
  beginActivity(): number {
    return this.opened++;
  }
  endActivity(): void {
    this.closed++;
  }
  counter(): void {}
  energy(_sums: EnergySums): void {}
  newFlowId(): number {
    return 1;
  }
}

describe('the trace shows the rounds the PEs ran', () => {
  test('one ADC slice and one crossbar slice per round, each pixel a lane slice opened and closed', () => {
    const arch = withAdcColumns(256);
    const net = getNetwork('lenet5');
    const mapped = mapNetwork(net, arch);
    const target = new Recording('component');
    const traced = simulate({ net, mapped, arch, tech: loadTech(arch.tech), inputs: inputsFor(net, 1), activityTrace: target });
    const plain = simulate({ net, mapped, arch, tech: loadTech(arch.tech), inputs: inputsFor(net, 1) });
    expect(traced.intervalPs).toBe(plain.intervalPs);
    expect(traced.outputs).toEqual(plain.outputs);
    // Every conversion round is one ADC slice; the PEs' statistics count the same rounds' columns.
    const rounds = target.slices.get('adc N') ?? 0;
    expect(rounds).toBeGreaterThan(0);
    expect(target.slices.get('crossbars of adc N')).toBe(rounds);
    const crossbarPixels = mapped.layers.filter((l) => l.engine === 'crossbar').reduce((s, l) => s + l.outputPixels, 0);
    expect(target.opened).toBe(crossbarPixels);
    expect(target.closed).toBe(target.opened);
    expect(target.early).toBe(0);
  });

  test('private ADCs keep one crossbar and one ADC slice per PE of a copy per pixel', () => {
    const arch = loadArch(LOSSLESS);
    const net = getNetwork('lenet5');
    const target = new Recording('component');
    simulate({ net, mapped: mapNetwork(net, arch), arch, tech: loadTech(arch.tech), inputs: inputsFor(net, 1), activityTrace: target });
    expect(target.slices.get('adc')).toBe(target.slices.get('crossbars'));
    expect(target.slices.get('adc N')).toBeUndefined();
    expect(target.opened).toBe(0);
  });
});
