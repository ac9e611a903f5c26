// Requantizer cost: int32 accumulator -> int8 (fixed-point multiply and rounding shift) per cycle.
import type { TechTable } from '../tech/schema.js';
import { digitalUnit } from '../tech/scaling.js';
import { type ComponentCost } from './types.js';

export function requantizeCost(p: { clockHz: number }, tech: TechTable): ComponentCost {
  return digitalUnit(tech, 'requantize', p.clockHz);
}
