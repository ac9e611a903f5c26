// The model's fill where two layers share a unit bank at the same time: AlexNet at 96x96 on ISAAC
// deals its first max pool in bands, one on the tile whose maxPool unit the second pool uses too.
// The fill serves first the pixel that asks first (hw/ppa/latency.ts scheduleRows), so the first
// pool is slowed by the second as in the engine (ends 37.11 / 37.42 us), and the first image follows.
import { describe, expect, test } from 'vitest';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { estimate, networkTiming } from '../../../hw/ppa/index.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { run } from './helpers.js';

describe('alexnet at 96 on isaac: pool1 and pool2 share a maxPool bank', () => {
  const arch = loadArch('isaac');
  const r = run('alexnet', { arch, resolution: 96, images: 1 });
  // Mapped as the helper maps it for the engine.
  const mapped = mapNetwork(r.net, arch);
  const analytical = estimate(mapped, arch, loadTech(arch.tech));

  test('the two pools do share a bank in the model', () => {
    const t = networkTiming(mapped, arch);
    const banks = (name: string) => [...t.resources.usedBy.get(name)!].filter((k) => k.endsWith('maxPool'));
    expect(banks('pool1').filter((k) => banks('pool2').includes(k)).length).toBeGreaterThan(0);
  });

  // Measured: the engine 126.58 us; the model 124.89 (+1.4%), 119.06 (+6.3%) when each band had its
  // tile's unit to itself, and the same with whole rows served first come, first served.
  test('is bit-exact, and the fill is within 3% of the engine\'s first image', () => {
    expect(r.mismatches).toBe(0);
    const simulatedPs = r.result.imageEndPs[0];
    expect(Math.abs(simulatedPs / (analytical.latencyNs * 1e3) - 1)).toBeLessThan(0.03);
  });
});
