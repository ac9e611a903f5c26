// Digital MAC lane cost (hybrid tiles, AERO): one multiply-accumulate per cycle. A digital PE
// with macsPerCycle lanes costs macsPerCycle of these.
import type { TechTable } from '../tech/schema.js';
import { digitalMacUnit } from '../tech/scaling.js';
import { type ComponentCost } from './types.js';

export function digitalMacCost(p: { operandBits: number; clockHz: number }, tech: TechTable): ComponentCost {
  return digitalMacUnit(tech, p);
}
