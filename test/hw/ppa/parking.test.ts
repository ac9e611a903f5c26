// Parking (weight reloading): the outputs a later segment reads go off chip and come back over the
// chip's off-chip links, at links x the tech table's per-link bandwidth in each direction. The
// model charges per segment the read-back before image 0, the write-out after its producer, and a
// period of at least one image's transfer (docs/ppa-model.md, "Parking").
import { describe, expect, test } from 'vitest';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { loadArch, parseArch, type Arch } from '../../../hw/arch/index.js';
import { chipTotals } from '../../../hw/arch/rollup.js';
import { loadTech } from '../../../hw/tech/index.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { offChipTransferPs } from '../../../hw/mapping/offChip.js';
import type { MappedNetwork } from '../../../hw/mapping/types.js';
import { estimate } from '../../../hw/ppa/index.js';
import { networkTiming } from '../../../hw/ppa/latency.js';
import { LOSSLESS } from '../../losslessArch.js';

const tech = loadTech('isaac-32nm');

/** The default chip cut down to `tiles` tiles, with `links` off-chip links. */
function chip(tiles: number, links: number): Arch {
  const base = loadArch(LOSSLESS);
  return parseArch({ ...base, name: `${base.name}-${tiles}t${links}l`, chip: { tiles, offChipLinks: { count: links, kind: 'HyperTransport' } } }, 'test: small chip');
}

function withBandwidth(m: MappedNetwork, bandwidthBytesPerS: number): MappedNetwork {
  return { ...m, offChip: { ...m.offChip, bandwidthBytesPerS } };
}

describe('off-chip links', () => {
  test('the tech table states ISAAC\'s HyperTransport link bandwidth, 6.4 GB/s each way, with its source', () => {
    const bw = tech.components.offChipLink.rows[0].bandwidthBytesPerS!;
    expect(bw.value).toBe(6.4e9);
    expect(bw.source).toMatch(/ISAAC Table 2/);
    const m = mapNetwork(getNetwork('vgg8'), chip(12, 4), { reload: true }, tech);
    expect(m.offChip).toMatchObject({ links: 4, timedLinks: 4, assumed: false, bandwidthBytesPerS: 4 * 6.4e9 });
  });

  test('a chip with no links is timed as one, keeps the links out of its area, and says so', () => {
    const none = mapNetwork(getNetwork('mlp'), chip(2, 0), { reload: true }, tech);
    const one = mapNetwork(getNetwork('mlp'), chip(2, 1), { reload: true }, tech);
    expect(none.offChip).toMatchObject({ links: 0, timedLinks: 1, assumed: true, bandwidthBytesPerS: 6.4e9 });
    expect(none.warnings.some((w) => w.includes('chip.offChipLinks.count'))).toBe(true);
    expect(one.warnings.some((w) => w.includes('chip.offChipLinks.count'))).toBe(false);
    const a0 = estimate(none, chip(2, 0), tech);
    const a1 = estimate(one, chip(2, 1), tech);
    expect(a0.offChip.assumedLink).toBe(true);
    expect(a0.intervalNs).toBe(a1.intervalNs);
    expect(a0.latencyNs).toBe(a1.latencyNs);
    expect(a0.breakdown.energyPj.offChipLink).toBe(a1.breakdown.energyPj.offChipLink);
    expect(chipTotals(chip(2, 0), tech).chip.breakdown.areaMm2.offChipLink).toBe(0);
    expect(chipTotals(chip(2, 1), tech).chip.breakdown.areaMm2.offChipLink).toBeGreaterThan(0);
  });

  test('with the weights stationary nothing is parked and nothing is warned', () => {
    const m = mapNetwork(getNetwork('lenet5'), loadArch(LOSSLESS), {}, tech);
    const a = estimate(m, loadArch(LOSSLESS), tech);
    expect(a.offChip).toMatchObject({ assumedLink: false, parkedBitsPerImage: 0, parkNsPerBatch: 0, parkSharePct: 0 });
    expect(m.warnings.some((w) => w.includes('offChipLinks'))).toBe(false);
  });
});

describe('parking time in the model', () => {
  test('a 2-segment mlp: the parked bits over the bandwidth, once out and once in, are what parking adds', () => {
    const arch = chip(2, 1);
    const m = mapNetwork(getNetwork('mlp'), arch, { reload: true }, tech);
    expect(m.segments).toHaveLength(2);
    const parked = m.edges.filter((e) => e.crossesSegment);
    expect(parked).toHaveLength(1);
    const bits = parked[0].bits;
    expect(m.segments.map((s) => [s.parkedOutBits, s.parkedInBits])).toEqual([[bits, 0], [0, bits]]);
    const t = networkTiming(m, arch);
    const free = networkTiming(withBandwidth(m, Infinity), arch);
    const transferPs = offChipTransferPs(bits, 6.4e9);
    expect(transferPs).toBe(Math.ceil((bits * 1e12) / (8 * 6.4e9)));
    expect(t.parkPs).toBe(2 * transferPs);
    expect(t.latencyPs - free.latencyPs).toBe(2 * transferPs);
    expect(free.parkPs).toBe(0);
  });

  test('halving the bandwidth doubles the parking time while the links are not the bottleneck', () => {
    const arch = chip(12, 2);
    const m = mapNetwork(getNetwork('vgg8'), arch, { reload: true, batch: 2 }, tech);
    expect(m.segments.length).toBeGreaterThan(2);
    const fast = networkTiming(m, arch);
    const slow = networkTiming(withBandwidth(m, m.offChip.bandwidthBytesPerS / 2), arch);
    expect(fast.parkPs).toBeGreaterThan(0);
    // Whole ps per transfer: at most 1 ps of rounding per transfer.
    expect(Math.abs(slow.parkPs - 2 * fast.parkPs)).toBeLessThanOrEqual(2 * m.segments.length);
    expect(slow.intervalPs * 2 - fast.intervalPs * 2).toBeCloseTo(slow.parkPs - fast.parkPs, 6);
  });

  test('a link direction slower than the slowest stage sets the segment\'s period', () => {
    const arch = chip(2, 1);
    const batch = 4;
    const m = withBandwidth(mapNetwork(getNetwork('mlp'), arch, { reload: true, batch }, tech), 1e7);
    const t = networkTiming(m, arch);
    const bits = m.segments[0].parkedOutBits;
    const transferPs = offChipTransferPs(bits, 1e7);
    expect(transferPs).toBeGreaterThan(Math.max(...t.segments.map((g) => g.intervalPs)));
    const [s0, s1] = t.segments;
    // Segment 0 writes out each image after it, segment 1 reads each back before it.
    expect(s0.batchPs).toBe(s0.writePs + Math.max(s0.fillPs, s0.intervalPs, s0.outEndPs) + (batch - 1) * transferPs);
    expect(s1.batchPs).toBe(s1.writePs + transferPs + Math.max(s1.fillPs, s1.intervalPs) + (batch - 1) * transferPs);
    expect(t.intervalPs * batch).toBe(s0.batchPs + s1.batchPs);
    expect(t.latencyPs).toBe(s0.batchPs + s1.batchPs - (batch - 1) * transferPs);
  });
});
