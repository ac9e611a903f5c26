// What every component cost function returns: the figures of ONE unit. Counts multiply them in
// the roll-up (hw/arch/rollup.ts) and, later, operation counts in the analytical model (hw/ppa).
import type { UnitFigures } from '../tech/scaling.js';

// Timing is not a cost figure: hw/timing.ts holds every timing formula.
export type ComponentCost = UnitFigures;

/** One digital clock cycle in ps (hw/timing.ts). */
;
