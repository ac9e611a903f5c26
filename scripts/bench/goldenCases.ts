// The golden cases: the analytical model (mapping + estimate) over zoo networks x presets x mapping
// options, reload comparison, the AERO budget sweep and fixed-seed explores, each group's results
// reduced to one SHA-256 (canonicalHash.ts). Speed work must leave every hash as it was: the test
// (test/hw/ppa/golden.test.ts) holds the hashes, goldenHashes.ts prints them.
import type { NetworkSkeleton } from '../../workloads/ir/types.js';
import { describeNetwork } from '../../workloads/zoo/index.js';
import { loadArch } from '../../hw/arch/index.js';
import type { Arch } from '../../hw/arch/schema.js';
import { loadTech } from '../../hw/tech/load.js';
import { mapNetwork, type MapOptions } from '../../hw/mapping/index.js';
import { compareReload, estimate, type InputActivity } from '../../hw/ppa/index.js';
import { exploreBudgets } from '../../hw/dse/aero.js';
import { synthesize, type SynthesisOptions } from '../../hw/dse/synthesize.js';
import { sha256Of } from './canonicalHash.js';

export interface GoldenGroup {
  name: string;
  /** The group's results (errors included: a case that throws must keep throwing the same). */
  run: () => unknown;
}

/** A result, or the error it threw, as plain data. */
function outcome(f: () => unknown): unknown {
  try {
    return { ok: f() };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** A measured-like activity: a different value per crossbar layer, to cover per-layer lookups. */
function layerActivity(net: NetworkSkeleton): InputActivity {
  const perLayer: Record<string, number> = {};
  net.layers.forEach((l, i) => { if (l.kind === 'conv2d' || l.kind === 'dense') perLayer[l.name] = 0.1 + ((i * 7) % 9) / 10; });
  return { source: 'measured', defaultActivity: 0.37, perLayer };
}

/** Mapping options every (network, preset) pair is estimated with. */
function optionSets(net: NetworkSkeleton, arch: Arch): Array<Partial<MapOptions>> {
  const sets: Array<Partial<MapOptions>> = [
    { mapping: 'im2col', dup: 'auto', reload: true, batch: 16 },
    { mapping: 'kernel-split', dup: 'auto', reload: true, batch: 4 },
    { mapping: 'kernel-split', kernelSplitFallback: 'never', dup: 'none', reload: true, batch: 1 },
    { mapping: 'im2col', dup: 2, reload: false },
    { mapping: 'im2col', dup: 'auto', reload: false, schedule: 'layer-by-layer' },
  ];
  // Hybrid tiles: the first conv forced onto the digital MAC PEs.
  const firstConv = net.layers.find((l) => l.kind === 'conv2d');
  if (arch.tile.digitalMacPes && firstConv) sets.push({ mapping: 'im2col', dup: 'auto', reload: true, batch: 8, digital: [firstConv.name] });
  return sets;
}

function estimateGroup(netName: string, preset: string): GoldenGroup {
  return {
    name: `estimate ${netName} ${preset}`,
    run: () => {
      const net = describeNetwork(netName);
      const arch = loadArch(preset);
      const tech = loadTech(arch.tech);
      return optionSets(net, arch).map((options, i) => ({
        options,
        result: outcome(() => {
          const mapped = mapNetwork(net, arch, options, tech);
          // Every other set with a per-layer activity.
          return { mapped, analytical: estimate(mapped, arch, tech, i % 2 === 1 ? { activity: layerActivity(net) } : {}) };
        }),
      }));
    },
  };
}

function synthesisGroup(name: string, netName: string, o: SynthesisOptions): GoldenGroup {
  return {
    name,
    run: () => {
      const { wallS: _wall, ...rest } = synthesize(describeNetwork(netName), o);
      return rest;
    },
  };
}

export const GOLDEN_NETWORKS = ['lenet5', 'vgg8', 'alexnet', 'resnet18'] as const;
// Named, not listed from the directory: a preset added later must not change the golden set.
export const GOLDEN_PRESETS = ['aero-hybrid', 'contention', 'isaac', 'isaac-adc6', 'neurosim-vgg8', 'rram-lossless-32nm', 'rram-slc-differential'] as const;

export function goldenGroups(): GoldenGroup[] {
  const groups: GoldenGroup[] = [];
  for (const net of GOLDEN_NETWORKS) for (const preset of GOLDEN_PRESETS) groups.push(estimateGroup(net, preset));
  groups.push({
    name: 'estimate resnet50 isaac (bench:estimate)',
    run: () => {
      const arch = loadArch('isaac');
      const tech = loadTech(arch.tech);
      const mapped = mapNetwork(describeNetwork('resnet50'), arch, { reload: true, batch: 16 });
      return { mapped, analytical: estimate(mapped, arch, tech) };
    },
  });
  groups.push({
    name: 'compareReload resnet18 aero-hybrid',
    run: () => {
      const arch = loadArch('aero-hybrid');
      return compareReload(describeNetwork('resnet18'), arch, loadTech(arch.tech), { mapping: 'kernel-split', batch: 8 });
    },
  });
  groups.push({
    name: 'exploreBudgets vgg8 aero-hybrid',
    run: () => exploreBudgets(describeNetwork('vgg8'), loadArch('aero-hybrid'), [{ fraction: 1 }, { fraction: 0.5 }, { count: 300 }], { batches: [1, 16] }),
  });
  groups.push(synthesisGroup('synthesize alexnet seed 1', 'alexnet', { seed: 1, population: 6, generations: 3, annealSteps: 300 }));
  groups.push(synthesisGroup('synthesize vgg8 seed 5 kernel-split fps', 'vgg8', {
    seed: 5, population: 6, generations: 3, annealSteps: 300, mapping: 'kernel-split', objective: 'fps', areaBudgetMm2: 40, batch: 4,
  }));
  groups.push(synthesisGroup('synthesize lenet5 seed 2 adc 4 bits', 'lenet5', { seed: 2, population: 6, generations: 3, annealSteps: 200, adcBits: 4 }));
  return groups;
}

/** The bench's explore (bench:explore): AlexNet, seed 1, the CLI's defaults. Tens of seconds. */
export function fullExploreGroup(): GoldenGroup {
  return synthesisGroup('synthesize alexnet seed 1 (bench:explore)', 'alexnet', { seed: 1 });
}

export function hashGroup(g: GoldenGroup): string {
  return sha256Of(g.run());
}
