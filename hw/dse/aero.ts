// Resource-constrained exploration (AERO, JETCAS 2022): the same tile design with fewer crossbars
// than the network needs. For each crossbar budget and batch size, the best mapping among
// duplication policies and digital offload (hybrid tiles), with segments and weight reloading when
// the weights do not fit; every point is set against weight-stationary on a chip grown to hold
// every weight, which shows where reloading overtakes it and how the batch amortizes the writes.
import { OhmflowError } from '../../workloads/errors.js';
import type { NetworkSkeleton } from '../../workloads/ir/types.js';
import { chipTotals } from '../arch/rollup.js';
import type { Arch } from '../arch/schema.js';
import { mapNetwork } from '../mapping/mapNetwork.js';
import { chipCrossbars } from '../mapping/segments.js';
import type { MapOptions, MappingScheme } from '../mapping/types.js';
import { estimate } from '../ppa/estimate.js';
import { growArchToFit } from '../ppa/compareReload.js';
import { loadTech } from '../tech/load.js';
import { metricsOf, score, type DesignMetrics, type Objective } from './objective.js';
import { meshFor } from './space.js';

/** A crossbar budget: a fraction of what one copy of the network needs, or an absolute count. */
type CrossbarBudget = { fraction: number } | { count: number };

export function parseCrossbarBudgets(text: string): CrossbarBudget[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const pct = /^(\d+(?:\.\d+)?)%$/.exec(s);
    if (pct && Number(pct[1]) > 0) return { fraction: Number(pct[1]) / 100 };
    if (/^\d+$/.test(s) && Number(s) > 0) return { count: Number(s) };
    throw new OhmflowError(`expected a percentage or a crossbar count, got "${s}"`, { field: '--crossbars', fix: 'use e.g. 100%,50%,25% or 4096,1024' });
  });
}

/** The arch with `tiles` tiles and a mesh to match (same tile design). */
function withTiles(arch: Arch, tiles: number): Arch {
  return { ...arch, name: `${arch.name}-${tiles}tiles`, chip: { ...arch.chip, tiles }, noc: { ...arch.noc, ...meshFor(tiles, arch.noc.tilesPerRouter) } };
}

export interface AeroPoint {
  budget: string;
  crossbarsBudget: number;
  crossbarsAvailable: number;
  tiles: number;
  batch: number;
  options: MapOptions;
  reloading: boolean;
  segments: number;
  /** Share of energy per image spent writing weights, %. */
  cellWriteSharePct: number;
  metrics: DesignMetrics;
  /** This point's fps and energy over the weight-stationary chip's (same options, batch 1). */
  fpsVsStationary: number;
  energyVsStationary: number;
}

export interface AeroResult {
  network: string;
  arch: string;
  crossbarsNeeded: number;
  stationary: { tiles: number; metrics: DesignMetrics };
  points: AeroPoint[];
}

interface AeroOptions {
  mapping?: MappingScheme;
  batches?: number[];
  objective?: Objective;
}

export function exploreBudgets(net: NetworkSkeleton, arch: Arch, budgets: CrossbarBudget[], o: AeroOptions = {}): AeroResult {
  const tech = loadTech(arch.tech);
  const mapping = o.mapping ?? 'im2col';
  const objective = o.objective ?? 'tops-per-w';
  const perTile = arch.tile.peCount * arch.tile.pe.crossbar.count;
  const probe = mapNetwork(net, arch, { mapping, dup: 'none', reload: true, digital: 'auto' }, tech);
  const needed = probe.budget.crossbarsNeededNoDup;
  const pesNeeded = probe.layers.reduce((s, l) => s + Math.ceil((l.partition?.crossbarsPerCopy ?? 0) / arch.tile.pe.crossbar.count), 0);
  const grown = withTiles(arch, growArchToFit(arch, pesNeeded).chip.tiles);
  const evaluate = (a: Arch, options: MapOptions) => metricsOf(estimate(mapNetwork(net, a, options, tech), a, tech), chipTotals(a, tech).powerW);
  const stationaryOptions: MapOptions = { mapping, dup: 'auto', batch: 1, reload: false, digital: 'auto' };
  const stationary = evaluate(grown, stationaryOptions);
  const digitalChoices: MapOptions['digital'][] = arch.tile.digitalMacPes && arch.tile.digitalMacPes.count > 0 ? ['auto', []] : ['auto'];
  const points: AeroPoint[] = [];
  for (const b of budgets) {
    const crossbarsBudget = 'count' in b ? b.count : Math.max(1, Math.round(b.fraction * needed));
    const tiles = Math.max(1, Math.ceil(crossbarsBudget / perTile));
    const chip = withTiles(arch, tiles);
    for (const batch of o.batches ?? [1, 16, 64]) {
      let best: { options: MapOptions; metrics: DesignMetrics; mapped: ReturnType<typeof mapNetwork>; cellWritePj: number } | undefined;
      for (const dup of ['none', 'auto'] as const) {
        for (const digital of digitalChoices) {
          const options: MapOptions = { mapping, dup, batch, reload: true, digital };
          const mapped = mapNetwork(net, chip, options, tech);
          const a = estimate(mapped, chip, tech);
          const metrics = metricsOf(a, chipTotals(chip, tech).powerW);
          if (!best || score(metrics, objective) > score(best.metrics, objective)) {
            best = { options, metrics, mapped, cellWritePj: a.breakdown.energyPj.cellWrite };
          }
        }
      }
      const m = best!;
      points.push({
        budget: 'count' in b ? String(b.count) : `${+(b.fraction * 100).toFixed(2)}%`,
        crossbarsBudget,
        crossbarsAvailable: chipCrossbars(chip),
        tiles,
        batch,
        options: m.options,
        reloading: m.mapped.reloading,
        segments: m.mapped.segments.length,
        cellWriteSharePct: (100 * m.cellWritePj) / m.metrics.energyPjPerImage,
        metrics: m.metrics,
        fpsVsStationary: m.metrics.fps / stationary.fps,
        energyVsStationary: m.metrics.energyPjPerImage / stationary.energyPjPerImage,
      });
    }
  }
  return { network: net.name, arch: arch.name, crossbarsNeeded: needed, stationary: { tiles: grown.chip.tiles, metrics: stationary }, points };
}
