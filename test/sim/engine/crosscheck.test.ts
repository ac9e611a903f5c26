// The engine against the analytical model on the default preset. Dynamic energy comes from the
// same operations counted as they happen, so per-component energy agrees within 1% except where
// the engine sees traffic the closed form does not (the NoC: each copy sends from its own tile).
// Timing agrees where the pipeline is compute-bound (VGG-8's interval); where a shared resource
// is the bottleneck (LeNet-5: one avgPool unit on tile 4 serves both s2 and s4) the engine
// measures the waiting a contention-free formula misses.
import { describe, expect, test } from 'vitest';
import { loadTech } from '../../../hw/tech/index.js';
import { estimate } from '../../../hw/ppa/index.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { simulatedReport, crosscheckReport } from '../../../sim/engine/report.js';
import { loadArch, parseArch } from '../../../hw/arch/index.js';
import { run } from './helpers.js';

function crosscheck(name: string, images: number) {
  const r = run(name, { images });
  const analytical = estimate(mapNetwork(r.net, r.arch), r.arch, loadTech(r.arch.tech));
  const simulated = simulatedReport(r.result, analytical);
  return { r, analytical, simulated, c: crosscheckReport(simulated, analytical) };
}

describe('lenet5 on the default preset', () => {
  const images = 16;
  const { r, analytical, c } = crosscheck('lenet5', images);

  test.each(['crossbar', 'dac', 'sampleHold', 'adc', 'shiftAdd', 'buffer', 'bus', 'activation', 'pool', 'requantize'])(
    '%s dynamic energy per image is within 1% of the analytical model',
    (kind) => {
      const err = c.energyByKindErrPct[kind];
      expect(err).not.toBeNull();
      expect(Math.abs(err!)).toBeLessThan(1);
    },
  );

  test('router energy differs: packets leave from each copy\'s own tile, not from the layer\'s last tile', () => {
    expect(r.result.energyPj.router).toBeGreaterThan(0);
    expect(Math.abs(c.energyByKindErrPct.router!)).toBeGreaterThan(1);
    // Router energy is about 1% of the total, so the total still agrees closely.
    expect(Math.abs(c.dynamicEnergyErrPct!)).toBeLessThan(1);
  });

  test('the one avgPool unit of tile 4, shared by s2 and s4, is busier per image than the analytical interval', () => {
    const busyPs = r.result.stats.find((s) => s.name === 'tile4.avgPoolBusyPs')!.value / images;
    expect(busyPs).toBeGreaterThan(analytical.intervalNs * 1e3);
    expect(c.intervalErrPct!).toBeGreaterThan(2);
  });

  test('the first image takes longer than the analytical fill (measured, not a target)', () => {
    expect(c.latencyErrPct!).toBeGreaterThan(0);
  });
});

describe('vgg8 on the default preset', () => {
  test('the steady-state interval is within 5% of the analytical model and energy within 1%', () => {
    const { c } = crosscheck('vgg8', 2);
    expect(Math.abs(c.intervalErrPct!)).toBeLessThan(5);
    expect(Math.abs(c.dynamicEnergyErrPct!)).toBeLessThan(1);
  }, 60_000);
});

describe('a contention configuration: the default chip with 1-bit NoC links', () => {
  test('the engine measures NoC waiting that the contention-free analytical interval misses, and names it', () => {
    const base = loadArch();
    const arch = parseArch({ ...base, name: 'neurosim-rram-narrow-noc', noc: { ...base.noc, linkBandwidthBitsPerCycle: 1 } }, 'test: narrow NoC');
    const images = 4;
    const r = run('lenet5', { arch, images });
    const analytical = estimate(mapNetwork(r.net, arch), arch, loadTech(arch.tech));
    const c = crosscheckReport(simulatedReport(r.result, analytical), analytical);
    // 32-bit flits take 32 cycles per link: c1's packets (2 flits each) queue on the links into
    // s2's tiles; with no back-pressure yet, the queues grow and so does every image's latency.
    expect(r.mismatches).toBe(0);
    expect(c.latencyErrPct!).toBeGreaterThan(100);
    expect(c.intervalErrPct!).toBeGreaterThan(50);
    expect(c.waits[0]).toMatchObject({ layer: 'c1', resource: 'noc' });
  });
});
