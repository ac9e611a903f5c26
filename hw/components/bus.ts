// Buffer-to-PE bus cost: energy per bit moved; a transfer of widthBits takes one cycle.
import type { TechTable } from '../tech/schema.js';
import { busUnit } from '../tech/scaling.js';
import { type ComponentCost } from './types.js';

export function busCost(p: { widthBits: number; clockHz: number }, tech: TechTable): ComponentCost {
  return busUnit(tech, p);
}
