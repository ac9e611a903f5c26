// `ohmflow sweep list|run|run-all|merge|emit`: independent design points from a sweep file,
// evaluated one index at a time (clusters: Slurm arrays, k8s Indexed Jobs) or on local worker
// threads, merged into a table and a Pareto chart. Thin: the work is in hw/dse/sweep.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { OhmflowError } from '../../../workloads/errors.js';
import {
  chunkIndices, chunks, defaultOut, k8sIndexedJob, loadSweep, mergeResults, runAll, runIndices, slurmScript, sweepProblems, writeMerged,
  type SweepPoint,
} from '../../sweep/index.js';
import { renderPareto } from '../../../traces/charts/index.js';
import { checkOutputDir } from '../paths.js';

function whole(text: string | undefined, flag: string, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new OhmflowError(`expected a whole number >= ${min}, got "${text}"`, { field: flag });
  return n;
}

export interface OutFlags { out?: string; json?: boolean }
export type EmitFlags = OutFlags & { chunk?: string; parallelism?: string; image?: string; pvc?: string; file?: string; volumeRoot?: string };

const listed = (xs: readonly number[]): string => `${xs.slice(0, 20).join(',')}${xs.length > 20 ? ',...' : ''}`;

/** Refuses a sweep with invalid points before anything runs, naming each one. */
function checkPoints(file: string, points: readonly SweepPoint[], indices?: readonly number[]): void {
  const chosen = indices === undefined ? points : indices.map((i) => points[i]);
  const problems = sweepProblems(chosen, dirname(resolve(file)));
  if (problems.length === 0) return;
  // Problems name positions in `chosen`; give them the sweep's own indices.
  const named = indices === undefined ? problems : problems.map((p) => p.replace(/^point (\d+)/, (_, k: string) => `point ${indices[Number(k)]}`));
  throw new OhmflowError(`${named.length} invalid point(s) in ${file}:\n  ${named.slice(0, 20).join('\n  ')}${named.length > 20 ? '\n  ...' : ''}`, {
    field: 'SWEEP', fix: 'correct or remove these points (`ohmflow sweep list SWEEP` checks every point)',
  });
}

/** `ohmflow sweep list` */
export function sweepList(file: string, flags: OutFlags): void {
  const points = loadSweep(file);
  if (flags.json) process.stdout.write(JSON.stringify(points.map((point, index) => ({ index, ...point }))) + '\n');
  else process.stdout.write(points.map((p, i) => `${i}\t${JSON.stringify(p)}`).join('\n') + `\n${points.length} point(s)\n`);
  checkPoints(file, points);
}

/** `ohmflow sweep run`: one chunk of points. */
export function sweepRun(file: string, flags: OutFlags & { index: string; chunk?: string; force?: boolean; retryFailed?: boolean }): void {
  const points = loadSweep(file);
  const indices = chunkIndices(whole(flags.index, '--index', 0, 0), whole(flags.chunk, '--chunk', 1), points.length);
  checkPoints(file, points, indices);
  const out = flags.out ?? defaultOut(file);
  checkOutputDir(out, '--out');
  const ran = runIndices(file, indices, out, { points, force: flags.force, retryFailed: flags.retryFailed });
  process.stderr.write(`sweep run: points ${indices.join(',')}: ran ${ran.length}, skipped ${indices.length - ran.length} finished\n`);
}

