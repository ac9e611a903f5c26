// Crossbar cost: one read drives activeRows rows for one input bit-plane and lasts readLatencyPs.
import type { TechTable } from '../tech/schema.js';
import { crossbarUnit } from '../tech/scaling.js';
import type { ComponentCost } from './types.js';

interface CrossbarParams {
  rows: number;
  cols: number;
  activeRows: number;
  readLatencyPs: number;
}

export function crossbarCost(p: CrossbarParams, tech: TechTable): ComponentCost {
  return crossbarUnit(tech, p);
}
