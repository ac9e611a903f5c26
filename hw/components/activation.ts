// Activation unit cost (ISAAC: sigmoid; ReLU designs are costed the same, conservatively).
import type { TechTable } from '../tech/schema.js';
import { digitalUnit } from '../tech/scaling.js';
import { type ComponentCost } from './types.js';

export function activationCost(p: { clockHz: number }, tech: TechTable): ComponentCost {
  return digitalUnit(tech, 'activation', p.clockHz);
}
