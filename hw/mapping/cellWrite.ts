// Cell programming cost for weight reloading: the arch's cellWrite when it states one, otherwise
// the tech table's cellWrite row (hw/tech/<table>.json, with its source), labelled in the
// MappedNetwork so a report says where the figure came from.
import { OhmflowError } from '../../workloads/errors.js';
import type { Arch } from '../arch/schema.js';
import type { TechTable } from '../tech/schema.js';
import type { MappedNetwork } from './types.js';

export function cellWriteCost(arch: Arch, tech: TechTable | undefined): MappedNetwork['cellWrite'] {
  if (arch.cellWrite) return { ...arch.cellWrite, source: `arch ${arch.name}: cellWrite` };
  if (tech?.cellWrite) {
    const w = tech.cellWrite;
    return {
      energyPjPerCell: w.energyPjPerCell.value,
      latencyPsPerRow: w.latencyPsPerRow.value,
      source: `tech ${tech.name}: cellWrite (${w.energyPjPerCell.source}; ${w.latencyPsPerRow.source})`,
    };
  }
  throw new OhmflowError(`neither arch "${arch.name}" nor tech table "${arch.tech}" states a cell-write cost`, {
    field: 'cellWrite', fix: 'add cellWrite { energyPjPerCell, latencyPsPerRow } to the arch, or a cellWrite row to the tech table',
  });
}
