// The analytical model: op counts equal hand closed forms, breakdowns add up, metrics follow.
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/load.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { estimate, ENERGY_KINDS } from '../../../hw/ppa/index.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { oneConv } from '../mapping/fixtures.js';

const neurosim = loadArch('rram-lossless-32nm');
const isaac = loadArch('isaac');
const tech = loadTech(neurosim.tech);

describe('op counts of one conv (8 x 6 x 6 -> 16, 3x3, pad 1) on rram-lossless-32nm', () => {
  // 8-bit inputs on 1-bit DACs: 8 planes; rows 8*9 = 72 in one block, read 8 rows at a time: 9
  // reads; 16 weights x 4 columns = 64 columns; 36 output pixels.
  const a = estimate(mapNetwork(oneConv(8, 6, 16, 3, { pad: 1 }), neurosim, { dup: 'none' }), neurosim, tech);
  const c = a.layers.find((l) => l.name === 'c')!.opCounts;
  it('crossbar reads = pixels x planes x reads per plane', () => expect(c.crossbarReads).toBe(36 * 8 * 9));
  it('DAC row drives = pixels x planes x rows x the assumed input activity 0.5', () => expect(c.dacConversions).toBe(36 * 8 * 72 * 0.5));
  it('ADC conversions = pixels x planes x reads x columns', () => expect(c.adcConversions).toBe(36 * 8 * 9 * 64));
  it('shift-adds = ADC conversions + one offset correction per output value', () => expect(c.shiftAdds).toBe(36 * 8 * 9 * 64 + 36 * 16));
  it('buffer reads = unrolled input bits / 256-bit accesses', () => expect(c.bufferReads).toBe(Math.ceil((36 * 72 * 8) / 256)));
  it('the result goes to the output buffer, not to an input buffer (no layer reads it)', () => {
    expect(c.bufferWrites).toBe(0);
    expect(c.outputBufferWrites).toBe(Math.ceil((36 * 16 * 8) / neurosim.tile.outputBuffer.bandwidthBitsPerCycle));
  });
  it('MACs = pixels x Cout x Cin x 9', () => expect(a.macs).toBe(36 * 16 * 8 * 9));
  it('requantizes every output value once', () => expect(c.requantizeOps).toBe(36 * 16));
});

describe('kernel-split reads each input once', () => {
  it('buffer reads of a 3x3 stride-1 conv fall by the 9 window positions (minus padding)', () => {
    const net = oneConv(8, 6, 16, 3, { pad: 1 });
    const ks = estimate(mapNetwork(net, neurosim, { mapping: 'kernel-split', dup: 'none' }), neurosim, tech);
    expect(ks.layers.find((l) => l.name === 'c')!.opCounts.bufferReads).toBe(Math.ceil((36 * 8 * 8) / 256));
  });
});

describe('totals', () => {
  for (const [name, arch] of [['isaac', isaac], ['rram-lossless-32nm', neurosim]] as const) {
    const a = estimate(mapNetwork(getNetwork('resnet18'), arch), arch, loadTech(arch.tech));
    it(`energy breakdown adds up to the energy per image (${name})`, () => {
      const sum = ENERGY_KINDS.reduce((s, k) => s + a.breakdown.energyPj[k], 0);
      expect(sum).toBeCloseTo(a.energyPjPerImage, 0);
      const layers = a.layers.reduce((s, l) => s + l.energyPj, 0);
      expect(layers + a.breakdown.energyPj.leakage).toBeCloseTo(a.energyPjPerImage, 0);
    });
    it(`area breakdown adds up to the chip area (${name})`, () => {
      const sum = Object.values(a.breakdown.areaMm2).reduce((s, v) => s + v, 0);
      expect(sum).toBeCloseTo(a.areaMm2, 6);
    });
    it(`fps, TOPS and TOPS/W follow from interval, MACs and energy (${name})`, () => {
      expect(a.macs).toBe(1_814_073_344); // torchvision's ResNet-18 count
      expect(a.fps).toBeCloseTo(1e9 / a.intervalNs, 6);
      expect(a.tops).toBeCloseTo((2 * a.macs) / (a.intervalNs * 1e-9) / 1e12, 6);
      expect(a.topsPerW).toBeCloseTo((2 * a.macs) / (a.energyPjPerImage * 1e-12) / 1e12, 6);
      expect(a.latencyNs).toBeGreaterThanOrEqual(a.intervalNs); // the fill covers at least the slowest stage
      expect(a.adcEnergySharePct).toBeGreaterThan(0);
      expect(a.adcEnergySharePct).toBeLessThanOrEqual(100);
    });
  }
});

describe('weight reloading', () => {
  const aero = loadArch('aero-hybrid');
  const net = getNetwork('resnet18');
  it('charges cell writes, and a larger batch amortizes them (less energy and time per image)', () => {
    const b1 = estimate(mapNetwork(net, aero, { reload: true, batch: 1 }), aero, tech);
    const b16 = estimate(mapNetwork(net, aero, { reload: true, batch: 16 }), aero, tech);
    expect(b1.breakdown.energyPj.cellWrite).toBeGreaterThan(0);
    expect(b16.breakdown.energyPj.cellWrite).toBeCloseTo(b1.breakdown.energyPj.cellWrite / 16, 3);
    expect(b16.intervalNs).toBeLessThan(b1.intervalNs);
  });
});
