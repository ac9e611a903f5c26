// The chip's timing formulas, one home each. The mapping (duplication), the analytical model, the
// engine and the trace all time crossbar work with these, so they cannot disagree on a formula;
// they count reads independently (the mapping's partition, the engine's layout) and a property
// test holds the two counts equal.
import type { Arch } from './arch/schema.js';

/** One digital clock cycle at `clockHz`, ps (not rounded). */
export function cyclePsAt(clockHz: number): number {
  return 1e12 / clockHz;
}

/** One digital clock cycle of the chip, ps (not rounded: the analytical model's time). */
export function cyclePs(arch: Arch): number {
  return cyclePsAt(arch.clockHz);
}

/** One clock cycle in the engine's integer time, ps. */
export function engineCyclePs(arch: Arch): number {
  return Math.round(cyclePs(arch));
}

/** DAC bit-planes of an inputBits-wide value fed dacBits per read: ceil(inputBits / dacBits). */
export function bitPlanes(inputBits: number, dacBits: number): number {
  return Math.ceil(inputBits / dacBits);
}

/** DAC bit-planes per input value of the chip. */
export function inputBitPlanes(arch: Arch): number {
  return bitPlanes(arch.precision.inputBits, arch.tile.pe.dac.bits);
}

/** Converting `columns` column values one after another on one ADC, ps (whole ps). */
export function conversionPs(arch: Arch, columns: number): number {
  return Math.ceil((columns * 1e12) / arch.tile.pe.adc.sampleRateHz);
}

/** Columns the busiest ADC converts after one read of a crossbar whose first `usedColumns`
 *  columns hold weights: its mux share, or fewer when the crossbar is not full. */
export function columnsOnBusiestAdc(arch: Arch, usedColumns: number): number {
  return Math.min(usedColumns, arch.tile.pe.adc.columnsPerAdc);
}

/**
 * One read step of a crossbar, ps: the array read and the conversion of the busiest ADC's columns
 * are pipelined through the sample-and-hold (ISAAC), so the slower of the two sets the pace.
 * `usedColumns` defaults to a full crossbar.
 */
export function readStepPs(arch: Arch, usedColumns: number = arch.tile.pe.crossbar.cols): number {
  return Math.max(arch.tile.pe.crossbar.readLatencyPs, conversionPs(arch, columnsOnBusiestAdc(arch, usedColumns)));
}

/** How a crossbar of a copy is read per input bit-plane: its reads, one after another, and the
 *  columns that hold weights. */
export interface ReadShape {
  readsPerPlane: number;
  usedCols: number;
}

/** One output pixel on one weight copy, ps: the copy's crossbars work in parallel, so the slowest
 *  sets the pace, over every input bit-plane (a folded layer takes this once per fold). */
export function crossbarPixelPs(arch: Arch, shapes: Iterable<ReadShape>): number {
  let slowestPs = 0;
  for (const s of shapes) slowestPs = Math.max(slowestPs, s.readsPerPlane * readStepPs(arch, s.usedCols));
  return inputBitPlanes(arch) * slowestPs;
}
