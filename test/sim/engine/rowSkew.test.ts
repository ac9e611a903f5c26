// Line-buffer sizing for residual skew: a residual add holds more rows of its skip branch than its
// 1-row window, because the skip branch can run ahead of the main branch's 3x3 windows.
import { describe, expect, test } from 'vitest';
import { Simulator } from '../../../sim/kernel/index.js';
import { buildGraph } from '../../../sim/engine/build.js';
import { rowDemands, skewedWindowBits } from '../../../sim/engine/rowSkew.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { loadArch } from '../../../hw/arch/index.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { LOSSLESS } from '../../losslessArch.js';

describe('residual skew', () => {
  const net = getNetwork('resnet18', { resolution: 32 });
  const arch = loadArch(LOSSLESS);
  const g = buildGraph(new Simulator(), net, mapNetwork(net, arch, {}), arch, 'exact');
  const demand = rowDemands(g.actors);
  const byName = (name: string) => g.actors.find((a) => a?.mapped.name === name)!;

  test('each layer output row depends on a non-decreasing share of the input, all of it by the last row', () => {
    for (const a of g.actors) {
      if (a === undefined) continue;
      const d = demand[a.index]!;
      for (let y = 1; y < d.length; y++) expect(d[y]).toBeGreaterThanOrEqual(d[y - 1]);
      expect(d[d.length - 1]).toBeCloseTo(1, 12);
    }
  });

  test('a conv in a plain chain holds its 3-row window; the add after conv1 -> conv2 (two 3x3) holds more skip rows than its window', () => {
    const conv = byName('layer1.0.conv2');
    const s = conv.slots[0];
    const rowBits = s.c * s.w * 8;
    // Never less than its window (what its producer runs ahead by in a chain is at most a row).
    expect(skewedWindowBits(conv, 0, demand)).toBeGreaterThanOrEqual(3 * rowBits);
    // Add row y needs conv2 row y <- conv1 row y+1 <- maxpool row y+2; by then the skip slot
    // (maxpool's output itself) can hold rows y..y+2: two rows more than its 1-row window.
    const add = byName('layer1.0.add');
    const window = add.slots.reduce((bits, sl) => bits + sl.c * sl.w * 8, 0);
    expect(skewedWindowBits(add, 0, demand)).toBe(window + 2 * add.slots[0].c * add.slots[0].w * 8);
  });
});
