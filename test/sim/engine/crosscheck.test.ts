// The engine against the analytical model on the default preset. Dynamic energy comes from the
// same operations counted as they happen, so per-component energy agrees within 1%.
// Timing agrees where the pipeline is compute-bound (VGG-8's interval); LeNet-5's pace is set by
// one avgPool unit on tile 4 serving both s2 and s4, which the analytical model now accounts for.
import { describe, expect, test } from 'vitest';
import { loadTech } from '../../../hw/tech/index.js';
import { estimate, measureInputActivity } from '../../../hw/ppa/index.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { simulatedReport, crosscheckReport } from '../../../traces/report/runReport.js';
import { expectNearModel, inputsFor, run } from './helpers.js';

function crosscheck(name: string, images: number) {
  const r = run(name, { images });
  // The model counts DAC row drives at the input activity of the same images, as simulate does.
  const mapped = mapNetwork(r.net, r.arch);
  const activity = measureInputActivity(r.net, mapped, r.arch, inputsFor(r.net, images));
  const analytical = estimate(mapped, r.arch, loadTech(r.arch.tech), { activity });
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

  test('router energy agrees too: the analytical model now sends packets from each copy\'s own tile, as the engine does', () => {
    expect(r.result.energyPj.router).toBeGreaterThan(0);
    expect(Math.abs(c.energyByKindErrPct.router!)).toBeLessThan(1);
    expect(Math.abs(c.dynamicEnergyErrPct!)).toBeLessThan(1);
  });

  test('the one avgPool unit of tile 4, shared by s2 and s4, is busy for at least the analytical interval per image (it sets the pace)', () => {
    const busyPs = r.result.stats.find((s) => s.name === 'tile4.avgPoolBusyPs')!.value / images;
    expect(busyPs).toBeGreaterThanOrEqual(analytical.intervalNs * 1e3);
  });

  test('the first image takes longer than the analytical fill (measured, not a target)', () => {
    expect(c.latencyErrPct!).toBeGreaterThan(0);
  });
});

describe('vgg8 on the default preset', () => {
  test('the steady-state interval is within 5% of the analytical model and energy within 1%', () => {
    const { c } = crosscheck('vgg8', 2);
    expectNearModel('vgg8', c, 5, 1, 'dynamicEnergyErrPct');
  }, 60_000);
});

// The NoC-bound configuration lives in contention.test.ts (hw/arch/presets/contention.json).
