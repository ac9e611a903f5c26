// A crossbar layer's copies on its band's tile have each input row first; those on its other tiles
// wait for the row to be multicast to their replica. The band's copies may take a pixel only once
// every replica has its window (pickLane in sim/engine/actors/layer.ts), as the model counts a row
// ready; before, they took the pixels the others had to wait for, well above round-robin's share
// (squeezenet1_0 at one image on the default chip: +5.65% interval, its busiest link carrying
// 289 more packets; docs/ppa-model.md).
import { expect, test } from 'vitest';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { mapNetwork, pixelTimePs } from '../../../hw/mapping/index.js';
import { simulate } from '../../../sim/engine/index.js';
import { inputsFor } from './helpers.js';

test("vgg8 on isaac, one image: conv2's busiest copy computes at most 1.3x its round-robin share", () => {
  const net = getNetwork('vgg8');
  const arch = loadArch('isaac');
  const mapped = mapNetwork(net, arch);
  const r = simulate({ net, mapped, arch, tech: loadTech(arch.tech), inputs: inputsFor(net, 1) });
  const conv2 = mapped.layers.find((l) => l.name === 'conv2')!;
  // Round-robin gives each of the d copies ceil(P / d) of the P pixels, each a pixel time long.
  const sharePs = Math.ceil(conv2.outputPixels / conv2.duplication) * conv2.folds * pixelTimePs(conv2, arch);
  const stagePs = r.layers.find((l) => l.name === 'conv2')!.stagePs;
  // Measured: 1.24x with the rule, 1.45x without (the band tile's copies 42 pixels, round-robin 29).
  expect(stagePs / sharePs).toBeLessThan(1.3);
});
