// Weight reloading (AERO's limited-resource case): when the weights do not fit the crossbars, the
// mapping cuts the network into segments; the engine runs a batch through segment 0, rewrites the
// crossbars with segment 1's weights, runs the batch through it from the parked outputs, and so
// on. Cell writes cost the mapping's write time and the cellWrite energy; a larger batch shares
// them among more images. The outputs stay bit-exact.
import { describe, expect, test } from 'vitest';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { estimate } from '../../../hw/ppa/index.js';
import { run } from './helpers.js';

const arch = loadArch('aero-hybrid');

describe('resnet18 (32x32) on the aero-hybrid chip with --reload', () => {
  const one = run('resnet18', { arch, images: 2, resolution: 32, map: { reload: true, batch: 1 } });
  const two = run('resnet18', { arch, images: 2, resolution: 32, map: { reload: true, batch: 2 } });
  const mapped = mapNetwork(one.net, arch, { reload: true, batch: 1 }, loadTech(arch.tech));

  test('needs several segments and is bit-exact with the reference', () => {
    expect(mapped.reloading).toBe(true);
    expect(mapped.segments.length).toBeGreaterThan(1);
    expect(one.mismatches).toBe(0);
    expect(two.mismatches).toBe(0);
  }, 60_000);

  test('each batch waits for every segment\'s weight writes', () => {
    const writesPs = mapped.segments.reduce((s, g) => s + g.writeLatencyPs, 0);
    expect(writesPs).toBeGreaterThan(0);
    // Batch 1: two images, each after all segments' writes.
    expect(one.result.imageEndPs[1]).toBeGreaterThan(2 * writesPs);
    expect(two.result.imageEndPs[1]).toBeGreaterThan(writesPs);
    expect(two.result.imageEndPs[1]).toBeLessThan(2 * writesPs);
    expect(one.result.intervalSource).toBe('batch-amortized');
  }, 60_000);

  test('cell-write energy per image is every segment\'s cells x the cell energy, over the batch', () => {
    const cells = mapped.segments.reduce((s, g) => s + g.cellsWritten, 0);
    const perCellPj = mapped.cellWrite.energyPjPerCell;
    expect(one.result.energyPj.cellWrite).toBeCloseTo(cells * perCellPj, 0);
    expect(two.result.energyPj.cellWrite).toBeCloseTo((cells * perCellPj) / 2, 0);
    expect(two.result.intervalPs).toBeLessThan(one.result.intervalPs);
  }, 60_000);

  test('outputs parked between segments go off chip and back', () => {
    expect(one.result.energyPj.offChipLink).toBeGreaterThan(0);
  }, 60_000);

  test('the model and the engine time every layer from the same origin: its start within 1% (the weight writes of its segment and the batch through the earlier ones included)', () => {
    const mapped2 = mapNetwork(two.net, arch, { reload: true, batch: 2 }, loadTech(arch.tech));
    const model = estimate(mapped2, arch, loadTech(arch.tech));
    const firstSegment0 = mapped2.segments[0].writeLatencyPs;
    for (const l of two.result.layers) {
      const a = model.layers.find((x) => x.name === l.name);
      if (a === undefined || l.firstStartPs.length === 0) continue;
      expect(l.firstStartPs[0], l.name).toBeGreaterThanOrEqual(firstSegment0);
      expect(Math.abs(a.startNs * 1e3 - l.firstStartPs[0]) / l.firstStartPs[0], l.name).toBeLessThan(0.01);
    }
  }, 60_000);
});
