// Line-buffer sizing for producers that make several rows at once (sim/engine/bandLead.ts): a
// pool split into bands on its producer's tiles, each band on its own row, and a crossbar layer
// whose copies span rows. Without room for those rows the consumer's buffer refused the bands'
// rows out of order and they ran one at a time (squeezenet1_0 at eight images: +407% interval
// against the model, +15.0% with the room; docs/ppa-model.md).
import { describe, expect, test } from 'vitest';
import { Simulator } from '../../../sim/kernel/index.js';
import { buildGraph } from '../../../sim/engine/build.js';
import { bandLeadBits, rowsAtOnce } from '../../../sim/engine/bandLead.js';
import { rowDemands, skewedWindowBits } from '../../../sim/engine/rowSkew.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { loadArch } from '../../../hw/arch/index.js';
import { mapNetwork } from '../../../hw/mapping/index.js';

describe('rows made at once (vgg8 on the default chip)', () => {
  const net = getNetwork('vgg8');
  const arch = loadArch();
  const g = buildGraph(new Simulator(), net, mapNetwork(net, arch, {}), arch, 'exact');
  const atOnce = rowsAtOnce(g.actors);
  const byName = (name: string) => g.actors.find((a) => a?.mapped.name === name)!;

  test('a pool with one single-lane band per tile makes one row per band; copies span the rows their count covers', () => {
    const pool = byName('pool1');
    expect(pool.bands.length).toBeGreaterThan(1);
    for (const b of pool.bands) expect(b.lanes.length).toBe(1);
    expect(atOnce[pool.index]).toBe(pool.bands.length);
    // conv1: one band of 13 copies over 32-pixel rows: consecutive pixels span at most two rows.
    const conv = byName('conv1');
    expect(conv.bands.length).toBe(1);
    expect(conv.lanes.length).toBeLessThan(conv.out.w);
    expect(atOnce[conv.index]).toBe(2);
  });

  test("the pool's consumer holds, beyond its window and a row being written, one row per band but one", () => {
    const conv3 = byName('conv3');
    expect(g.actors[conv3.producers[0]]).toBe(byName('pool1'));
    const s = conv3.slots[0];
    const rowBits = s.c * s.w * arch.precision.inputBits;
    const lead = (atOnce[conv3.producers[0]] - 1) * rowBits;
    expect(bandLeadBits(conv3, 0, atOnce)).toBe(lead);
    const window = skewedWindowBits(conv3, 0, rowDemands(g.actors));
    expect(conv3.minBufferBits(0, rowDemands(g.actors), atOnce)).toBeCloseTo((window + lead + rowBits) * conv3.lineFraction, 6);
  });

  test('a band of a consumer split into bands holds part of the lead, never more than one band alone would', () => {
    // pool1 reads conv2 (one band of 13 copies spanning two 32-pixel rows) in nine bands.
    const pool1 = byName('pool1');
    const s = pool1.slots[0];
    const rowBits = s.c * s.w * arch.precision.inputBits;
    const whole = (atOnce[pool1.producers[0]] - 1) * rowBits;
    expect(whole).toBeGreaterThan(0);
    let sum = 0;
    pool1.bands.forEach((_, bi) => {
      const bits = bandLeadBits(pool1, bi, atOnce);
      expect(bits).toBeGreaterThan(0);
      expect(bits).toBeLessThanOrEqual(whole);
      sum += bits;
    });
    expect(sum).toBeGreaterThanOrEqual(whole);
  });

  test('a layer fed only by the network input holds no lead (the input is injected whole)', () => {
    expect(bandLeadBits(byName('conv1'), 0, atOnce)).toBe(0);
  });
});
