// Sample-and-hold cost: one sample of one bitline, taken at the end of a crossbar read so the
// ADC can convert while the next read proceeds (no latency of its own).
import type { TechTable } from '../tech/schema.js';
import { fixedUnit } from '../tech/scaling.js';
import type { ComponentCost } from './types.js';

export function sampleHoldCost(tech: TechTable): ComponentCost {
  return fixedUnit(tech, 'sampleHold');
}
