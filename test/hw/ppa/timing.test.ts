// The fill recurrence and data movement, on layers small enough to work out by hand.
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/load.js';
import { mapNetwork, rowBands } from '../../../hw/mapping/index.js';
import { edgeFlows, estimate, tailRows } from '../../../hw/ppa/index.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { conv, dense, flatten, net, pool } from '../mapping/fixtures.js';

const neurosim = loadArch('rram-lossless-32nm');
const tech = loadTech(neurosim.tech);

describe('tail: output rows that read the last input row', () => {
  const layerOf = (k: number, stride: number, pad: number) =>
    mapNetwork(net('t', [4, 16, 16], [conv('c', 'in', 4, k, { stride, pad })]), neurosim, { dup: 'none' }, tech).layers[1];
  it('a padded 3x3 stride-1 conv has two', () => expect(tailRows(layerOf(3, 1, 1))).toBe(2));
  it('an unpadded 5x5 conv has one', () => expect(tailRows(layerOf(5, 1, 0))).toBe(1));
  it('a padded 3x3 stride-2 conv has one', () => expect(tailRows(layerOf(3, 2, 1))).toBe(1));
  it('a padded 5x5 stride-1 conv has three', () => expect(tailRows(layerOf(5, 1, 2))).toBe(3));
});

describe('first-image timing', () => {
  const n = net('chain', [4, 12, 12], [conv('a', 'in', 8, 3, { pad: 1 }), conv('b', 'a', 8, 3, { pad: 1 }), flatten('f', 'b'), dense('d', 'f', 10)]);
  const a = estimate(mapNetwork(n, neurosim, { dup: 'none' }, tech), neurosim, tech);
  const [ca, cb, , d] = a.layers.slice(1);
  it('a windowed consumer starts after its producer has made the rows its first window needs', () => {
    expect(cb.startNs).toBeGreaterThan(ca.startNs);
    expect(cb.startNs).toBeLessThan(ca.endNs);
  });
  it('a dense layer starts only after its producer has finished (it needs the whole input)', () => expect(d.startNs).toBeGreaterThanOrEqual(cb.endNs));
  it('the latency covers the last layer end, and the interval is the slowest stage', () => {
    expect(a.latencyNs).toBeGreaterThanOrEqual(d.endNs);
    expect(a.intervalNs).toBe(Math.max(...a.layers.map((l) => l.latencyNs)));
  });
});

describe('data movement', () => {
  it('a 2x2 stride-2 pool reads each input row into exactly one band', () => {
    const two = mapNetwork(net('p', [4, 8, 8], [conv('c', 'in', 4, 1), pool('maxpool', 'p', 'c', 2)]), neurosim, { dup: 'none' }, tech).layers[2];
    expect(rowBands(two, 8).every((b) => b.length === 1)).toBe(true);
  });
  it('router traversals count each packet from the tile of the copy that made it', () => {
    const mapped = mapNetwork(getNetwork('lenet5'), neurosim, {}, tech);
    const a = estimate(mapped, neurosim, tech);
    const flows = edgeFlows(mapped, neurosim);
    const hops = flows.reduce((s, f) => s + f.flitHops, 0);
    expect(a.opCounts.nocFlitHops).toBeCloseTo(hops, 6);
    // c1's copies span several tiles and s2 works on each of them: some packets stay on their tile.
    const c1s2 = flows.find((f) => f.source.name === 'c1' && f.consumer.name === 's2')!;
    expect(c1s2.routes.some((r) => r.srcTile === r.dstTile)).toBe(true);
    expect(c1s2.routes.some((r) => r.srcTile !== r.dstTile)).toBe(true);
  });
});
