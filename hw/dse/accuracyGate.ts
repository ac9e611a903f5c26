// The accuracy floor of a synthesis (explore --min-accuracy). Measuring a design's accuracy runs
// its chip on labelled images, far dearer than the analytical estimate, so the gate measures only
// a design that would lead: one scoring at least as well as the best eligible design so far. A
// design below that can never be the answer (the best eligible score only rises), so it stays
// unmeasured and keeps its place in the population.
import type { Arch } from '../arch/schema.js';
import type { MapOptions } from '../mapping/types.js';
import type { Candidate } from './evaluate.js';

/** A floor on top-1 accuracy. hw/ cannot run a chip, so the caller measures a design (`top1Of`,
 *  a fraction in [0, 1]); the gate asks it once per design, and only of designs that would lead. */
export interface AccuracyConstraint {
  minTop1: number;
  top1Of: (arch: Arch, options: MapOptions) => number;
}

export const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

interface AccuracyGate {
  readonly minTop1: number;
  /** Designs measured so far, and those below the floor (then infeasible). */
  readonly measured: number;
  readonly refused: number;
  /** The best top-1 among refused designs (0 when none). */
  readonly bestRefusedTop1: number;
  /** The candidate as the search should see it: measured and refused (infeasible) when it would
   *  lead and falls below the floor; unchanged otherwise. */
  judge(c: Candidate): Candidate;
}

export function accuracyGate(constraint: AccuracyConstraint): AccuracyGate {
  let leadingScore = -Infinity;
  const gate = {
    minTop1: constraint.minTop1,
    measured: 0,
    refused: 0,
    bestRefusedTop1: 0,
    judge(c: Candidate): Candidate {
      if (!c.feasible || c.score < leadingScore) return c;
      const top1 = constraint.top1Of(c.arch!, c.options!);
      gate.measured++;
      if (top1 < constraint.minTop1) {
        gate.refused++;
        gate.bestRefusedTop1 = Math.max(gate.bestRefusedTop1, top1);
        return { ...c, feasible: false, score: -Infinity, top1, reason: `top-1 ${pct(top1)} below ${pct(constraint.minTop1)}` };
      }
      leadingScore = c.score;
      return { ...c, top1 };
    },
  };
  return gate;
}
