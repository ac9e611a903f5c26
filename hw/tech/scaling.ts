// Scaling rules: per-unit figures of a component at parameters the table does not list, derived
// from the table's published rows and curves. At a row's own parameters every rule returns the
// row's figures exactly (divided by rowCount), so a preset built from the table reproduces it.
// Each rule names its source and assumption; docs/tech-tables.md explains them at length.
import type { TechComponent, TechKind, TechRow, TechTable } from './schema.js';
import { logLinear, logLog } from './interpolate.js';

/** Figures of ONE unit of a component. Energies are per operation of that unit. */
export interface UnitFigures {
  areaMm2: number;
  peakPowerMw: number;
  leakageMw: number;
  energyPjPerOp: number;
}

/** The published row divided by the number of units it covers. */
function unitFigures(row: TechRow): UnitFigures {
  return {
    areaMm2: row.areaMm2.value / row.rowCount,
    peakPowerMw: row.peakPowerMw.value / row.rowCount,
    leakageMw: row.leakageMw.value / row.rowCount,
    energyPjPerOp: row.energyPjPerOp.value,
  };
}

/** The row a scaling rule starts from: the first row of the kind (tables list the reference first). */
function referenceRow(component: TechComponent): TechRow {
  return component.rows[0]!;
}

function refParam(row: TechRow, key: string, kind: string): number {
  const value = row.at[key];
  if (value === undefined) throw new Error(`tech row for ${kind} lacks at.${key}`);
  return value;
}

function scaled(f: UnitFigures, area: number, power: number, energy: number): UnitFigures {
  return { areaMm2: f.areaMm2 * area, peakPowerMw: f.peakPowerMw * power, leakageMw: f.leakageMw * power, energyPjPerOp: f.energyPjPerOp * energy };
}

/** Digital logic burns dynamic power in proportion to its clock (P = a C V^2 f). */
function clockRatio(tech: TechTable, clockHz: number): number {
  return clockHz / tech.referenceClockHz.value;
}

/**
 * ADC. Energy per conversion vs bits follows the 4..10 b table (log-linear between points;
 * below 4 b the 4->5 b ratio per bit is extended). Above the table's last point the growth per
 * bit follows PIMSYN's 8..14 b power figures (about 2x per bit from 10 to 12 b, the
 * thermal-noise-limited regime), extended beyond 14 b with the 12->14 b slope. Power = energy x
 * sample rate, scaled from the reference row. Area follows the area table the same way and, above
 * it, grows like the energy (assumption).
 */
export function adcUnit(tech: TechTable, bits: number, sampleRateHz: number): UnitFigures {
  const row = referenceRow(tech.components.adc);
  const { adcEnergyPjVsBits: energy, adcAreaUm2VsBits: area, adcPowerMwVsBitsHigh: high } = tech.curves;
  const extend = (curve: { x: number[]; y: number[] }, b: number): number => {
    const top = curve.x[curve.x.length - 1]!;
    if (b <= top) return logLinear(curve.x, curve.y, b);
    return logLinear(curve.x, curve.y, top) * (logLinear(high.x, high.y, b) / logLinear(high.x, high.y, top));
  };
  const refBits = refParam(row, 'bits', 'adc');
  const energyRatio = extend(energy, bits) / extend(energy, refBits);
  const areaRatio = extend(area, bits) / extend(area, refBits);
  const rateRatio = sampleRateHz / refParam(row, 'sampleRateHz', 'adc');
  return scaled(unitFigures(row), areaRatio, energyRatio * rateRatio, energyRatio);
}

/**
 * Crossbar. Read power grows with the cells conducting in a read, per PIMSYN's 128/256/512
 * arrays at 0.3/1.2/4.8 mW (a power law of exponent 2 in the side, i.e. linear in cells); an
 * array reading activeRows x cols cells is costed as a square array of the same cell count.
 * Energy per read = that power x read latency. Area is linear in rows x cols (the cell array).
 */
export function crossbarUnit(tech: TechTable, p: { rows: number; cols: number; activeRows: number; readLatencyPs: number }): UnitFigures {
  const row = referenceRow(tech.components.crossbar);
  const curve = tech.curves.crossbarPowerMwVsSize;
  const side = (activeRows: number, cols: number) => Math.sqrt(activeRows * cols);
  const refSide = side(refParam(row, 'activeRows', 'crossbar'), refParam(row, 'cols', 'crossbar'));
  const powerRatio = logLog(curve.x, curve.y, side(p.activeRows, p.cols)) / logLog(curve.x, curve.y, refSide);
  const areaRatio = (p.rows * p.cols) / (refParam(row, 'rows', 'crossbar') * refParam(row, 'cols', 'crossbar'));
  const latencyRatio = p.readLatencyPs / refParam(row, 'readLatencyPs', 'crossbar');
  return scaled(unitFigures(row), areaRatio, powerRatio, powerRatio * latencyRatio);
}

/** DAC. Power vs bits from PIMSYN's 1/2/4 b figures (log-linear: 2x per bit); area and energy per
 *  conversion scale like the power (assumption: a wider driver ladder, same conversion time). */
