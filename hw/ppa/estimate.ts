// The analytical model: MappedNetwork + arch + tech -> the report's `analytical` object.
// Pure; milliseconds per network. Formulas: docs/ppa-model.md.
import type { Arch } from '../arch/schema.js';
import { chipTotals } from '../arch/rollup.js';
import type { TechTable } from '../tech/schema.js';
import type { MappedNetwork } from '../mapping/types.js';
import { formatDup } from '../mapping/mapNetwork.js';
import { dynamicEnergyPj, sumEnergy, zeroEnergy } from './energy.js';
import { networkTiming, type NetworkTiming } from './latency.js';
import { addCounts, countsWithFlows, zeroCounts } from './opCounts.js';
import type { Analytical, EstimateOptions, LayerEstimate } from './types.js';
import { ASSUMED_ACTIVITY, ENERGY_KINDS } from './types.js';
import { unitEnergies } from '../components/unitEnergies.js';

function offChipSummary(mapped: MappedNetwork, timing: NetworkTiming): Analytical['offChip'] {
  const o = mapped.offChip;
  const batchPs = timing.segments.reduce((s, g) => s + g.batchPs, 0);
  return {
    links: o.links, timedLinks: o.timedLinks, assumedLink: mapped.reloading && o.assumed, bandwidthBytesPerS: o.bandwidthBytesPerS,
    parkedBitsPerImage: mapped.segments.reduce((s, g) => s + g.parkedOutBits, 0),
    parkNsPerBatch: timing.parkPs / 1e3,
    parkSharePct: batchPs > 0 ? (100 * timing.parkPs) / batchPs : 0,
  };
}

/** Items by key, each list in the items' order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(key(item));
    if (list === undefined) out.set(key(item), [item]);
    else list.push(item);
  }
  return out;
}

export function estimate(mapped: MappedNetwork, arch: Arch, tech: TechTable, options: EstimateOptions = {}): Analytical {
  const activity = options.activity ?? ASSUMED_ACTIVITY;
  const unit = unitEnergies(arch, tech);
  const totals = chipTotals(arch, tech);
  const timing = networkTiming(mapped, arch);
  const inbound = groupBy(mapped.edges, (e) => e.to);
  // Each layer's flows, grouped once (flow order kept: counts add them in that order).
  const sent = groupBy(timing.flows, (f) => f.source.name);
  const received = groupBy(timing.flows, (f) => f.consumer.name);

  const energy = zeroEnergy();
  let counts = zeroCounts();
  const layers: LayerEstimate[] = mapped.layers.map((layer) => {
    const flows = { span: timing.resources.spans.get(layer.name), sent: sent.get(layer.name) ?? [], received: received.get(layer.name) ?? [] };
    const c = countsWithFlows(layer, inbound.get(layer.name) ?? [], mapped, arch, flows, activity);
    const e = dynamicEnergyPj(c, unit, mapped.cellWrite.energyPjPerCell, layer.digitalUnit === 'avgPool' ? 'avgPool' : 'maxPool');
    for (const k of ENERGY_KINDS) energy[k] += e[k];
    counts = addCounts(counts, c);
    const t = timing.layers.get(layer.name)!;
    return {
      name: layer.name,
      kind: layer.kind,
      engine: layer.engine,
      macs: layer.macs,
      crossbars: layer.crossbars,
      duplication: layer.duplication,
      latencyNs: t.stagePs / 1e3,
      bottleneck: t.bottleneck,
      energyPj: sumEnergy(e),
      startNs: t.startPs / 1e3,
      endNs: t.endPs / 1e3,
      segment: layer.segment,
      opCounts: c,
    };
  });
  const dynamicPj = sumEnergy(energy);
  const slowest = layers.reduce((b, l) => (l.latencyNs > b.latencyNs ? l : b), layers[0]);
  const { ledger } = timing.resources;
  const busiestResources = ledger.busiest(8).map((slot) => ({
    resource: mapped.segments.length > 1 ? ledger.keyOf(slot) : ledger.nameOf(slot),
    busyNs: ledger.busyPs[slot] / 1e3,
    layers: mapped.layers.filter((_, li) => ledger.slotsOf(li).has(slot)).map((l) => l.name),
  }));
  // mW x ns = pJ: the whole chip leaks during one image's interval.
  energy.leakage = totals.chip.leakageMw * (timing.intervalPs / 1e3);
  const energyPj = dynamicPj + energy.leakage;
  const macs = mapped.layers.reduce((s, l) => s + l.macs, 0);
  const intervalNs = timing.intervalPs / 1e3;
  const tops = (2 * macs) / (intervalNs * 1e3);
  const share = (x: number) => (dynamicPj > 0 ? (100 * x) / dynamicPj : 0);
  return {
    inputActivity: activity,
    areaMm2: totals.areaMm2,
    latencyNs: timing.latencyPs / 1e3,
    intervalNs,
    fps: 1e9 / intervalNs,
    energyPjPerImage: energyPj,
    dynamicEnergyPjPerImage: dynamicPj,
    tops,
    topsPerW: (2 * macs) / energyPj,
    topsPerMm2: tops / totals.areaMm2,
    adcEnergySharePct: share(energy.adc),
    adcDacEnergySharePct: share(energy.adc + energy.dac),
    macs,
    mapping: mapped.options.mapping,
    duplicationPolicy: formatDup(mapped.options.dup),
    batch: mapped.options.batch,
    segments: mapped.segments.length,
    reloading: mapped.reloading,
    crossbarsUsed: mapped.budget.crossbarsUsed,
    crossbarsAvailable: mapped.budget.crossbarsAvailable,
    offChip: offChipSummary(mapped, timing),
    breakdown: { energyPj: energy, areaMm2: { ...totals.chip.breakdown.areaMm2 } },
    intervalBound: { layer: slowest?.name ?? '', resource: slowest?.bottleneck ?? 'none', busyNs: slowest?.latencyNs ?? 0 },
    busiestResources,
    opCounts: counts,
    layers,
    warnings: [...mapped.warnings],
  };
}
