// Line-buffer sizing for producers that make several rows at once (sim/engine/bandLead.ts): a
// pool split into bands on its producer's tiles, each band on its own row, and a crossbar layer
// whose copies span rows. Without room for those rows the consumer's buffer refused the bands'
// rows out of order and they ran one at a time (squeezenet1_0 at eight images: +407% interval
// against the model, +13.2% with the room; docs/ppa-model.md).
import { describe, expect, test } from 'vitest';
import { Simulator } from '../../../sim/kernel/index.js';
import { buildGraph } from '../../../sim/engine/build.js';
import { bandLeadBits, rowsAtOnce } from '../../../sim/engine/bandLead.js';
import { rowDemands, skewedWindowBits } from '../../../sim/engine/rowSkew.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { loadArch } from '../../../hw/arch/index.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { run, expectAgreement } from './helpers.js';

describe('rows made at once (vgg8 on the default chip)', () => {
  const net = getNetwork('vgg8');
  const arch = loadArch();
  const g = buildGraph(new Simulator(), net, mapNetwork(net, arch, {}), arch, 'exact');
  const atOnce = rowsAtOnce(g.actors);
  const byName = (name: string) => g.actors.find((a) => a?.mapped.name === name)!;

  test('a pool with one single-lane band per tile makes one row per band; a crossbar layer, one band, one row', () => {
    const pool = byName('pool1');
    expect(pool.bands.length).toBeGreaterThan(1);
    for (const b of pool.bands) expect(b.lanes.length).toBe(1);
    expect(atOnce[pool.index]).toBe(pool.bands.length);
    expect(atOnce[byName('conv2').index]).toBe(1);
  });

  test("the pool's consumer holds, beyond its window and a row being written, one row per band but one", () => {
    const conv3 = byName('conv3');
    expect(g.actors[conv3.producers[0]]).toBe(byName('pool1'));
    const s = conv3.slots[0];
    const rowBits = s.c * s.w * arch.precision.inputBits;
    const lead = (byName('pool1').bands.length - 1) * rowBits;
    expect(bandLeadBits(conv3, atOnce)).toBe(lead);
    const window = skewedWindowBits(conv3, 0, rowDemands(g.actors));
    expect(conv3.minBufferBits(0, rowDemands(g.actors), atOnce)).toBeCloseTo((window + lead + rowBits) * conv3.lineFraction, 6);
  });

  test('a layer fed by a single-band producer or by the network input holds no lead', () => {
    expect(bandLeadBits(byName('conv2'), atOnce)).toBe(0);
    expect(bandLeadBits(byName('conv1'), atOnce)).toBe(0);
  });
});

describe('resnet18 at 80x80 on isaac, four images', () => {
  test('interval within 10% of the model and energy within 1%, outputs bit-exact', () => {
    // Sized for windows and skew alone, the max pool's one-band consumer (layer1.0.conv1) admitted
    // one row beyond its window, so the pool's bands on the stem's tiles worked one at a time and
    // the stem's lanes held their pixels: +77% interval.
    const images = 4;
    const r = run('resnet18', { arch: loadArch('isaac'), resolution: 80, images });
    expectAgreement(r, 10);
  }, 120_000);
});
