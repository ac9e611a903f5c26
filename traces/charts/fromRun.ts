// Chart inputs from a run: the `analytical` object of hw/ppa, the `simulated` report and the
// engine's per-image layer times, shaped as traces/charts/types.ts wants them.
import type { Arch } from '../../hw/arch/schema.js';
import type { TechTable } from '../../hw/tech/schema.js';
import type { MappedNetwork } from '../../hw/mapping/types.js';
import { dynamicEnergyPj, unitEnergies, type Analytical } from '../../hw/ppa/index.js';
import type { EngineResult } from '../../sim/engine/index.js';
import type { ChartLayer, ChartReport, OccupancyInterval } from './types.js';

/**
 * The analytical model's report with each layer's energy by kind, recomputed from the layer's op
 * counts with hw/ppa's own functions (LayerEstimate carries only the total). Layers are the
 * stage times per image (LayerEstimate.latencyNs).
 */
export function analyticalChartReport(a: Analytical, mapped: MappedNetwork, arch: Arch, tech: TechTable): ChartReport {
  const unit = unitEnergies(arch, tech);
  const byName = new Map(mapped.layers.map((l) => [l.name, l]));
  const layers: ChartLayer[] = a.layers
    .filter((l) => l.engine !== 'none')
    .map((l) => {
      const pool = byName.get(l.name)?.digitalUnit === 'avgPool' ? 'avgPool' : 'maxPool';
      const byKind = dynamicEnergyPj(l.opCounts, unit, mapped.cellWrite.energyPjPerCell, pool);
      return { name: l.name, latencyNs: l.latencyNs, energyPj: l.energyPj, energyPjByKind: nonZero(byKind) };
    });
  return { breakdown: { energyPj: nonZero(a.breakdown.energyPj), areaMm2: a.breakdown.areaMm2 }, layers };
}

/** The shape of the `simulated` report the charts read (sim/engine/report.ts). */
interface SimulatedForCharts {
  readonly breakdown: { readonly energyPj: Readonly<Record<string, number>>; readonly areaMm2: Readonly<Record<string, number>> };
  readonly layers: ReadonlyArray<{ name: string; stageNs: number; energyPj: number; breakdown?: { energyPj: Readonly<Record<string, number>> } }>;
}

/** The simulated report; a layer's latency is its busiest lane's time per image, comparable to the analytical stage time. */
export function simulatedChartReport(s: SimulatedForCharts): ChartReport {
  return {
    breakdown: { energyPj: nonZero(s.breakdown.energyPj), areaMm2: s.breakdown.areaMm2 },
    layers: s.layers.map((l) => ({
      name: l.name,
      latencyNs: l.stageNs,
      energyPj: l.energyPj,
      ...(l.breakdown === undefined ? {} : { energyPjByKind: nonZero(l.breakdown.energyPj) }),
    })),
  };
}

/** Each layer busy on each image, first pixel started to last pixel out (simulated ns). */
export function occupancyFromEngine(r: Pick<EngineResult, 'layers'>): { intervals: OccupancyInterval[]; layerOrder: string[] } {
  const layers = r.layers.filter((l) => l.engine !== 'none');
  const intervals = layers.flatMap((l) =>
    l.firstStartPs.map((startPs, image) => ({ layer: l.name, startNs: startPs / 1e3, endNs: (l.lastEndPs[image] ?? startPs) / 1e3, image })),
  );
  return { intervals, layerOrder: layers.map((l) => l.name) };
}

/** The analytical pipeline fill of the first image: each layer from its start to its end. */
export function occupancyFromAnalytical(a: Analytical): { intervals: OccupancyInterval[]; layerOrder: string[] } {
  const layers = a.layers.filter((l) => l.engine !== 'none');
  return { intervals: layers.map((l) => ({ layer: l.name, startNs: l.startNs, endNs: l.endNs, image: 0 })), layerOrder: layers.map((l) => l.name) };
}

function nonZero(record: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== 0));
}
