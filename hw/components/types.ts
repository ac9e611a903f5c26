// What every component cost function returns: the figures of ONE unit. Counts multiply them in
// the roll-up (hw/arch/rollup.ts) and, later, operation counts in the analytical model (hw/ppa).
import type { UnitFigures } from '../tech/scaling.js';

export interface ComponentCost extends UnitFigures {
  /** Latency of one operation in ps; not rounded (an ADC conversion at 1.28 GS/s is 781.25 ps),
   *  because the engine schedules batches of operations and rounds once per batch. */
  latencyPs: number;
}

/** One digital clock cycle in ps (hw/timing.ts). */
export { cyclePsAt as cyclePs } from '../timing.js';
