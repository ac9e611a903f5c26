// DAC cost: one operation drives one row with one input bit-plane of `bits` bits. Its settling
// happens inside the crossbar read, so it adds no latency of its own.
import type { TechTable } from '../tech/schema.js';
import { dacUnit } from '../tech/scaling.js';
import type { ComponentCost } from './types.js';

export interface DacParams {
  bits: number;
}

export function dacCost(p: DacParams, tech: TechTable): ComponentCost {
  return { ...dacUnit(tech, p.bits), latencyPs: 0 };
}
