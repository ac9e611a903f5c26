// Weight-stationary vs weight-reloading in one call: the network on the given chip with segments
// and reloading, beside the same design grown (more tiles, same tile) until every weight is
// resident. The grown chip is the honest stationary alternative: same tile, more area.
import type { NetworkSkeleton } from '../../workloads/ir/types.js';
import type { Arch } from '../arch/schema.js';
import type { TechTable } from '../tech/schema.js';
import { mapNetwork } from '../mapping/mapNetwork.js';
import type { MapOptions } from '../mapping/types.js';
import { estimate } from './estimate.js';
import type { Analytical } from './types.js';

/** The same arch with enough tiles (and mesh routers) for `pesNeeded` PEs. */
export function growArchToFit(arch: Arch, pesNeeded: number): Arch {
  const tiles = Math.max(arch.chip.tiles, Math.ceil(pesNeeded / arch.tile.peCount));
  const routers = Math.ceil(tiles / arch.noc.tilesPerRouter);
  let { rows, cols } = arch.noc;
  if (rows * cols < routers) {
    cols = Math.ceil(Math.sqrt(routers));
    rows = Math.ceil(routers / cols);
  }
  return { ...arch, name: `${arch.name}-x${tiles}tiles`, chip: { ...arch.chip, tiles }, noc: { ...arch.noc, rows, cols } };
}

interface ReloadComparison {
  reloading: Analytical;
  stationary: Analytical;
  /** Tiles the stationary chip needs (the given chip has arch.chip.tiles). */
  stationaryTiles: number;
}

export function compareReload(net: NetworkSkeleton, arch: Arch, tech: TechTable, options: Partial<MapOptions>): ReloadComparison {
  const reloaded = mapNetwork(net, arch, { ...options, reload: true });
  // PEs for one unfolded copy of every layer (a layer starts on a fresh PE).
  const perPe = arch.tile.pe.crossbar.count;
  const pesNeeded = reloaded.layers.reduce((s, l) => s + Math.ceil((l.partition?.crossbarsPerCopy ?? 0) / perPe), 0);
  const grown = growArchToFit(arch, pesNeeded);
  const stationary = estimate(mapNetwork(net, grown, { ...options, reload: false }), grown, tech);
  return { reloading: estimate(reloaded, arch, tech), stationary, stationaryTiles: grown.chip.tiles };
}
