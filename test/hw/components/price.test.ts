// One price for both counters: the model's op counts and the engine's tallies of the same work
// (buffer accesses as the engine's bits) come out at the same energy, kind by kind.
import { describe, expect, test } from 'vitest';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { unitEnergies } from '../../../hw/components/unitEnergies.js';
import { dynamicEnergyPj } from '../../../hw/ppa/energy.js';
import { zeroCounts } from '../../../hw/ppa/index.js';
import { engineUnitEnergy, tallyEnergyPj, zeroTally } from '../../../sim/engine/energy.js';

describe('price', () => {
  test.each(['isaac', 'neurosim-vgg8'])('model counts and engine tallies of the same work agree on %s', (preset) => {
    const arch = loadArch(preset);
    const tech = loadTech(arch.tech);
    const width = arch.tile.inputBuffer.bandwidthBitsPerCycle;
    const outWidth = arch.tile.outputBuffer.bandwidthBitsPerCycle;
    const counts = {
      ...zeroCounts(), crossbarReads: 7, dacConversions: 300, adcConversions: 1000, sampleHolds: 1000, shiftAdds: 1100, bufferReads: 5, bufferWrites: 3,
      outputBufferWrites: 2, busBits: 4096, nocFlitHops: 17, activationOps: 64, poolOps: 9, residualAddOps: 11, requantizeOps: 64, cellWrites: 13,
    };
    const tally = {
      ...zeroTally(), crossbarReads: 7, dacConversions: 300, adcConversions: 1000, sampleHolds: 1000, shiftAdds: 1100,
      bufferReadBits: 5 * width, bufferWriteBits: 3 * width, outputBufferWriteBits: 2 * outWidth, busBits: 4096, nocFlitHops: 17,
      activationOps: 64, avgPoolOps: 9, residualAddOps: 11, requantizeOps: 64, cellWrites: 13,
    };
    const model = dynamicEnergyPj(counts, unitEnergies(arch, tech), 2.5, 'avgPool');
    const engine = tallyEnergyPj(tally, engineUnitEnergy(arch, tech, 2.5));
    for (const [kind, pj] of Object.entries(engine)) expect(pj, kind).toBeCloseTo(model[kind as keyof typeof model], 9);
    expect(model.pool).toBeGreaterThan(0);
    expect(model.cellWrite).toBeCloseTo(13 * 2.5, 12);
  });
});
