// Energy per image by component kind: op counts x energy per op (docs/ppa-model.md, "Energy").
import type { OpCounts, EnergyKind } from './types.js';
import { ENERGY_KINDS } from './types.js';
import type { UnitEnergies } from '../components/unitEnergies.js';

export function zeroEnergy(): Record<EnergyKind, number> {
  return Object.fromEntries(ENERGY_KINDS.map((k) => [k, 0])) as Record<EnergyKind, number>;
}

/** Dynamic energy by kind for a set of op counts (leakage and register accesses excluded: 0). */
export function dynamicEnergyPj(c: OpCounts, e: UnitEnergies, cellWritePj: number, poolPjPerOp: number): Record<EnergyKind, number> {
  const out = zeroEnergy();
  out.crossbar = c.crossbarReads * e.crossbarReadPj;
  out.dac = c.dacConversions * e.dacPj;
  out.sampleHold = c.sampleHolds * e.sampleHoldPj;
  out.adc = c.adcConversions * e.adcPj;
  out.shiftAdd = c.shiftAdds * e.shiftAddPj;
  out.buffer = (c.bufferReads + c.bufferWrites) * e.bufferAccessPj + c.outputBufferWrites * e.outputBufferAccessPj;
  out.bus = c.busBits * e.busBitPj;
  out.router = c.nocFlitHops * e.routerFlitPj;
  out.activation = c.activationOps * e.activationPj;
  out.pool = c.poolOps * poolPjPerOp;
  out.residualAdd = c.residualAddOps * e.residualAddPj;
  out.requantize = c.requantizeOps * e.requantizePj;
  out.digitalMac = c.digitalMacs * e.digitalMacPj;
  out.offChipLink = c.offChipBits * e.offChipBitPj;
  out.cellWrite = c.cellWrites * cellWritePj;
  return out;
}

export function sumEnergy(r: Record<EnergyKind, number>): number {
  let s = 0;
  for (const k of ENERGY_KINDS) s += r[k];
  return s;
}
