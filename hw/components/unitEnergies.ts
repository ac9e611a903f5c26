// Energy of one operation of each counted kind, from the component cost functions at the arch's
// parameters. The analytical model (hw/ppa) and the engine (sim/engine) both price their operation
// counts with these figures, so their energies can differ only in the counts.
import type { Arch } from '../arch/schema.js';
import { busUnitCost, routerUnitCost, wireLengthsMm } from '../arch/rollup.js';
import type { TechTable } from '../tech/schema.js';
import {
  activationCost, adcCost, bufferCost, crossbarCost, dacCost, digitalMacCost, offChipLinkCost,
  poolCost, requantizeCost, residualAddCost, sampleHoldCost, shiftAddCost,
} from './index.js';

export interface UnitEnergies {
  crossbarReadPj: number;
  dacPj: number;
  sampleHoldPj: number;
  adcPj: number;
  shiftAddPj: number;
  bufferAccessPj: number;
  /** One output-buffer access of its bandwidthBitsPerCycle bits. */
  outputBufferAccessPj: number;
  busBitPj: number;
  routerFlitPj: number;
  activationPj: number;
  maxPoolPj: number;
  avgPoolPj: number;
  residualAddPj: number;
  requantizePj: number;
  digitalMacPj: number;
  offChipBitPj: number;
}

export function unitEnergies(arch: Arch, tech: TechTable): UnitEnergies {
  const { pe, inputBuffer, outputBuffer, digitalMacPes } = arch.tile;
  const clockHz = arch.clockHz;
  const wires = wireLengthsMm(arch, tech);
  return {
    crossbarReadPj: crossbarCost(pe.crossbar, tech).energyPjPerOp,
    dacPj: dacCost(pe.dac, tech).energyPjPerOp,
    sampleHoldPj: sampleHoldCost(tech).energyPjPerOp,
    adcPj: adcCost(pe.adc, tech).energyPjPerOp,
    shiftAddPj: shiftAddCost({ clockHz }, tech).energyPjPerOp,
    bufferAccessPj: bufferCost({ ...inputBuffer, clockHz }, tech).energyPjPerOp,
    outputBufferAccessPj: bufferCost({ ...outputBuffer, clockHz }, tech).energyPjPerOp,
    // With the table's wire model, a bit on the bus or a flit on a hop also pays for its wire.
    busBitPj: busUnitCost(arch, tech, wires).energyPjPerOp,
    routerFlitPj: routerUnitCost(arch, tech, wires).energyPjPerOp,
    activationPj: activationCost({ clockHz }, tech).energyPjPerOp,
    maxPoolPj: poolCost({ kind: 'max', clockHz }, tech).energyPjPerOp,
    avgPoolPj: poolCost({ kind: 'avg', clockHz }, tech).energyPjPerOp,
    residualAddPj: residualAddCost({ clockHz }, tech).energyPjPerOp,
    requantizePj: requantizeCost({ clockHz }, tech).energyPjPerOp,
    // Without digital MAC PEs the figure is never multiplied by a non-zero count; cost 8-bit lanes.
    digitalMacPj: digitalMacCost({ operandBits: digitalMacPes?.operandBits ?? 8, clockHz }, tech).energyPjPerOp,
    offChipBitPj: offChipLinkCost(tech).energyPjPerOp,
  };
}
