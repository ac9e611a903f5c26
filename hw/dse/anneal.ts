// Weight duplication by simulated annealing (PIMSYN): the state is copies per crossbar layer; a
// move adds or removes copies of one layer (to the next count that changes its pixel steps); the
// energy is the pipeline interval (slowest stage) plus a little of the summed stage times, from the
// same stageTimePs the mapper and the analytical model use. A move over the PE budget is never
// taken, so no visited state (and hence the result) exceeds the crossbar budget.
import type { SeededRandom } from '../../workloads/random.js';
import type { Arch } from '../arch/schema.js';
import { pesFor, stageTimePs } from '../mapping/stageTime.js';
import type { MappedLayer } from '../mapping/types.js';

interface AnnealOptions {
  /** Moves tried. */
  steps: number;
  /** PEs the copies may occupy (the chip's PEs: crossbars come in whole PEs). */
  pesBudget: number;
  /** Starting copies per layer (e.g. the greedy mapper's); default one each. */
  initial?: readonly number[];
  /** Start and end temperature, relative to the cost (a move 1% worse is taken with e^-1 at 0.01). */
  startTemp?: number;
  endTemp?: number;
}

interface AnnealResult {
  dups: number[];
  intervalPs: number;
  pesUsed: number;
  accepted: number;
}

/** Copies that lower ceil(pixels / dup) by one step (dup itself when already one step). */
function upDup(pixels: number, dup: number): number {
  const steps = Math.ceil(pixels / dup);
  return steps <= 1 ? dup : Math.ceil(pixels / (steps - 1));
}

/** Fewest copies that raise ceil(pixels / dup) by one step. */
function downDup(pixels: number, dup: number): number {
  if (dup <= 1) return 1;
  const steps = Math.ceil(pixels / dup);
  return Math.max(1, Math.ceil(pixels / (steps + 1)));
}

function cost(times: readonly number[]): number {
  let max = 0;
  let sum = 0;
  for (const t of times) {
    if (t > max) max = t;
    sum += t;
  }
  // The interval decides throughput (and leakage per image); the small sum term prefers shorter
  // pipelines among equal intervals instead of spending PEs for nothing.
  return max + (1e-3 * sum) / Math.max(1, times.length);
}

export function annealDuplication(layers: readonly MappedLayer[], arch: Arch, rng: SeededRandom, o: AnnealOptions): AnnealResult {
  const movable = layers.map((l, i) => (l.engine === 'crossbar' && l.folds === 1 && l.outputPixels > 1 ? i : -1)).filter((i) => i >= 0);
  const dups = layers.map((_, i) => o.initial?.[i] ?? 1);
  const times = layers.map((l, i) => (l.engine === 'crossbar' || l.engine === 'digitalMac' ? stageTimePs(l, arch, dups[i]) : 0));
  let pesUsed = layers.reduce((s, l, i) => s + pesFor(l, arch, dups[i]), 0);
  if (pesUsed > o.pesBudget) throw new Error(`initial duplication needs ${pesUsed} PEs, budget ${o.pesBudget}`);
  let current = cost(times);
  let best = { dups: [...dups], cost: current, pesUsed };
  let accepted = 0;
  const t0 = o.startTemp ?? 0.02;
  const t1 = o.endTemp ?? 1e-4;
  for (let step = 0; step < o.steps && movable.length > 0; step++) {
    const temp = t0 * (t1 / t0) ** (step / Math.max(1, o.steps - 1));
    const i = movable[rng.nextInt(0, movable.length - 1)];
    const layer = layers[i];
    // Grow more often than shrink: shrinking is how PEs are freed for the bottleneck.
    const next = rng.nextFloat() < 0.6 ? upDup(layer.outputPixels, dups[i]) : downDup(layer.outputPixels, dups[i]);
    if (next === dups[i]) continue;
    const pes = pesUsed - pesFor(layer, arch, dups[i]) + pesFor(layer, arch, next);
    if (pes > o.pesBudget) continue;
    const oldTime = times[i];
    times[i] = stageTimePs(layer, arch, next);
    const candidate = cost(times);
    const worse = (candidate - current) / Math.max(1, current);
    if (worse <= 0 || rng.nextFloat() < Math.exp(-worse / temp)) {
      dups[i] = next;
      pesUsed = pes;
      current = candidate;
      accepted += 1;
      if (current < best.cost) best = { dups: [...dups], cost: current, pesUsed };
    } else {
      times[i] = oldTime;
    }
  }
  const bestTimes = layers.map((l, i) => (l.engine === 'crossbar' || l.engine === 'digitalMac' ? stageTimePs(l, arch, best.dups[i]) : 0));
  return { dups: best.dups, intervalPs: Math.max(0, ...bestTimes), pesUsed: best.pesUsed, accepted };
}
