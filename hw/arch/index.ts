// Public API of hw/arch: load a chip, read what follows from it, roll up its area and power.
//   const arch = loadArch('isaac');          // or a path, or no argument for the default chip
//   const totals = chipTotals(arch);         // tech table loaded from arch.tech
//   totals.areaMm2, totals.powerW, totals.tile.breakdown.areaMm2.adc, totals.peakTopsPerW
export { archSchema, archJsonSchema, MAX_PRECISION_BITS, type Arch, type ArchInput, type PeArch, type TileArch, type BufferArch, type NocArch } from './schema.js';
export { loadArch, parseArch, listPresets, presetsDir, DEFAULT_ARCH_PRESET } from './load.js';
export { crossFieldProblems, type ArchProblem } from './validate.js';
export { losslessAdcBits, maxColumnSum, adcLossless } from './lossless.js';
export {
  weightSlices, weightsPerCrossbarRow, inputBitPlanes, rowGroups, readStepPs, crossbarMacsPerSecond, peakMacsPerSecond,
} from './derived.js';
export {
  chipTotals, peItems, tileItems, COMPONENT_KINDS,
  type ChipTotals, type LevelTotals, type RollupItem, type Breakdown, type ComponentKind, type Level,
} from './rollup.js';
export { archSummary, type ArchSummary, type ArchSummaryItem } from './summary.js';
export { parseQuantity, quantity, type Quantity } from './units.js';
export { packageRoot } from './packageRoot.js';
