// Residual adder cost: one elementwise addition per cycle.
import type { TechTable } from '../tech/schema.js';
import { digitalUnit } from '../tech/scaling.js';
import { type ComponentCost } from './types.js';

export function residualAddCost(p: { clockHz: number }, tech: TechTable): ComponentCost {
  return digitalUnit(tech, 'residualAdd', p.clockHz);
}
