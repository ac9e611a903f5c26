// `ohmflow sweep list|run|run-all|merge|emit`: independent design points from a sweep file,
// evaluated one index at a time (clusters: Slurm arrays, k8s Indexed Jobs) or on local worker
// threads, merged into a table and a Pareto chart. Thin: the work is in hw/dse/sweep.
import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OhmflowError } from '../../../workloads/errors.js';
import {
  chunkIndices, chunks, defaultOut, k8sIndexedJob, loadSweep, mergeResults, runAll, runIndices, slurmScript, writeMerged,
} from '../../../hw/dse/sweep/index.js';
import { renderPareto } from '../../../traces/charts/index.js';

function whole(text: string | undefined, flag: string, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new OhmflowError(`expected a whole number >= ${min}, got "${text}"`, { field: flag });
  return n;
}

interface OutFlags { out?: string; json?: boolean }

export function register(program: Command): void {
  const sweep = program.command('sweep').description('design-point sweeps: list, run one index, run all locally, merge, emit cluster jobs');

  sweep.command('list <SWEEP>').description('expand a sweep file to indexed points').option('--json', 'print JSON').action((file: string, flags: OutFlags) => {
    const points = loadSweep(file);
    if (flags.json) process.stdout.write(JSON.stringify(points.map((point, index) => ({ index, ...point }))) + '\n');
    else process.stdout.write(points.map((p, i) => `${i}\t${JSON.stringify(p)}`).join('\n') + `\n${points.length} point(s)\n`);
  });

  sweep.command('run <SWEEP>').description('evaluate chunk --index of the sweep; writes OUT/results/<point>.json atomically')
    .requiredOption('--index <I>', 'chunk index (0-based; with --chunk 1, the point index)')
    .option('--chunk <K>', 'points per index (default 1)')
    .option('--out <DIR>', 'output directory (default: SWEEP without extension + .out)')
    .option('--force', 'recompute points that already have a result')
    .action((file: string, flags: OutFlags & { index: string; chunk?: string; force?: boolean }) => {
      const points = loadSweep(file);
      const indices = chunkIndices(whole(flags.index, '--index', 0, 0), whole(flags.chunk, '--chunk', 1), points.length);
      const out = flags.out ?? defaultOut(file);
      const ran = runIndices(file, indices, out, { points, force: flags.force });
      process.stderr.write(`sweep run: points ${indices.join(',')}: ran ${ran.length}, skipped ${indices.length - ran.length} finished\n`);
    });

  sweep.command('run-all <SWEEP>').description('evaluate every unfinished point on local worker threads (resumable)')
    .option('--jobs <N>', 'worker threads (default 1 = in-process)')
    .option('--out <DIR>', 'output directory (default: SWEEP without extension + .out)')
    .action(async (file: string, flags: OutFlags & { jobs?: string }) => {
      const out = flags.out ?? defaultOut(file);
      const tty = process.stderr.isTTY === true;
      const r = await runAll(file, out, {
        jobs: whole(flags.jobs, '--jobs', 1),
        onDone: (done, todo) => { if (tty) process.stderr.write(`\rsweep run-all: ${done}/${todo}`); },
      });
      process.stderr.write(`${tty ? '\n' : ''}sweep run-all: ${r.total} points, ${r.skipped} already finished, ran ${r.ran.length} on ${r.threads || 'no'} worker thread(s)\n`);
      for (const e of r.errors) process.stderr.write(`error: ${e}\n`);
      if (r.errors.length > 0) process.exitCode = 1;
    });

  sweep.command('merge <SWEEP>').description('collect results into OUT/merged.csv, OUT/merged.json and OUT/pareto.png')
    .option('--out <DIR>', 'output directory (default: SWEEP without extension + .out)')
    .option('--json', 'print the merged JSON on stdout')
    .action(async (file: string, flags: OutFlags) => {
      const out = flags.out ?? defaultOut(file);
      const merged = mergeResults(loadSweep(file), out);
      mkdirSync(out, { recursive: true });
      const paths = writeMerged(out, merged);
      const ok = merged.rows.filter((r) => r.metrics);
      const png = join(out, 'pareto.png');
      writeFileSync(png, await renderPareto(
        ok.map((r) => ({ x: r.metrics!.energyPjPerImage / 1e6, y: r.metrics!.fps, label: String(r.index) })),
        { xTitle: 'energy (uJ/image)', yTitle: 'throughput (FPS)', maximizeY: true },
      ));
      if (flags.json) process.stdout.write(JSON.stringify(merged) + '\n');
      process.stderr.write(`sweep merge: ${merged.rows.length} result(s), ${merged.missing.length} missing${merged.missing.length ? ` (${merged.missing.slice(0, 20).join(',')}${merged.missing.length > 20 ? ',...' : ''})` : ''}; wrote ${paths.csv}, ${paths.json}, ${png}\n`);
    });

  sweep.command('emit <KIND> <SWEEP>').description('write a Slurm job-array script (slurm) or a Kubernetes Indexed Job manifest (k8s)')
    .option('--chunk <K>', 'points per task (default 1)')
    .option('--out <DIR>', 'results directory the tasks write (default: SWEEP without extension + .out)')
    .option('--parallelism <N>', 'concurrent tasks')
    .option('--image <IMAGE>', 'k8s: container image with ohmflow installed (default ohmflow:latest)')
    .option('--pvc <NAME>', 'k8s: persistent volume claim holding the sweep and results, mounted at /work (default ohmflow-sweep)')
    .option('--file <PATH>', 'where to write (default OUT/sweep.slurm.sh or OUT/sweep.k8s.yaml)')
    .action((kind: string, file: string, flags: OutFlags & { chunk?: string; parallelism?: string; image?: string; pvc?: string; file?: string }) => {
      if (kind !== 'slurm' && kind !== 'k8s') throw new OhmflowError(`unknown scheduler "${kind}"`, { field: 'KIND', fix: 'use slurm or k8s' });
      const out = flags.out ?? defaultOut(file);
      const o = {
        sweepFile: file, out, points: loadSweep(file).length, chunk: whole(flags.chunk, '--chunk', 1),
        parallelism: flags.parallelism === undefined ? undefined : whole(flags.parallelism, '--parallelism', 1), image: flags.image, pvc: flags.pvc,
      };
      const text = kind === 'slurm' ? slurmScript(o) : k8sIndexedJob(o);
      const target = flags.file ?? join(out, kind === 'slurm' ? 'sweep.slurm.sh' : 'sweep.k8s.yaml');
      mkdirSync(join(target, '..'), { recursive: true });
      writeFileSync(target, text, { mode: kind === 'slurm' ? 0o755 : 0o644 });
      process.stderr.write(`sweep emit: ${chunks(o)} task(s) for ${o.points} point(s); wrote ${target}\n`);
    });
}
