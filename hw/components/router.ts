// NoC router cost: energy per flit through the router (its per-hop latency is the arch's
// noc.routerLatencyPs, which the NoC timing uses; not a cost).
// Its area and power are shared by tilesPerRouter tiles (ISAAC's c-mesh); the roll-up divides.
import type { TechTable } from '../tech/schema.js';
import { routerUnit } from '../tech/scaling.js';
import type { ComponentCost } from './types.js';

interface RouterParams {
  flitBits: number;
  ports: number;
  clockHz: number;
}

export function routerCost(p: RouterParams, tech: TechTable): ComponentCost {
  return routerUnit(tech, p);
}
