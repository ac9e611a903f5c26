// Kernel-split (Peng, Liu, Yu 2020) vs im2col on ResNet-34. The paper reports ~2.03x speed-up and
// ~1.4x energy efficiency on its own design; the numbers here are printed, and only what follows
// from the mapping is asserted.
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/load.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { estimate } from '../../../hw/ppa/index.js';
import { getNetwork } from '../../../workloads/zoo/index.js';

describe('kernel-split vs im2col on ResNet-34', () => {
  const net = getNetwork('resnet34');
  for (const archName of ['isaac', 'rram-lossless-32nm']) {
    it(`reads fewer inputs, and converts no more columns where Cin fills whole arrays (${archName})`, () => {
      const arch = loadArch(archName);
      const tech = loadTech(arch.tech);
      // rram-lossless-32nm holds ResNet-34 only with reloading; batches of 16 amortize the writes.
      const fit = { reload: true, batch: 16 };
      // Same copies (none) so the comparison is of the mappings alone.
      const im = estimate(mapNetwork(net, arch, { mapping: 'im2col', dup: 'none', ...fit }), arch, tech);
      const ks = estimate(mapNetwork(net, arch, { mapping: 'kernel-split', dup: 'none', ...fit }), arch, tech);
      const imAuto = estimate(mapNetwork(net, arch, { mapping: 'im2col', ...fit }), arch, tech);
      const ksAuto = estimate(mapNetwork(net, arch, { mapping: 'kernel-split', ...fit }), arch, tech);
      expect(ks.opCounts.bufferReads).toBeLessThan(im.opCounts.bufferReads);
      const rows = arch.tile.pe.crossbar.rows;
      const mapped = mapNetwork(net, arch, { dup: 'none', ...fit });
      for (const l of mapped.layers) {
        if (l.kind !== 'conv2d' || l.inShape[0] % rows !== 0) continue;
        const a = im.layers.find((x) => x.name === l.name)!.opCounts.adcConversions;
        const b = ks.layers.find((x) => x.name === l.name)!.opCounts.adcConversions;
        expect(b).toBeLessThanOrEqual(a);
      }
      const line = (x: typeof im, y: typeof im) => `speed-up ${(x.intervalNs / y.intervalNs).toFixed(2)}x, energy efficiency ${(y.topsPerW / x.topsPerW).toFixed(2)}x`;
      process.stdout.write(`ResNet-34 on ${archName}, kernel-split vs im2col: dup none ${line(im, ks)}; dup auto ${line(imAuto, ksAuto)} (paper: 2.03x, 1.4x)\n`);
    });
  }
});
