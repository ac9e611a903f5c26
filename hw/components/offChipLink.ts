// Off-chip link cost (ISAAC: HyperTransport), per link; energy per bit moved. Link latency is not
// in the table, so it is 0 here and left to whoever models off-chip traffic.
import type { TechTable } from '../tech/schema.js';
import { fixedUnit } from '../tech/scaling.js';
import type { ComponentCost } from './types.js';

export function offChipLinkCost(tech: TechTable): ComponentCost {
  return fixedUnit(tech, 'offChipLink');
}
