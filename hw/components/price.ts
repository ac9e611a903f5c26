// One price for operation counts. The analytical model (hw/ppa, counts in closed form) and the
// engine (sim/engine, counts tallied as events happen) each hand their own counts over in this
// form, so they can differ only in the counts, never in how a count becomes energy.
import type { EnergyKind } from '../ppa/types.js';
import type { UnitEnergies } from './unitEnergies.js';

/** Operations the model and the engine count in the same unit (each counts them its own way). */
export interface CountedOps {
  crossbarReads: number;
  /** Row drives: a DAC drives a row for an input bit-plane only where the row's digit is not 0. */
  dacConversions: number;
  adcConversions: number;
  sampleHolds: number;
  shiftAdds: number;
  busBits: number;
  /** Router traversals of one flit. */
  nocFlitHops: number;
  activationOps: number;
  residualAddOps: number;
  requantizeOps: number;
  /** Multiply-accumulates on digital MAC PEs (hybrid tiles). */
  digitalMacs: number;
  /** Bits parked off chip between segments and read back (each counted out and in). */
  offChipBits: number;
  /** Cells programmed when a segment's weights are (re)loaded. */
  cellWrites: number;
}

/** What price() takes: the counted operations, plus buffers in accesses and pooling by kind. */
interface PricedOps extends CountedOps {
  /** Accesses of the input buffer's bandwidthBitsPerCycle bits (fractional when prorated from bits). */
  inputBufferAccesses: number;
  /** Accesses of the output buffer's bandwidthBitsPerCycle bits. */
  outputBufferAccesses: number;
  maxPoolOps: number;
  avgPoolOps: number;
}

/** Dynamic energy by component kind, pJ (register accesses and leakage are not operations: 0). */
export function price(ops: PricedOps, e: UnitEnergies, cellWritePjPerCell: number): Record<EnergyKind, number> {
  return {
    crossbar: ops.crossbarReads * e.crossbarReadPj,
    dac: ops.dacConversions * e.dacPj,
    sampleHold: ops.sampleHolds * e.sampleHoldPj,
    adc: ops.adcConversions * e.adcPj,
    shiftAdd: ops.shiftAdds * e.shiftAddPj,
    register: 0,
    buffer: ops.inputBufferAccesses * e.bufferAccessPj + ops.outputBufferAccesses * e.outputBufferAccessPj,
    bus: ops.busBits * e.busBitPj,
    router: ops.nocFlitHops * e.routerFlitPj,
    activation: ops.activationOps * e.activationPj,
    pool: ops.maxPoolOps * e.maxPoolPj + ops.avgPoolOps * e.avgPoolPj,
    residualAdd: ops.residualAddOps * e.residualAddPj,
    requantize: ops.requantizeOps * e.requantizePj,
    digitalMac: ops.digitalMacs * e.digitalMacPj,
    offChipLink: ops.offChipBits * e.offChipBitPj,
    cellWrite: ops.cellWrites * cellWritePjPerCell,
    leakage: 0,
  };
}
