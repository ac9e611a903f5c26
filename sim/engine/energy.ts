// Operations the engine counts as they happen, and their energy: counts x the unit energies of
// the hw/components cost functions at the arch's parameters (the same figures the roll-up uses).
import type { Arch } from '../../hw/arch/schema.js';
import type { TechTable } from '../../hw/tech/schema.js';
import {
  activationCost, adcCost, bufferCost, busCost, crossbarCost, dacCost, digitalMacCost, offChipLinkCost, poolCost, requantizeCost, residualAddCost,
  routerCost, sampleHoldCost, shiftAddCost,
} from '../../hw/components/index.js';

/** Operation counts; buffer and bus traffic in bits (energy is prorated per access width). */
export interface OpTally {
  crossbarReads: number;
  dacConversions: number;
  adcConversions: number;
  sampleHolds: number;
  shiftAdds: number;
  bufferReadBits: number;
  bufferWriteBits: number;
  outputBufferWriteBits: number;
  busBits: number;
  nocFlitHops: number;
  activationOps: number;
  maxPoolOps: number;
  avgPoolOps: number;
  residualAddOps: number;
  requantizeOps: number;
  /** Multiply-accumulates on digital MAC PEs (hybrid tiles). */
  digitalMacs: number;
  /** Cells programmed when a segment's weights are (re)loaded. */
  cellWrites: number;
  /** Bits parked off chip between segments and read back (each counted out and in). */
  offChipBits: number;
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
export interface EngineUnitEnergy {
  crossbarReadPj: number;
  dacPj: number;
  sampleHoldPj: number;
  adcPj: number;
  shiftAddPj: number;
  inputBufferAccessPj: number;
  inputBufferBits: number;
  outputBufferAccessPj: number;
  outputBufferBits: number;
  busBitPj: number;
  routerFlitPj: number;
  activationPj: number;
  maxPoolPj: number;
  avgPoolPj: number;
  residualAddPj: number;
  requantizePj: number;
  digitalMacPj: number;
  cellWritePj: number;
  offChipBitPj: number;
}

/** `cellWritePjPerCell`: the MappedNetwork's cellWrite cost (only charged when reloading). */
export function engineUnitEnergy(arch: Arch, tech: TechTable, cellWritePjPerCell = 0): EngineUnitEnergy {
  const { pe, inputBuffer, outputBuffer, bus, digitalMacPes } = arch.tile;
  const clockHz = arch.clockHz;
  const { noc } = arch;
  return {
    crossbarReadPj: crossbarCost(pe.crossbar, tech).energyPjPerOp,
    dacPj: dacCost(pe.dac, tech).energyPjPerOp,
    sampleHoldPj: sampleHoldCost(tech).energyPjPerOp,
    adcPj: adcCost(pe.adc, tech).energyPjPerOp,
    shiftAddPj: shiftAddCost({ clockHz }, tech).energyPjPerOp,
    inputBufferAccessPj: bufferCost({ ...inputBuffer, clockHz }, tech).energyPjPerOp,
    inputBufferBits: inputBuffer.bandwidthBitsPerCycle,
    outputBufferAccessPj: bufferCost({ ...outputBuffer, clockHz }, tech).energyPjPerOp,
    outputBufferBits: outputBuffer.bandwidthBitsPerCycle,
    busBitPj: busCost({ widthBits: bus.widthBits, clockHz }, tech).energyPjPerOp,
    routerFlitPj: routerCost({ flitBits: noc.flitBits, ports: noc.routerPorts, latencyPs: noc.routerLatencyPs, clockHz }, tech).energyPjPerOp,
    activationPj: activationCost({ clockHz }, tech).energyPjPerOp,
    maxPoolPj: poolCost({ kind: 'max', clockHz }, tech).energyPjPerOp,
    avgPoolPj: poolCost({ kind: 'avg', clockHz }, tech).energyPjPerOp,
    residualAddPj: residualAddCost({ clockHz }, tech).energyPjPerOp,
    requantizePj: requantizeCost({ clockHz }, tech).energyPjPerOp,
    digitalMacPj: digitalMacPes === undefined ? 0 : digitalMacCost({ operandBits: digitalMacPes.operandBits, clockHz }, tech).energyPjPerOp,
    cellWritePj: cellWritePjPerCell,
    offChipBitPj: offChipLinkCost(tech).energyPjPerOp,
  };
}

/** Dynamic energy by component kind (the report's breakdown keys), pJ. */
export function tallyEnergyPj(t: OpTally, e: EngineUnitEnergy): Record<string, number> {
  return {
    crossbar: t.crossbarReads * e.crossbarReadPj,
    dac: t.dacConversions * e.dacPj,
    sampleHold: t.sampleHolds * e.sampleHoldPj,
    adc: t.adcConversions * e.adcPj,
    shiftAdd: t.shiftAdds * e.shiftAddPj,
    buffer: ((t.bufferReadBits + t.bufferWriteBits) / e.inputBufferBits) * e.inputBufferAccessPj
      + (t.outputBufferWriteBits / e.outputBufferBits) * e.outputBufferAccessPj,
    bus: t.busBits * e.busBitPj,
    router: t.nocFlitHops * e.routerFlitPj,
    activation: t.activationOps * e.activationPj,
    pool: t.maxPoolOps * e.maxPoolPj + t.avgPoolOps * e.avgPoolPj,
    residualAdd: t.residualAddOps * e.residualAddPj,
    requantize: t.requantizeOps * e.requantizePj,
    digitalMac: t.digitalMacs * e.digitalMacPj,
    cellWrite: t.cellWrites * e.cellWritePj,
    offChipLink: t.offChipBits * e.offChipBitPj,
  };
}
