// Energy per image by component kind: op counts x energy per op (docs/ppa-model.md, "Energy").
import type { OpCounts, EnergyKind } from './types.js';
import { ENERGY_KINDS } from './types.js';
import type { UnitEnergies } from '../components/unitEnergies.js';
import { price } from '../components/price.js';

export function zeroEnergy(): Record<EnergyKind, number> {
  return Object.fromEntries(ENERGY_KINDS.map((k) => [k, 0])) as Record<EnergyKind, number>;
}

/** Dynamic energy by kind of one layer's op counts (hw/components/price.ts); `pool` says which
 *  pooling unit its poolOps run on. */
export function dynamicEnergyPj(c: OpCounts, e: UnitEnergies, cellWritePj: number, pool: 'maxPool' | 'avgPool' = 'maxPool'): Record<EnergyKind, number> {
  return price({
    ...c,
    inputBufferAccesses: c.bufferReads + c.bufferWrites,
    outputBufferAccesses: c.outputBufferWrites,
    maxPoolOps: pool === 'maxPool' ? c.poolOps : 0,
    avgPoolOps: pool === 'avgPool' ? c.poolOps : 0,
  }, e, cellWritePj);
}

export function sumEnergy(r: Record<EnergyKind, number>): number {
  let s = 0;
  for (const k of ENERGY_KINDS) s += r[k];
  return s;
}
