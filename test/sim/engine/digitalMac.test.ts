// Digital MAC PEs of hybrid tiles (AERO): layers sent there (--digital) compute exactly with
// integer MACs, take ceil(MACs per pixel / macsPerCycle) cycles per pixel on each PE, and are
// charged the digital MAC energy of hw/components per MAC.
import { describe, expect, test } from 'vitest';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { digitalMacCost } from '../../../hw/components/index.js';
import { run } from './helpers.js';

const arch = loadArch('aero-hybrid');
const pes = arch.tile.digitalMacPes!;

describe('lenet5 on aero-hybrid with c1 and f6 on digital MAC PEs', () => {
  const r = run('lenet5', { arch, images: 2, map: { digital: ['c1', 'f6'] } });
  const c1 = r.result.layers.find((l) => l.name === 'c1')!;
  const f6 = r.result.layers.find((l) => l.name === 'f6')!;

  test('runs them digitally and stays bit-exact', () => {
    expect(c1.engine).toBe('digitalMac');
    expect(f6.engine).toBe('digitalMac');
    expect(r.mismatches).toBe(0);
  });

  test('charges one digital MAC per multiply-accumulate, at the component energy', () => {
    const perMacPj = digitalMacCost({ operandBits: pes.operandBits, clockHz: arch.clockHz }, loadTech(arch.tech)).energyPjPerOp;
    // c1: 6 x 28 x 28 outputs of 5 x 5 taps; f6: 84 x 120.
    expect(c1.energyPjByKind.digitalMac).toBeCloseTo(6 * 28 * 28 * 25 * perMacPj, 3);
    expect(f6.energyPjByKind.digitalMac).toBeCloseTo(84 * 120 * perMacPj, 3);
    expect(c1.energyPjByKind.crossbar ?? 0).toBe(0);
  });

  test('a PE takes ceil(MACs per pixel / macsPerCycle) cycles per pixel', () => {
    const cyclePs = 1e12 / arch.clockHz;
    const pixelPs = Math.ceil((6 * 25) / pes.macsPerCycle) * cyclePs;
    const lanes = c1.duplication * pes.count;
    // The busiest PE does at least its share of the 784 pixels.
    expect(c1.stagePs).toBeGreaterThanOrEqual(Math.ceil(784 / lanes) * pixelPs);
    expect(c1.stagePs).toBeLessThan(784 * pixelPs);
  });
});
