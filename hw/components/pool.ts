// Pooling unit cost: max pool (one comparison per cycle) or average pool (one accumulation).
import type { TechTable } from '../tech/schema.js';
import { digitalUnit } from '../tech/scaling.js';
import { type ComponentCost } from './types.js';

export function poolCost(p: { kind: 'max' | 'avg'; clockHz: number }, tech: TechTable): ComponentCost {
  return digitalUnit(tech, p.kind === 'max' ? 'maxPool' : 'avgPool', p.clockHz);
}
