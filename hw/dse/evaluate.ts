// One design point of the synthesis: a genome -> tiles that fit the budget -> Arch -> duplication
// by annealing -> MappedNetwork -> analytical PPA. Infeasible points (ADC over 16 bits, a rule of
// the arch broken, nothing fits the budget) come back with feasible = false and a reason.
import type { NetworkSkeleton } from '../../workloads/ir/types.js';
import { SeededRandom } from '../../workloads/random.js';
import { chipTotals, tileLevels, type ChipTotals, type TileLevels } from '../arch/rollup.js';
import type { Arch } from '../arch/schema.js';
import { crossFieldProblems } from '../arch/validate.js';
import { MAX_PRECISION_BITS } from '../arch/schema.js';
import { chooseDuplication } from '../mapping/duplication.js';
import { describeLayers } from '../mapping/layers.js';
import { mapDescribed } from '../mapping/mapNetwork.js';
import { chipPes } from '../mapping/segments.js';
import { pesFor } from '../mapping/stageTime.js';
import type { MapOptions, MappingScheme } from '../mapping/types.js';
import { estimate } from '../ppa/estimate.js';
import type { TechTable } from '../tech/schema.js';
import { annealDuplication } from './anneal.js';
import { metricsOf, score, type DesignMetrics, type Objective } from './objective.js';
import { buildArch, geneValue, genomeKey, type Genome } from './space.js';

export interface Budget {
  powerW?: number;
  areaMm2?: number;
}

/** The budget as text: "a budget of 65.8 W peak power and 120 mm2" (the JSON goes to --json). */
export function budgetText(b: Budget): string {
  const parts = [
    ...(b.powerW === undefined ? [] : [`${Number(b.powerW.toPrecision(4))} W peak power`]),
    ...(b.areaMm2 === undefined ? [] : [`${Number(b.areaMm2.toPrecision(4))} mm2`]),
  ];
  return parts.length === 0 ? 'no budget' : `a budget of ${parts.join(' and ')}`;
}

export interface EvalContext {
  net: NetworkSkeleton;
  base: Arch;
  /** The base's table (loadTech(base.tech)): it prices every design and gives the mapper its
   *  cell-write and off-chip figures (passed, not read from disk for every design). */
  tech: TechTable;
  budget: Budget;
  objective: Objective;
  mapping: MappingScheme;
  /** Images per weight load when a design must reload. */
  batch: number;
  annealSteps: number;
  seed: number;
  adcBits?: number;
}

export interface Candidate {
  genome: Genome;
  feasible: boolean;
  reason?: string;
  arch?: Arch;
  options?: MapOptions;
  metrics?: DesignMetrics;
  score: number;
  /** Top-1 accuracy, when an accuracy floor measured it (accuracyGate.ts). */
  top1?: number;
}

/** One genome's tile levels by router ports: of what buildArch changes with the tile count (the
 *  chip's tiles and mesh), the tile levels read only noc.routerPorts. Scoped to one design point. */
type LevelsByPorts = Map<number, TileLevels>;

/** chipTotals of one of the genome's chips, its tile levels worked out once. */
function totalsOf(arch: Arch, tech: TechTable, levels: LevelsByPorts): ChipTotals {
  let lv = levels.get(arch.noc.routerPorts);
  if (lv === undefined) levels.set(arch.noc.routerPorts, (lv = tileLevels(arch, tech)));
  return chipTotals(arch, tech, lv);
}

function withinBudget(t: ChipTotals, budget: Budget, share: number): boolean {
  return (budget.powerW === undefined || t.powerW <= budget.powerW * share) && (budget.areaMm2 === undefined || t.areaMm2 <= budget.areaMm2 * share);
}

/** Most tiles (up to `maxTiles`) whose chip fits the budget share; 0 when not even one does.
 *  `levels`: the genome's tile levels found so far (the caller's, to reuse them after). */
function tilesForBudget(
  base: Arch, g: Genome, tech: TechTable, budget: Budget, maxTiles: number, adcBits?: number, levels: LevelsByPorts = new Map(),
): number {
  const share = geneValue(g, 'budgetShare');
  const fits = (tiles: number) => withinBudget(totalsOf(buildArch(base, g, tiles, { adcBits }), tech, levels), budget, share);
  if (!fits(1)) return 0;
  let lo = 1; // fits
  let hi = maxTiles + 1; // first that may not fit
  if (fits(maxTiles)) return maxTiles;
  hi = maxTiles;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

export function evaluateGenome(g: Genome, ctx: EvalContext): Candidate {
  const fail = (reason: string): Candidate => ({ genome: g, feasible: false, reason, score: -Infinity });
  const probe = buildArch(ctx.base, g, 1, { adcBits: ctx.adcBits });
  if (probe.tile.pe.adc.bits > MAX_PRECISION_BITS) return fail(`lossless ADC needs ${probe.tile.pe.adc.bits} bits`);
  const problems = crossFieldProblems(probe);
  if (problems.length > 0) return fail(problems[0].message);
  // Tiles beyond what full duplication of every layer could use would only add leakage and area.
  const described = describeLayers(ctx.net, probe, ctx.mapping);
  const usefulPes = described.reduce((s, l) => s + pesFor({ ...l, folds: 1 }, probe, Math.max(1, l.outputPixels)), 0);
  const maxTiles = Math.max(1, Math.ceil(usefulPes / probe.tile.peCount));
  const levels: LevelsByPorts = new Map();
  const tiles = tilesForBudget(ctx.base, g, ctx.tech, ctx.budget, maxTiles, ctx.adcBits, levels);
  if (tiles === 0) return fail('one tile exceeds the budget');
  const arch = buildArch(ctx.base, g, tiles, { adcBits: ctx.adcBits });
  const base: MapOptions = { mapping: ctx.mapping, dup: 'none', batch: ctx.batch, reload: true, digital: [] };
  // The chip has the probe's tile design: its layers are described already.
  const single = mapDescribed(ctx.net, arch, base, described, ctx.tech);
  let options: MapOptions;
  if (single.reloading) {
    // Weights do not fit: segments run one after another; the greedy mapper balances each one.
    options = { ...base, dup: 'auto' };
  } else {
    const initial = chooseDuplication(single.layers, arch, 'auto', chipPes(arch));
    const rng = new SeededRandom(ctx.seed, `anneal:${genomeKey(g)}`);
    const sa = annealDuplication(single.layers, arch, rng, { steps: ctx.annealSteps, pesBudget: chipPes(arch), initial });
    const dup: Record<string, number> = {};
    single.layers.forEach((l, i) => { if (l.engine === 'crossbar' && sa.dups[i] > 1) dup[l.name] = sa.dups[i]; });
    options = { ...base, dup, reload: false };
  }
  const mapped = mapDescribed(ctx.net, arch, options, described, ctx.tech);
  const metrics = metricsOf(estimate(mapped, arch, ctx.tech), totalsOf(arch, ctx.tech, levels).powerW);
  const over = (ctx.budget.powerW !== undefined && metrics.powerW > ctx.budget.powerW)
    || (ctx.budget.areaMm2 !== undefined && metrics.areaMm2 > ctx.budget.areaMm2);
  if (over) return fail('over budget');
  return { genome: g, feasible: true, arch, options, metrics, score: score(metrics, ctx.objective) };
}
