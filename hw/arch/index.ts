// Public API of hw/arch: load a chip, read what follows from it, roll up its area and power.
//   const arch = loadArch('isaac');          // or a path, or no argument for the default chip
//   const totals = chipTotals(arch);         // tech table loaded from arch.tech
//   totals.areaMm2, totals.powerW, totals.tile.breakdown.areaMm2.adc, totals.peakTopsPerW
export {  archJsonSchema,  type Arch,      } from './schema.js';
export { loadArch, parseArch, listPresets, presetsDir } from './load.js';
export { DEFAULT_ARCH_PRESET } from './defaultPreset.js';
;
export {   adcLossless } from './lossless.js';
export {
  weightSlices,      
} from './derived.js';
export {
  chipTotals,   COMPONENT_KINDS,
       
} from './rollup.js';
export { archSummary, type ArchSummary,  } from './summary.js';
;
;
