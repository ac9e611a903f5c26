// Operations the engine counts as they happen, and their energy: counts x the unit energies of
// the hw/components cost functions at the arch's parameters (the same figures the roll-up uses).
import type { Arch } from '../../hw/arch/schema.js';
import type { TechTable } from '../../hw/tech/schema.js';
import { unitEnergies, type UnitEnergies } from '../../hw/components/unitEnergies.js';
import { price, type CountedOps } from '../../hw/components/price.js';

/** Operation counts; buffer and bus traffic in bits (energy is prorated per access width). */
export interface OpTally extends CountedOps {
  bufferReadBits: number;
  bufferWriteBits: number;
  outputBufferWriteBits: number;
  maxPoolOps: number;
  avgPoolOps: number;
}

export function zeroTally(): OpTally {
  return {
    crossbarReads: 0, dacConversions: 0, adcConversions: 0, sampleHolds: 0, shiftAdds: 0, bufferReadBits: 0,
    bufferWriteBits: 0, outputBufferWriteBits: 0, busBits: 0, nocFlitHops: 0, activationOps: 0, maxPoolOps: 0,
    avgPoolOps: 0, residualAddOps: 0, requantizeOps: 0, digitalMacs: 0, cellWrites: 0, offChipBits: 0,
  };
}

export function addTally(into: OpTally, t: OpTally): void {
  for (const k of Object.keys(t) as Array<keyof OpTally>) into[k] += t[k];
}

/** Energy per operation (per access of the buffer's width, per bit on the bus, per flit per router). */
export interface EngineUnitEnergy extends UnitEnergies {
  /** Bits of one input-buffer access (UnitEnergies.bufferAccessPj prices one). */
  inputBufferBits: number;
  outputBufferBits: number;
  cellWritePj: number;
}

/** `cellWritePjPerCell`: the MappedNetwork's cellWrite cost (only charged when reloading). */
export function engineUnitEnergy(arch: Arch, tech: TechTable, cellWritePjPerCell = 0): EngineUnitEnergy {
  const { inputBuffer, outputBuffer, digitalMacPes } = arch.tile;
  const unit = unitEnergies(arch, tech);
  return {
    ...unit,
    inputBufferBits: inputBuffer.bandwidthBitsPerCycle,
    outputBufferBits: outputBuffer.bandwidthBitsPerCycle,
    digitalMacPj: digitalMacPes === undefined ? 0 : unit.digitalMacPj,
    cellWritePj: cellWritePjPerCell,
  };
}

/** Dynamic energy by component kind (the report's breakdown keys), pJ: the tallies handed to the
 *  one price (hw/components/price.ts), buffer bits prorated into accesses. */
export function tallyEnergyPj(t: OpTally, e: EngineUnitEnergy): Record<string, number> {
  const { register: _register, leakage: _leakage, ...byKind } = price({
    ...t,
    inputBufferAccesses: (t.bufferReadBits + t.bufferWriteBits) / e.inputBufferBits,
    outputBufferAccesses: t.outputBufferWriteBits / e.outputBufferBits,
  }, e, e.cellWritePj);
  return byKind;
}
