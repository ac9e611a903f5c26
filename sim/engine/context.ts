// What every engine actor shares: the chip, its tiles and NoC, the clock period, the fidelity and
// the per-layer operation tallies (indexed like MappedNetwork.layers).
import type { Arch } from '../../hw/arch/schema.js';
import type { TileActor } from './actors/tile.js';
import type { NocActor } from './actors/noc.js';
import type { OpTally } from './energy.js';

export type Fidelity = 'exact' | 'adc' | 'analog';

export interface EngineContext {
  arch: Arch;
  cyclePs: number;
  tiles: TileActor[];
  noc: NocActor;
  fidelity: Fidelity;
  /** Operations per layer (NoC flit-hops are charged to the consuming layer, as hw/ppa does). */
  tallies: OpTally[];
}
