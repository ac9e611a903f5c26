// A chip built with a RowCodeCache copies in the conductance codes of the chip before where it
// programs the same cells on the same device (an accuracy study's ADC settings of one trial).
// Its outputs must equal a chip that draws its own: checked on LeNet-5 at another ADC (a hit),
// and where the cache must not be used (another seed, other cells), against uncached chips.
import { describe, expect, test } from 'vitest';
import type { Arch } from '../../../hw/arch/schema.js';
import { loadArch } from '../../../hw/arch/index.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { mnistDataset } from '../../../workloads/datasets/index.js';
import { analogParamsFor } from '../../../sim/engine/compute/device.js';
import { RowCodeCache } from '../../../sim/engine/compute/rowCodeCache.js';
import { FunctionalChip } from '../../../sim/functional/index.js';

const net = getNetwork('lenet5');
const digits = mnistDataset(3, 32).images;
const indices = digits.map((_, i) => i);

function archWith(edit: (a: Arch) => void): Arch {
  const a = structuredClone(loadArch('neurosim-vgg8'));
  edit(a);
  return a;
}

function outputs(arch: Arch, seed: number, cache?: RowCodeCache): Int8Array[] {
  const analog = analogParamsFor(arch, { seed, conductanceSigma: 0.1, readNoiseSigma: 0.1 });
  return new FunctionalChip(net, mapNetwork(net, arch), arch, { fidelity: 'analog', analog }, cache).runBatch(digits, indices);
}

describe('RowCodeCache', () => {
  test('a chip at another ADC copies the codes in, with the outputs of one that draws them', () => {
    const cache = new RowCodeCache();
    const five = archWith((a) => { a.tile.pe.adc.bits = 5; });
    const seven = archWith((a) => { a.tile.pe.adc.bits = 7; });
    expect(outputs(five, 3, cache)).toEqual(outputs(five, 3));
    expect(cache.hits).toBe(0);
    const cached = outputs(seven, 3, cache);
    // Every copy the first chip programmed is a hit for the second (the same network and cells).
    const copies = mapNetwork(net, seven).layers.filter((m) => m.engine === 'crossbar').reduce((n, m) => n + m.duplication, 0);
    expect(cache.hits).toBe(copies);
    expect(cached).toEqual(outputs(seven, 3));
    // The ADC matters here, so the codes came in under a different conversion.
    expect(cached).not.toEqual(outputs(five, 3));
  }, 60_000);

  test('another seed, or other cells under the same device, draws afresh', () => {
    const cache = new RowCodeCache();
    const five = archWith((a) => { a.tile.pe.adc.bits = 5; });
    outputs(five, 3, cache);
    expect(outputs(five, 4, cache)).toEqual(outputs(five, 4));
    expect(cache.hits).toBe(0);
    // Fewer active rows: the same device and seed. The first conv's columns (25 rows) fit either
    // way, so its copies are hits; the second conv's (150 rows) are laid out otherwise and draw.
    const fewerRows = archWith((a) => { a.tile.pe.crossbar.activeRows = 64; });
    expect(outputs(fewerRows, 4, cache)).toEqual(outputs(fewerRows, 4));
    const [conv1, conv2] = mapNetwork(net, fewerRows).layers.filter((m) => m.engine === 'crossbar');
    expect(conv2.duplication).toBeGreaterThan(1);
    expect(cache.hits).toBe(conv1.duplication);
  }, 60_000);
});
