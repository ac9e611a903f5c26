// `ohmflow sweep`: its options and help. The command's code loads only when it runs (--help stays fast).
import type { Command } from 'commander';
import type { EmitFlags, OutFlags } from '../commands/sweep.js';

export function register(program: Command): void {
  const sweep = program.command('sweep').description('design-point sweeps: list, run one index, run all locally, merge, emit cluster jobs');

  sweep.command('list <SWEEP>').description('expand a sweep file to indexed points').option('--json', 'print JSON').action(async (file: string, flags: OutFlags) => (await import('../commands/sweep.js')).sweepList(file, flags));

  sweep.command('run <SWEEP>').description('evaluate chunk --index of the sweep; writes OUT/results/<point>.json atomically')
    .requiredOption('--index <I>', 'chunk index (0-based; with --chunk 1, the point index)')
    .option('--chunk <K>', 'points per index (default 1)')
    .option('--out <DIR>', 'output directory (default: SWEEP without extension + .out)')
    .option('--force', 'recompute points that already have a result')
    .option('--retry-failed', 'recompute points whose result records a failure')
    .action(async (file: string, flags: OutFlags & { index: string; chunk?: string; force?: boolean; retryFailed?: boolean }) => (await import('../commands/sweep.js')).sweepRun(file, flags));

  sweep.command('run-all <SWEEP>').description('evaluate every unfinished point on local worker threads (resumable)')
    .option('--jobs <N>', 'worker threads (default 1 = in-process)')
    .option('--out <DIR>', 'output directory (default: SWEEP without extension + .out)')
    .option('--retry-failed', 'recompute points whose result records a failure (they count as finished otherwise)')
    .action(async (file: string, flags: OutFlags & { jobs?: string; retryFailed?: boolean }) => (await import('../commands/sweep.js')).sweepRunAll(file, flags));

  sweep.command('merge <SWEEP>').description('collect results into OUT/merged.csv, OUT/merged.json and OUT/pareto.png')
    .option('--out <DIR>', 'output directory (default: SWEEP without extension + .out)')
    .option('--json', 'print the merged JSON on stdout')
    .action(async (file: string, flags: OutFlags) => (await import('../commands/sweep.js')).sweepMerge(file, flags));

  sweep.command('emit <KIND> <SWEEP>').description('write a Slurm job-array script (slurm) or a Kubernetes Indexed Job manifest (k8s)')
    .option('--chunk <K>', 'points per task (default 1)')
    .option('--out <DIR>', 'results directory the tasks write (default: SWEEP without extension + .out)')
    .option('--parallelism <N>', 'concurrent tasks')
    .option('--image <IMAGE>', 'k8s: container image with ohmflow installed (default ohmflow:latest)')
    .option('--pvc <NAME>', 'k8s: persistent volume claim holding the sweep and results, mounted at /work (default ohmflow-sweep)')
    .option('--volume-root <DIR>', 'k8s: the local directory the volume holds, seen as /work in the pods (default: the working directory); the sweep file and OUT must lie under it')
    .option('--file <PATH>', 'where to write (default OUT/sweep.slurm.sh or OUT/sweep.k8s.yaml)')
    .action(async (kind: string, file: string, flags: EmitFlags) => (await import('../commands/sweep.js')).sweepEmit(kind, file, flags));
}
