// Two rules that keep a pipeline's slowest layer busy when a faster producer shares its tiles
// (resnet18 on the default chip: the stem and the max pool on tiles 0-3): a line buffer has room
// for its whole next window while it reads the current one (sim/engine/nextWindow.ts), and each
// layer sending from a tile has its own share of the tile's output buffer
// (sim/engine/outputShares.ts). With either alone the pool's bands idled: +13.2% interval at
// three images of resnet18 at 224x224, +10.9% at 192x192 (docs/ppa-model.md).
import { describe, expect, test } from 'vitest';
import { Simulator } from '../../../sim/kernel/index.js';
import { buildGraph } from '../../../sim/engine/build.js';
import { nextWindowBits } from '../../../sim/engine/nextWindow.js';
import { remoteBitHopsByTile, sendersByTile } from '../../../sim/engine/outputShares.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { crossbarConversion } from '../../../hw/mapping/conversion.js';
import { estimate, measureInputActivity } from '../../../hw/ppa/index.js';
import { defaultFidelity, simulate } from '../../../sim/engine/index.js';
import { simulatedReport, crosscheckReport } from '../../../traces/report/runReport.js';
import { inputsFor, miniDenseNet, runNetwork, expectAgreement, expectNearModel } from './helpers.js';

describe('sizes and shares (resnet18 at 192x192 on the default chip)', () => {
  const net = getNetwork('resnet18', { resolution: 192 });
  const arch = loadArch();
  const g = buildGraph(new Simulator(), net, mapNetwork(net, arch, {}), arch, 'exact');
  const byName = (name: string) => g.actors.find((a) => a?.mapped.name === name)!;
  const rowBits = (name: string) => byName(name).slotRowBits(0);

  test('the next window: one row for a one-band stride-1 conv, two for a stride-2 3x3 conv, its whole 3-row window for a 3x3 stride-2 pool in bands', () => {
    expect(nextWindowBits(byName('layer1.0.conv1'), 0)).toBe(rowBits('layer1.0.conv1'));
    expect(nextWindowBits(byName('layer2.0.conv1'), 0)).toBe(2 * rowBits('layer2.0.conv1'));
    // A 1x1 stride-2 conv reads one row per output row: one new row.
    expect(nextWindowBits(byName('layer2.0.downsample'), 0)).toBe(rowBits('layer2.0.downsample'));
    const pool = byName('maxpool');
    expect(pool.bands.length).toBeGreaterThan(1);
    // A band's consecutive rows are pool.bands.length output rows apart, 2 * that input rows:
    // more than the 3-row window, so no row is shared.
    for (let b = 0; b < pool.bands.length; b++) expect(nextWindowBits(pool, b)).toBe(3 * rowBits('maxpool'));
  });

  test("a layer sends from each of its tiles with a consumer band elsewhere; the final layer, with no consumer, from none", () => {
    const senders = sendersByTile(g.actors, arch);
    const stem = byName('conv1');
    const pool = byName('maxpool');
    // The pool's consumers: layer1.0.conv1 (its band on one of the pool's tiles) and the residual
    // add, on tiles the pool is not on; the stem sends to the pool's bands on its other tiles.
    const add = byName('layer1.0.add');
    const poolTiles = pool.bands.map((b) => b.tile);
    expect(add.bands.some((b) => !poolTiles.includes(b.tile))).toBe(true);
    for (const t of poolTiles) {
      expect(senders[t]).toContain(stem.index);
      expect(senders[t]).toContain(pool.index);
    }
    const fc = byName('fc');
    expect(fc.consumers).toEqual([]);
    for (const list of senders) expect(list).not.toContain(fc.index);
    // Shares in the engine's context: the tile's buffer split among its senders in proportion to
    // their flit-hops from the tile.
    const outBits = arch.tile.outputBuffer.sizeBytes * 8;
    const tile = poolTiles[0];
    const shares = g.ctx.outShares[tile];
    const bitHops = remoteBitHopsByTile(g.actors, arch)[tile];
    expect([...shares.keys()].sort((a, b) => a - b)).toEqual([...senders[tile]].sort((a, b) => a - b));
    const total = [...bitHops.values()].reduce((s, x) => s + x, 0);
    for (const [i, s] of shares) expect(s.capacityBits).toBeCloseTo((outBits * bitHops.get(i)!) / total, 6);
    expect([...shares.values()].reduce((s, p) => s + p.capacityBits, 0)).toBeCloseTo(outBits, 6);
  });
});

describe('resnet18 at 192x192 on the default chip, three images', () => {
  test('interval within 5% of the model and energy within 1% (+10.9% without the two rules)', () => {
    const net = getNetwork('resnet18', { resolution: 192 });
    const arch = loadArch();
    const tech = loadTech(arch.tech);
    const mapped = mapNetwork(net, arch, {});
    const inputs = inputsFor(net, 3);
    const fidelity = defaultFidelity(arch);
    const result = simulate({ net, mapped, arch, tech, inputs, fidelity });
    const conversion = fidelity === 'adc' ? crossbarConversion(arch, mapped) : undefined;
    const analytical = estimate(mapped, arch, tech, { activity: measureInputActivity(net, mapped, arch, inputs, conversion) });
    const c = crosscheckReport(simulatedReport(result, analytical), analytical);
    expectNearModel(net.name, c, 5);
  }, 240_000);
});

describe('a small DenseNet with 16-channel growth on isaac, six images', () => {
  // Its dense blocks send from each tile the concat's, the 1x1 conv's and the 3x3 conv's rows, in
  // different amounts and over different distances; equal shares of isaac's 3 KB output buffers
  // held the busiest senders back: +12.6% interval (+8.0% with shares by flit-hops).
  test('interval within 10% of the model and energy within 1%, outputs bit-exact', () => {
    const net = miniDenseNet(6, 16);
    const arch = loadArch('isaac');
    const images = 6;
    const r = runNetwork(net, { arch, images });
    expectAgreement(r, 10);
    // Every tile's shares make up its buffer, and a layer has one only where it sends off the tile.
    const g = buildGraph(new Simulator(), net, r.mapped, arch, 'exact');
    const bitHops = remoteBitHopsByTile(g.actors, arch);
    const outBits = arch.tile.outputBuffer.sizeBytes * 8;
    g.ctx.outShares.forEach((shares, t) => {
      if (shares.size === 0) return;
      expect([...shares.values()].reduce((sum, p) => sum + p.capacityBits, 0)).toBeCloseTo(outBits, 6);
      for (const i of shares.keys()) expect(bitHops[t].get(i)).toBeGreaterThan(0);
    });
  }, 120_000);
});
