// An accuracy study: a network's top-1 / top-5 accuracy against labels on the chip at every point
// of a sweep (one or two arch fields), over trials of the analog variation and noise, beside its
// ceiling (the integer reference on the same images). One pool of threads runs it all (pool.ts).
import type { Arch } from '../../hw/arch/schema.js';
import { mapNetwork } from '../../hw/mapping/mapNetwork.js';
import type { MapOptions } from '../../hw/mapping/types.js';
import type { Network } from '../../workloads/ir/types.js';
import type { LabeledSet } from '../../workloads/datasets/labeled.js';
import { analogIsIdeal, analogProblem, type AnalogParams } from '../engine/compute/analog.js';
import { analogParamsFor, archProgrammingKey } from '../engine/compute/device.js';
import { OhmflowError } from '../../workloads/errors.js';
import { archAt, sweepPoints, type SweepAxis } from './axes.js';
import { runUnits } from './pool.js';
import type { Hits } from './topk.js';
import { studyUnits, unitsByProgramming, type PointChip, type StudyTask } from './units.js';

export type StudyFidelity = 'adc' | 'analog';

export interface StudyInput {
  net: Network;
  base: Arch;
  axes: readonly SweepAxis[];
  mapOptions?: Partial<MapOptions>;
  fidelity: StudyFidelity;
  /** Trials of analog fidelity, seeds firstSeed .. firstSeed + trials - 1 (adc: one, no randomness). */
  trials: number;
  firstSeed: number;
  data: LabeledSet;
  classes: number;
  threads: number;
  /** Chip image runs finished so far of `total` (every point and trial over every image). The
   *  reference is left out: it runs first and several times faster than an analog chip, so
   *  counting it would start the rate, and the time left, far too optimistic. */
  onProgress?: (done: number, total: number) => void;
}

/** Mean and spread of an accuracy (fractions in [0, 1]) over trials; std is the population one. */
export interface Spread {
  mean: number;
  min: number;
  max: number;
  std: number;
}

export interface PointAccuracy {
  /** The value of each axis, in the axes' order. */
  values: number[];
  top1: Spread;
  /** Only for networks with more than 5 classes. */
  top5?: Spread;
  /** Per trial, in seed order. */
  trialTop1: number[];
}

export interface StudyResult {
  fidelity: StudyFidelity;
  images: number;
  trials: number;
  seeds: number[];
  /** The integer reference on the same images: the ceiling of any lossy chip. */
  reference: { top1: number; top5?: number };
  points: PointAccuracy[];
  threads: number;
  wallS: number;
}

export function spread(xs: readonly number[]): Spread {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const std = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
  return { mean, min: Math.min(...xs), max: Math.max(...xs), std };
}

function analogFor(arch: Arch, seed: number, values: readonly number[], axes: readonly SweepAxis[]): AnalogParams {
  const a = analogParamsFor(arch, { seed });
  const problem = analogProblem(a);
  if (problem !== undefined) {
    throw new OhmflowError(`${problem} at ${axes.map((x, k) => `${x.label}=${values[k]}`).join(', ') || 'the arch'}`, { field: '--sweep', fix: 'sweep values analog fidelity admits' });
  }
  return a;
}

export async function runStudy(s: StudyInput): Promise<StudyResult> {
  const start = performance.now();
  const trials = s.fidelity === 'adc' ? 1 : s.trials;
  const seeds = Array.from({ length: trials }, (_, k) => s.firstSeed + k);
  const values = sweepPoints(s.axes);
  // Every point's arch and mapping before any image runs: a bad point fails the study at once.
  const points: PointChip[] = values.map((v) => {
    const arch = archAt(s.base, s.axes, v);
    return { arch, mapped: mapNetwork(s.net, arch, s.mapOptions ?? {}) };
  });
  const tasks: StudyTask[] = [{ kind: 'reference' }];
  // Per point, the task of each trial. A point whose device is ideal runs once in adc fidelity
  // (the same outputs as analog, bit for bit, and faster), and that run stands for every trial.
  const trialTasks: number[][] = values.map((v, point) => {
    const analogs = s.fidelity === 'analog' ? seeds.map((seed) => analogFor(points[point].arch, seed, v, s.axes)) : undefined;
    if (analogs === undefined || analogs.every(analogIsIdeal)) {
      tasks.push({ kind: 'chip', point, options: { fidelity: 'adc' } });
      return seeds.map(() => tasks.length - 1);
    }
    return analogs.map((analog) => tasks.push({ kind: 'chip', point, options: { fidelity: 'analog', analog } }) - 1);
  });
  const n = s.data.images.length;
  // Chips that draw the same conductances (a trial's ADC settings) run one after another, so a
  // thread programs each such group about once and copies the codes in for the rest (units.ts).
  const programKeys = tasks.map((t) => {
    if (t.kind !== 'chip' || t.options.analog === undefined) return undefined;
    const { arch } = points[t.point];
    return archProgrammingKey(arch, analogParamsFor(arch, t.options.analog));
  });
  const units = unitsByProgramming(studyUnits(tasks.length, n, s.threads), programKeys);
  let done = 0;
  const hits = await runUnits({ net: s.net, points, tasks, images: s.data.images, labels: s.data.labels }, units, s.threads, (u) => {
    if (tasks[u.task].kind === 'chip') done += u.end - u.start;
    s.onProgress?.(done, (tasks.length - 1) * n);
  });
  const perTask: Hits[] = tasks.map(() => ({ top1: 0, top5: 0 }));
  units.forEach((u, i) => {
    perTask[u.task].top1 += hits[i].top1;
    perTask[u.task].top5 += hits[i].top5;
  });
  const top5 = s.classes > 5;
  const accuracies = values.map((v, point) => {
    const trialHits = trialTasks[point].map((t) => perTask[t]);
    const trialTop1 = trialHits.map((h) => h.top1 / n);
    return { values: v, top1: spread(trialTop1), ...(top5 ? { top5: spread(trialHits.map((h) => h.top5 / n)) } : {}), trialTop1 };
  });
  return {
    fidelity: s.fidelity,
    images: n,
    trials,
    seeds,
    reference: { top1: perTask[0].top1 / n, ...(top5 ? { top5: perTask[0].top5 / n } : {}) },
    points: accuracies,
    threads: Math.max(1, Math.min(s.threads, units.length)),
    wallS: (performance.now() - start) / 1e3,
  };
}
