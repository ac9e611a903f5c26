// PE register cost (input and output registers): small single-port SRAM, one access per cycle.
import type { TechTable } from '../tech/schema.js';
import { sramUnit } from '../tech/scaling.js';
import { type ComponentCost } from './types.js';

export function registerCost(p: { sizeBytes: number; clockHz: number }, tech: TechTable): ComponentCost {
  return sramUnit(tech, { sizeBytes: p.sizeBytes, ports: 1, clockHz: p.clockHz });
}
