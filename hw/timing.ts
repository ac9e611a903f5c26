// The chip's timing formulas, one home each. The mapping (duplication), the analytical model, the
// engine and the trace all time crossbar work with these, so they cannot disagree on a formula;
// they count reads independently (the mapping's partition, the engine's layout) and a property
// test holds the two counts equal.
import type { Arch } from './arch/schema.js';

/** One digital clock cycle at `clockHz`, ps (not rounded). */
function cyclePsAt(clockHz: number): number {
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

/**
 * Crossbars one ADC serves: 1 when an ADC converts columns of a single crossbar (columnsPerAdc up
 * to crossbar.cols), else columnsPerAdc / cols consecutive crossbars of a PE, whose reads then
 * queue for it. The PE's columns, crossbar after crossbar, are dealt to ADCs in runs of
 * columnsPerAdc (validate.ts keeps a spanning run to whole crossbars within one PE).
 */
export function crossbarsPerAdc(arch: Arch): number {
  const { adc, crossbar } = arch.tile.pe;
  return adc.columnsPerAdc > crossbar.cols ? adc.columnsPerAdc / crossbar.cols : 1;
}

/**
 * Columns an ADC group converts in each read round of one input bit-plane: the crossbars of the
 * group (sharing one ADC) read together, round after round, and round k converts the used columns
 * of every crossbar with more than k reads.
 */
export function groupRoundColumns(shapes: readonly ReadShape[]): number[] {
  let rounds = 0;
  for (const s of shapes) rounds = Math.max(rounds, s.readsPerPlane);
  const columns = new Array<number>(rounds).fill(0);
  for (const s of shapes) for (let k = 0; k < s.readsPerPlane; k++) columns[k] += s.usedCols;
  return columns;
}

/** One read round of crossbars sharing an ADC, ps: their parallel read and the ADC converting
 *  `columns` values are pipelined through the sample-and-holds, as in readStepPs. */
export function sharedRoundPs(arch: Arch, columns: number): number {
  return Math.max(arch.tile.pe.crossbar.readLatencyPs, conversionPs(arch, columns));
}

/**
 * One output pixel of a layer whose ADCs span crossbars, ps, with `copies` weight copies working in
 * step: `sequence` lists one copy's crossbars in the order they are placed (runs of [count, shape]);
 * copies fill consecutive crossbars from a PE boundary, so ADC groups of crossbarsPerAdc crossbars
 * may hold crossbars of two copies, which then share the ADC round by round. The slowest group sets
 * the pace, over every input bit-plane. The pattern of groups repeats every lcm(copy, group)
 * crossbars, so at most that many are walked.
 */
export function sharedAdcPixelPs(arch: Arch, sequence: ReadonlyArray<readonly [number, ReadShape]>, copies: number): number {
  const m = crossbarsPerAdc(arch);
  let perCopy = 0;
  for (const [n] of sequence) perCopy += n;
  const total = perCopy * copies;
  const walk = Math.min(total, (perCopy * m) / gcd(perCopy, m));
  let slowestPs = 0;
  let group: ReadShape[] = [];
  const close = () => {
    let ps = 0;
    for (const columns of groupRoundColumns(group)) ps += sharedRoundPs(arch, columns);
    slowestPs = Math.max(slowestPs, ps);
    group = [];
  };
  for (let x = 0, run = 0, left = sequence[0]?.[0] ?? 0; x < walk; x++) {
    group.push(sequence[run][1]);
    if (--left === 0) {
      run = (run + 1) % sequence.length;
      left = sequence[run][0];
    }
    if (group.length === m) close();
  }
  if (group.length > 0) close();
  return inputBitPlanes(arch) * slowestPs;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
