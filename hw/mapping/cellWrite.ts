// Cell programming cost for weight reloading: the arch's cellWrite when it states one, otherwise
// a default (the tech tables carry no cell-write row yet), labelled as such in the MappedNetwork.
import type { Arch } from '../arch/schema.js';
import type { MappedNetwork } from './types.js';

/** Default when the arch states none: the figures the shipped 8-bit presets use (assumption:
 *  one SET/RESET pulse train per 2-bit cell of about 1 pJ; rows programmed in 100 ns). */
export const DEFAULT_CELL_WRITE = { energyPjPerCell: 1, latencyPsPerRow: 100_000 } as const;

export function cellWriteCost(arch: Arch): MappedNetwork['cellWrite'] {
  if (arch.cellWrite) return { ...arch.cellWrite, source: `arch ${arch.name}: cellWrite` };
  return { ...DEFAULT_CELL_WRITE, source: 'ohmflow default (arch has no cellWrite; tech table has no cell-write row)' };
}
