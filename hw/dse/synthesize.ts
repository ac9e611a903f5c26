// PIMSYN-style synthesis: an evolutionary search over component allocation (space.ts), each
// individual's duplication found by simulated annealing (anneal.ts), under a power and/or area
// budget; then the ISAAC preset on the same network for comparison. Seeded: the same inputs give
// the same designs in the same order.
import { OhmflowError } from '../../workloads/errors.js';
import type { NetworkSkeleton } from '../../workloads/ir/types.js';
import { SeededRandom } from '../../workloads/random.js';
import { loadArch } from '../arch/load.js';
import { chipTotals } from '../arch/rollup.js';
import type { Arch } from '../arch/schema.js';
import { mapNetwork } from '../mapping/mapNetwork.js';
import type { MapOptions, MappingScheme } from '../mapping/types.js';
import { estimate } from '../ppa/estimate.js';
import { loadTech } from '../tech/load.js';
import { budgetText, evaluateGenome, type Budget, type Candidate, type EvalContext } from './evaluate.js';
import { metricsOf, type DesignMetrics, type Objective } from './objective.js';
import { breed, genomeKey, genomeNear, randomGenome, type Genome } from './space.js';
import { accuracyGate, pct, type AccuracyConstraint } from './accuracyGate.js';

export interface SynthesisOptions {
  objective?: Objective;
  /** Peak chip power budget, W; with no budget at all, the base preset's peak power. */
  powerBudgetW?: number;
  areaBudgetMm2?: number;
  seed?: number;
  /** Generations of the evolutionary search. */
  generations?: number;
  population?: number;
  annealSteps?: number;
  mapping?: MappingScheme;
  batch?: number;
  /** Preset or arch the design inherits precision, tech, clock and NoC from. */
  base?: string | Arch;
  /** Baseline preset to compare with. */
  baseline?: string;
  adcBits?: number;
  /** Only designs this accurate are eligible (explore --min-accuracy). */
  accuracy?: AccuracyConstraint;
  onProgress?: (p: SynthesisProgress) => void;
}



export interface SynthesisProgress {
  generation: number;
  generations: number;
  evaluated: number;
  bestScore: number;
}

export interface SynthesisResult {
  network: string;
  objective: Objective;
  budget: Budget;
  best: { arch: Arch; options: MapOptions; metrics: DesignMetrics; genome: Genome; top1?: number };
  baseline: { arch: string; options: MapOptions; metrics: DesignMetrics };
  /** Distinct design points estimated (feasible or not). */
  evaluated: number;
  feasible: number;
  /** With an accuracy floor: designs measured, and those refused for falling below it. */
  accuracy?: { minTop1: number; measured: number; refused: number };
  /** Best score after each generation (non-decreasing: elites survive). */
  history: number[];
  wallS: number;
}

function evaluateBaseline(net: NetworkSkeleton, presetName: string, mapping: MappingScheme, batch: number): SynthesisResult['baseline'] {
  const arch = loadArch(presetName);
  const tech = loadTech(arch.tech);
  const options: MapOptions = { mapping, dup: 'auto', batch, reload: true, digital: 'auto' };
  const metrics = metricsOf(estimate(mapNetwork(net, arch, options, tech), arch, tech), chipTotals(arch, tech).powerW);
  return { arch: presetName, options, metrics };
}

function tournament(pop: readonly Candidate[], rng: SeededRandom): Candidate {
  const a = pop[rng.nextInt(0, pop.length - 1)];
  const b = pop[rng.nextInt(0, pop.length - 1)];
  return a.score >= b.score ? a : b;
}

export function synthesize(net: NetworkSkeleton, o: SynthesisOptions = {}): SynthesisResult {
  const started = performance.now();
  const base = typeof o.base === 'object' ? o.base : loadArch(o.base ?? 'isaac');
  const tech = loadTech(base.tech);
  const budget: Budget = o.powerBudgetW === undefined && o.areaBudgetMm2 === undefined
    ? { powerW: chipTotals(base, tech).powerW }
    : { powerW: o.powerBudgetW, areaMm2: o.areaBudgetMm2 };
  const seed = o.seed ?? 1;
  const ctx: EvalContext = {
    net, base, tech, budget,
    objective: o.objective ?? 'tops-per-w',
    mapping: o.mapping ?? 'im2col',
    batch: o.batch ?? 1,
    annealSteps: o.annealSteps ?? 1000,
    seed,
    adcBits: o.adcBits,
  };
  const rng = new SeededRandom(seed, 'evolve');
  const popSize = Math.max(4, o.population ?? 32);
  const generations = Math.max(1, o.generations ?? 60);
  const cache = new Map<string, Candidate>();
  const gate = o.accuracy === undefined ? undefined : accuracyGate(o.accuracy);
  const evaluate = (g: Genome): Candidate => {
    const key = genomeKey(g);
    let c = cache.get(key);
    if (!c) {
      c = evaluateGenome(g, ctx);
      if (gate) c = gate.judge(c);
      cache.set(key, c);
    }
    return c;
  };
  // The base design's own allocation is one of the first individuals, so the search starts no
  // worse than a rescaled base.
  let pop: Candidate[] = [evaluate(genomeNear(base))];
  while (pop.length < popSize) pop.push(evaluate(randomGenome(rng)));
  const history: number[] = [];
  const byScore = (a: Candidate, b: Candidate) => b.score - a.score || genomeKey(a.genome).localeCompare(genomeKey(b.genome));
  for (let gen = 0; gen < generations; gen++) {
    pop.sort(byScore);
    history.push(pop[0].score);
    o.onProgress?.({ generation: gen + 1, generations, evaluated: cache.size, bestScore: pop[0].score });
    if (gen === generations - 1) break;
    const next = pop.slice(0, 2); // elitism: the best never gets lost
    while (next.length < popSize) {
      const child = breed(tournament(pop, rng).genome, tournament(pop, rng).genome, rng, 0.25);
      next.push(evaluate(child));
    }
    pop = next;
  }
  const all = [...cache.values()].sort(byScore);
  const best = all[0];
  if (!best.feasible && gate !== undefined && gate.refused > 0) {
    throw new OhmflowError(`no design within ${budgetText(budget)} reaches top-1 ${pct(gate.minTop1)}: ${gate.refused} measured below it (the best reached ${pct(gate.bestRefusedTop1)})`, {
      field: '--min-accuracy',
      fix: 'lower --min-accuracy, or raise --adc-bits (or drop it: the minimum lossless ADC is exact)',
    });
  }
  if (!best.feasible) {
    throw new OhmflowError(`no feasible design within ${budgetText(budget)}: ${best.reason}`, {
      field: budget.areaMm2 === undefined ? '--power-budget' : '--area-budget',
      fix: 'raise the budget: a chip of one tile still pays for its off-chip links (the base preset\'s chip-level parts)',
    });
  }
  const baseline = evaluateBaseline(net, o.baseline ?? 'isaac', ctx.mapping, ctx.batch);
  return {
    network: net.name,
    objective: ctx.objective,
    budget,
    best: { arch: best.arch!, options: best.options!, metrics: best.metrics!, genome: best.genome, ...(best.top1 === undefined ? {} : { top1: best.top1 }) },
    baseline,
    evaluated: cache.size,
    feasible: all.filter((c) => c.feasible).length,
    ...(gate ? { accuracy: { minTop1: gate.minTop1, measured: gate.measured, refused: gate.refused } } : {}),
    history,
    wallS: (performance.now() - started) / 1e3,
  };
}