export function dacUnit(tech: TechTable, bits: number): UnitFigures {
  const row = referenceRow(tech.components.dac);
  const curve = tech.curves.dacPowerUwVsBits;
  const ratio = logLinear(curve.x, curve.y, bits) / logLinear(curve.x, curve.y, refParam(row, 'bits', 'dac'));
  return scaled(unitFigures(row), ratio, ratio, ratio);
}

/**
 * eDRAM. Area is linear in capacity (cell array dominates). Energy per access grows with the
 * access width and with sqrt(capacity) (bitline and wordline lengths, the CACTI trend); peak
 * power = one access per port per cycle, so it also scales with ports and clock.
 */
export function edramUnit(tech: TechTable, p: { sizeBytes: number; bandwidthBitsPerCycle: number; ports: number; clockHz: number }): UnitFigures {
  const row = referenceRow(tech.components.edram);
  const sizeRatio = p.sizeBytes / refParam(row, 'sizeBytes', 'edram');
  const widthRatio = p.bandwidthBitsPerCycle / refParam(row, 'bandwidthBitsPerCycle', 'edram');
  const portRatio = p.ports / refParam(row, 'ports', 'edram');
  const energyRatio = Math.sqrt(sizeRatio) * widthRatio;
  return scaled(unitFigures(row), sizeRatio, energyRatio * portRatio * clockRatio(tech, p.clockHz), energyRatio);
}

/**
 * SRAM (buffers and registers). Piecewise power law between the table's sizes (ISAAC's 256 B,
 * 2 KB and 3 KB registers), extended with the end segments' exponents. Power scales with ports
 * (reference: one port) and clock. The access width is not modelled (ISAAC does not print it).
 */
export function sramUnit(tech: TechTable, p: { sizeBytes: number; ports: number; clockHz: number }): UnitFigures {
  const rows = [...tech.components.sram.rows].sort((a, b) => refParam(a, 'sizeBytes', 'sram') - refParam(b, 'sizeBytes', 'sram'));
  const sizes = rows.map((r) => refParam(r, 'sizeBytes', 'sram'));
  const figures = rows.map(unitFigures);
  const at = (pick: (f: UnitFigures) => number) => {
    const ys = figures.map(pick);
    // A zero figure (e.g. unknown leakage) has no power law; keep it zero.
    return ys.some((y) => y <= 0) ? 0 : logLog(sizes, ys, p.sizeBytes);
  };
  const power = p.ports * clockRatio(tech, p.clockHz);
  return {
    areaMm2: at((f) => f.areaMm2),
    peakPowerMw: at((f) => f.peakPowerMw) * power,
    leakageMw: at((f) => f.leakageMw) * p.ports,
    energyPjPerOp: at((f) => f.energyPjPerOp),
  };
}

/** Bus: wires are linear in width; power also follows the clock. Energy is per bit moved. */
export function busUnit(tech: TechTable, p: { widthBits: number; clockHz: number }): UnitFigures {
  const row = referenceRow(tech.components.bus);
  const widthRatio = p.widthBits / refParam(row, 'widthBits', 'bus');
  return scaled(unitFigures(row), widthRatio, widthRatio * clockRatio(tech, p.clockHz), 1);
}

/** Router: area and power linear in flit width x ports (buffers and crossbar switch, first-order
 *  assumption); power follows the clock; energy per flit is linear in the flit width. */
export function routerUnit(tech: TechTable, p: { flitBits: number; ports: number; clockHz: number }): UnitFigures {
  const row = referenceRow(tech.components.router);
  const flitRatio = p.flitBits / refParam(row, 'flitBits', 'router');
  const sizeRatio = flitRatio * (p.ports / refParam(row, 'ports', 'router'));
  return scaled(unitFigures(row), sizeRatio, sizeRatio * clockRatio(tech, p.clockHz), flitRatio);
}

/** Fixed-function digital units (activation, pooling, adders, requantizer): power follows the clock. */
export function digitalUnit(tech: TechTable, kind: Extract<TechKind, 'shiftAdd' | 'activation' | 'maxPool' | 'avgPool' | 'residualAdd' | 'requantize'>, clockHz: number): UnitFigures {
  return scaled(unitFigures(referenceRow(tech.components[kind])), 1, clockRatio(tech, clockHz), 1);
}

/** Digital MAC lane: the multiplier dominates and grows with the square of the operand width
 *  (Horowitz ISSCC 2014: 8 b -> 32 b multiply 0.2 -> 3.1 pJ, about 16x); power follows the clock. */
export function digitalMacUnit(tech: TechTable, p: { operandBits: number; clockHz: number }): UnitFigures {
  const row = referenceRow(tech.components.digitalMac);
  const ratio = (p.operandBits / refParam(row, 'operandBits', 'digitalMac')) ** 2;
  return scaled(unitFigures(row), ratio, ratio * clockRatio(tech, p.clockHz), ratio);
}

/** Components costed as published, without parameters. */
export function fixedUnit(tech: TechTable, kind: Extract<TechKind, 'sampleHold' | 'offChipLink'>): UnitFigures {
  return unitFigures(referenceRow(tech.components[kind]));
}
