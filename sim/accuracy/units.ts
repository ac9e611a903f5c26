// The work of an accuracy study, cut into units a thread can run alone: a unit is one task (the
// integer reference, or one sweep point's chip in one trial) over a range of images, and its
// result is a count of hits. Hits of an image depend only on (task, image index): the chip's
// conductances are seeded per layer and copy, its read noise per image (sim/functional/chip.ts).
// So the totals are the same however the units are spread over threads.
import type { Arch } from '../../hw/arch/schema.js';
import type { MappedNetwork } from '../../hw/mapping/types.js';
import type { Network } from '../../workloads/ir/types.js';
import { runReference } from '../../workloads/reference/index.js';
import { FunctionalChip, type FunctionalOptions } from '../functional/chip.js';
import { RowCodeCache } from '../engine/compute/rowCodeCache.js';
import { countHits, type Hits } from './topk.js';

/** One sweep point's chip: its arch and the network mapped on it. */
export interface PointChip {
  arch: Arch;
  mapped: MappedNetwork;
}

export type StudyTask = { kind: 'reference' } | { kind: 'chip'; point: number; options: FunctionalOptions };

/** Everything a thread needs, sent once. */
export interface StudyData {
  net: Network;
  points: PointChip[];
  tasks: StudyTask[];
  images: Int8Array[];
  labels: Int32Array;
}

export interface Unit {
  task: number;
  /** Images [start, end). */
  start: number;
  end: number;
}

/** Units of `tasks` tasks over `images` images, task by task, cut so `threads` threads all have
 *  work when the tasks are fewer than the threads (two units per thread at least). */
export function studyUnits(tasks: number, images: number, threads: number): Unit[] {
  const perTask = Math.min(images, Math.max(1, Math.ceil((2 * threads) / tasks)));
  const size = Math.ceil(images / perTask);
  const units: Unit[] = [];
  for (let task = 0; task < tasks; task++) {
    for (let start = 0; start < images; start += size) units.push({ task, start, end: Math.min(images, start + size) });
  }
  return units;
}

/** `units` with those of tasks that program alike (the same `programKeys[task]`, device.ts
 *  programmingKey; undefined: none) one after another, groups in the order their first task comes;
 *  each group's units in their order. A thread's runner then finds the codes of the chip before
 *  in its cache (an accuracy study's ADC settings of one trial). The order changes no result. */
export function unitsByProgramming(units: readonly Unit[], programKeys: ReadonlyArray<string | undefined>): Unit[] {
  const group = new Map<string, number>();
  const groupOf = (task: number): number => {
    const key = programKeys[task] ?? `task ${task}`;
    if (!group.has(key)) group.set(key, group.size);
    return group.get(key)!;
  };
  const groups = units.map((u) => groupOf(u.task));
  return units.map((u, i) => ({ u, i })).sort((x, y) => groups[x.i] - groups[y.i] || x.i - y.i).map(({ u }) => u);
}

/** Images a chip runs together (FunctionalChip.runBatch), so each weight copy stays in cache
 *  across them. LeNet-5 on neurosim-vgg8, one thread: 8 images gave about 1.1x the images per
 *  CPU-second of one by one, 16 about 1.15x, 64 about 1.2x, 128 no more. */
const CHIP_BATCH_IMAGES = 64;

/** Runs units of one study in this thread; keeps the last chip built, since units come task by
 *  task and building a chip (programming its conductances) costs many images' time, and the
 *  last device's conductance codes, which the next chip reuses where it differs only in its ADC
 *  (the study orders its units so such chips come one after another: study.ts). */
export class UnitRunner {
  private chipTask = -1;
  private chip: FunctionalChip | undefined;
  readonly codeCache = new RowCodeCache();

  constructor(private readonly data: StudyData) {}

  run(u: Unit): Hits {
    const { net, points, tasks, images, labels } = this.data;
    const task = tasks[u.task];
    const range = images.slice(u.start, u.end);
    if (task.kind === 'reference') return countHits(range.map((x) => runReference(net, x).output.data), labels, u.start);
    if (this.chipTask !== u.task) {
      const p = points[task.point];
      this.chip = new FunctionalChip(net, p.mapped, p.arch, task.options, this.codeCache);
      this.chipTask = u.task;
    }
    const chip = this.chip!;
    const outputs: Int8Array[] = [];
    for (let k = 0; k < range.length; k += CHIP_BATCH_IMAGES) {
      const inputs = range.slice(k, k + CHIP_BATCH_IMAGES);
      outputs.push(...chip.runBatch(inputs, inputs.map((_, i) => u.start + k + i)));
    }
    return countHits(outputs, labels, u.start);
  }
}
