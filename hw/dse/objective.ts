// What a design is judged by: the report's headline numbers and the objective that ranks them.
// Scores are "higher is better" so every search maximizes one number.
import type { Analytical } from '../ppa/types.js';

export const OBJECTIVES = ['tops-per-w', 'fps', 'energy', 'area'] as const;
export type Objective = (typeof OBJECTIVES)[number];

/** Headline numbers of one design on one network (the `best`/`baseline` shape of explore --json). */
export interface DesignMetrics {
  topsPerW: number;
  fps: number;
  energyPjPerImage: number;
  areaMm2: number;
  /** Peak chip power (every unit busy): what a power budget bounds. */
  powerW: number;
  /** Average power while streaming images: energy per image x fps. */
  avgPowerW: number;
  latencyNs: number;
  topsPerMm2: number;
  segments: number;
}

export function metricsOf(a: Analytical, peakPowerW: number): DesignMetrics {
  return {
    topsPerW: a.topsPerW,
    fps: a.fps,
    energyPjPerImage: a.energyPjPerImage,
    areaMm2: a.areaMm2,
    powerW: peakPowerW,
    avgPowerW: a.energyPjPerImage * 1e-12 * a.fps,
    latencyNs: a.latencyNs,
    topsPerMm2: a.topsPerMm2,
    segments: a.segments,
  };
}

/**
 * Higher is better. 'area' ranks by area efficiency (TOPS/mm2): minimizing raw area alone would
 * pick a one-tile chip that reloads weights forever, which nobody wants.
 */
export function score(m: DesignMetrics, objective: Objective): number {
  switch (objective) {
    case 'tops-per-w':
      return m.topsPerW;
    case 'fps':
      return m.fps;
    case 'energy':
      return -m.energyPjPerImage;
    case 'area':
      return m.topsPerMm2;
  }
}

export function parseObjective(text: string): Objective | undefined {
  return (OBJECTIVES as readonly string[]).includes(text) ? (text as Objective) : undefined;
}
