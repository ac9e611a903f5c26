// Every genome becomes an arch that passes the loader's checks (or is rejected for its ADC), with
// the minimum lossless ADC resolution unless fixed.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SeededRandom } from '../../../workloads/random.js';
import { adcLossless, loadArch, parseArch } from '../../../hw/arch/index.js';
import { buildArch, randomGenome } from '../../../hw/dse/index.js';

describe('buildArch', () => {
  const base = loadArch('isaac');
  it('builds valid, lossless chips from random genomes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 300 }), (seed, tiles) => {
        const arch = buildArch(base, randomGenome(new SeededRandom(seed)), tiles);
        fc.pre(arch.tile.pe.adc.bits <= 16);
        expect(() => parseArch(JSON.parse(JSON.stringify(arch)), 'genome')).not.toThrow();
        expect(adcLossless(arch).lossless).toBe(true);
        expect(adcLossless(arch).requiredBits).toBe(arch.tile.pe.adc.bits);
      }),
      { numRuns: 60 },
    );
  });
  it('keeps a fixed ADC resolution', () => {
    const arch = buildArch(base, randomGenome(new SeededRandom(1)), 4, { adcBits: 6 });
    expect(arch.tile.pe.adc.bits).toBe(6);
  });
});
