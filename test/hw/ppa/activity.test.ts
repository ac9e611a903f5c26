// Input activity: the DACs drive a row only for the input planes whose digit is not 0. The model
// takes an activity factor (0.5 assumed, or measured per layer by the integer reference); the
// engine counts drives from the data it moves. Measured on the same images, the two counts agree.
import { describe, expect, test } from 'vitest';
import { measureInputActivity, estimate, ASSUMED_ACTIVITY } from '../../../hw/ppa/index.js';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { crossbarConversion, mapNetwork } from '../../../hw/mapping/index.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { simulate } from '../../../sim/engine/index.js';
import { inputsFor } from '../../sim/engine/helpers.js';

describe('DAC row drives, model against engine', () => {
  test.each([
    ['lenet5', 'rram-lossless-32nm', 'im2col'],
    ['vgg8', 'neurosim-vgg8', 'kernel-split'],
    ['mlp', 'rram-slc-differential', 'im2col'],
  ] as const)('%s on %s (%s): the measured activity makes the counts equal, layer by layer', (name, preset, mapping) => {
    const net = getNetwork(name);
    const arch = loadArch(preset);
    const mapped = mapNetwork(net, arch, { mapping });
    const inputs = inputsFor(net, name === 'vgg8' ? 1 : 2);
    // On a lossy chip the engine moves the ADC-aware reference's tensors: measure on those.
    const activity = measureInputActivity(net, mapped, arch, inputs, crossbarConversion(arch, mapped));
    expect(activity.source).toBe('measured');
    expect(activity.defaultActivity).toBeGreaterThan(0);
    expect(activity.defaultActivity).toBeLessThan(1);
    const a = estimate(mapped, arch, loadTech(arch.tech), { activity });
    const r = simulate({ net, mapped, arch, tech: loadTech(arch.tech), inputs, fidelity: 'adc' });
    a.layers.forEach((l, i) => {
      if (l.engine !== 'crossbar') return;
      expect(r.layers[i].tally.dacConversions / inputs.length).toBeCloseTo(l.opCounts.dacConversions, 6);
    });
    // The assumed 0.5 gives a different count: the measurement matters.
    const assumed = estimate(mapped, arch, loadTech(arch.tech), { activity: ASSUMED_ACTIVITY });
    const total = (x: typeof a) => x.layers.reduce((s, l) => s + l.opCounts.dacConversions, 0);
    expect(total(assumed)).not.toBeCloseTo(total(a), 0);
  }, 120_000);
});
