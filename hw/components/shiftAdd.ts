// Shift-and-add cost: merges bit-plane and weight-slice partial sums, one operation per cycle.
import type { TechTable } from '../tech/schema.js';
import { digitalUnit } from '../tech/scaling.js';
import { type ComponentCost } from './types.js';

export function shiftAddCost(p: { clockHz: number }, tech: TechTable): ComponentCost {
  return digitalUnit(tech, 'shiftAdd', p.clockHz);
}
