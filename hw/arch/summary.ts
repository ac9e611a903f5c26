// The JSON shape `ohmflow arch --json` prints: the chip's totals and breakdowns with units in
// every name. Built from a roll-up, so the numbers are counts x unit figures.
import type { Arch } from './schema.js';
import type { Breakdown, ChipTotals, RollupItem } from './rollup.js';
import { adcLossless } from './lossless.js';

export interface ArchSummaryItem {
  level: RollupItem['level'];
  kind: RollupItem['kind'];
  label: string;
  count: number;
  unitAreaMm2: number;
  unitPowerMw: number;
  unitEnergyPjPerOp: number;
  areaMm2: number;
  powerMw: number;
}

export interface ArchSummary {
  arch: string;
  description: string;
  tech: string;
  /** Chip area, mm2. */
  areaMm2: number;
  /** Peak chip power (all units busy), W. */
  powerW: number;
  leakageMw: number;
  tile: { areaMm2: number; powerMw: number; breakdown: Breakdown };
  pe: { areaMm2: number; powerMw: number; breakdown: Breakdown };
  breakdown: Breakdown;
  counts: ChipTotals['counts'];
  peakMacsPerSecond: number;
  peakTops: number;
  peakTopsPerW: number;
  peakTopsPerMm2: number;
  adc: { bits: number; losslessBits: number; lossless: boolean };
  items: ArchSummaryItem[];
}

export function archSummary(arch: Arch, totals: ChipTotals): ArchSummary {
  const lossless = adcLossless(arch);
  const items = [...totals.pe.items, ...totals.tile.items, ...totals.chip.items].map((it) => ({
    level: it.level,
    kind: it.kind,
    label: it.label,
    count: it.count,
    unitAreaMm2: it.unit.areaMm2,
    unitPowerMw: it.unit.peakPowerMw,
    unitEnergyPjPerOp: it.unit.energyPjPerOp,
    areaMm2: it.areaMm2,
    powerMw: it.powerMw,
  }));
  return {
    arch: arch.name,
    description: arch.description,
    tech: totals.tech,
    areaMm2: totals.areaMm2,
    powerW: totals.powerW,
    leakageMw: totals.chip.leakageMw,
    tile: { areaMm2: totals.tile.areaMm2, powerMw: totals.tile.powerMw, breakdown: totals.tile.breakdown },
    pe: { areaMm2: totals.pe.areaMm2, powerMw: totals.pe.powerMw, breakdown: totals.pe.breakdown },
    breakdown: totals.chip.breakdown,
    counts: totals.counts,
    peakMacsPerSecond: totals.peakMacsPerSecond,
    peakTops: totals.peakTops,
    peakTopsPerW: totals.peakTopsPerW,
    peakTopsPerMm2: totals.peakTopsPerMm2,
    adc: { bits: lossless.adcBits, losslessBits: lossless.requiredBits, lossless: lossless.lossless },
    items,
  };
}