/** `ohmflow sweep run-all`: every unfinished point on local worker threads. */
export async function sweepRunAll(file: string, flags: OutFlags & { jobs?: string; retryFailed?: boolean }): Promise<void> {
  const out = flags.out ?? defaultOut(file);
  checkOutputDir(out, '--out');
  checkPoints(file, loadSweep(file));
  const tty = process.stderr.isTTY === true;
  const r = await runAll(file, out, {
    jobs: whole(flags.jobs, '--jobs', 1),
    retryFailed: flags.retryFailed,
    onDone: (done, todo) => { if (tty) process.stderr.write(`\rsweep run-all: ${done}/${todo}`); },
  });
  process.stderr.write(`${tty ? '\n' : ''}sweep run-all: ${r.total} points, ${r.skipped} already finished, ran ${r.ran.length} on ${r.threads || 'no'} worker thread(s)\n`);
  for (const e of r.errors) process.stderr.write(`error: ${e}\n`);
  if (r.failed.length > 0) process.stderr.write(`sweep run-all: ${r.failed.length} point(s) failed (${listed(r.failed)}): their results hold the reason; --retry-failed runs them again\n`);
  if (r.errors.length > 0 || r.failed.length > 0) process.exitCode = 1;
}

/** `ohmflow sweep merge`: the table, JSON and Pareto chart of the results. */
export async function sweepMerge(file: string, flags: OutFlags): Promise<void> {
  const out = flags.out ?? defaultOut(file);
  checkOutputDir(out, '--out');
  const merged = mergeResults(loadSweep(file), out);
  if (merged.stale.length > 0) {
    throw new OhmflowError(`${merged.stale.length} result(s) in ${out} were computed for other points than the sweep's at the same index (${listed(merged.stale)}): the sweep file changed, or --out is another sweep's folder`, {
      field: '--out', fix: 'rerun them with `ohmflow sweep run-all SWEEP` (results of other points are recomputed), or point --out at this sweep\'s folder',
    });
  }
  mkdirSync(out, { recursive: true });
  const paths = writeMerged(out, merged);
  const ok = merged.rows.filter((r) => r.metrics);
  const png = join(out, 'pareto.png');
  writeFileSync(png, await renderPareto(
    ok.map((r) => ({ x: r.metrics!.energyPjPerImage / 1e6, y: r.metrics!.fps, label: String(r.index), group: r.net })),
    { xTitle: 'energy (uJ/image)', yTitle: 'throughput (FPS)', maximizeY: true },
  ));
  if (flags.json) process.stdout.write(JSON.stringify(merged) + '\n');
  const failed = merged.rows.filter((r) => r.error !== undefined).map((r) => r.index);
  process.stderr.write(`sweep merge: ${merged.rows.length} result(s), ${failed.length} failed${failed.length ? ` (${listed(failed)})` : ''}, ${merged.missing.length} missing${merged.missing.length ? ` (${listed(merged.missing)})` : ''}; wrote ${paths.csv}, ${paths.json}, ${png}\n`);
  // An incomplete table is written (it is useful) but the command does not report success.
  if (failed.length > 0 || merged.missing.length > 0) process.exitCode = 1;
}

/** `ohmflow sweep emit`: a Slurm or Kubernetes job file. */
export function sweepEmit(kind: string, file: string, flags: EmitFlags): void {
  if (kind !== 'slurm' && kind !== 'k8s') throw new OhmflowError(`unknown scheduler "${kind}"`, { field: 'KIND', fix: 'use slurm or k8s' });
  const out = flags.out ?? defaultOut(file);
  checkOutputDir(out, '--out');
  const o = {
    sweepFile: file, out, points: loadSweep(file).length, chunk: whole(flags.chunk, '--chunk', 1),
    parallelism: flags.parallelism === undefined ? undefined : whole(flags.parallelism, '--parallelism', 1), image: flags.image, pvc: flags.pvc,
    volumeRoot: flags.volumeRoot,
  };
  const text = kind === 'slurm' ? slurmScript(o) : k8sIndexedJob(o);
  const target = flags.file ?? join(out, kind === 'slurm' ? 'sweep.slurm.sh' : 'sweep.k8s.yaml');
  checkOutputDir(dirname(target), '--file');
  mkdirSync(join(target, '..'), { recursive: true });
  writeFileSync(target, text, { mode: kind === 'slurm' ? 0o755 : 0o644 });
  process.stderr.write(`sweep emit: ${chunks(o)} task(s) for ${o.points} point(s); wrote ${target}\n`);
}
