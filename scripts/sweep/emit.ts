// Scheduler files for a sweep on a cluster: a Slurm job array and a Kubernetes Indexed Job, each
// task running `ohmflow sweep run --index <its index>` on one chunk. ohmflow schedules nothing
// there itself: the scheduler's index variable picks the chunk.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { OhmflowError } from '../../workloads/errors.js';

interface EmitOptions {
  sweepFile: string;
  out: string;
  points: number;
  chunk: number;
  /** Concurrent tasks (Slurm %limit, k8s parallelism). */
  parallelism?: number;
  image?: string;
  pvc?: string;
  jobName?: string;
  /** k8s: the local directory the volume mounted at /work holds (default: the working directory). */
  volumeRoot?: string;
}

export function chunks(o: EmitOptions): number {
  return Math.ceil(o.points / o.chunk);
}

const shellQuote = (s: string): string => (/^[\w./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function slurmScript(o: EmitOptions): string {
  const n = chunks(o);
  const limit = o.parallelism ? `%${o.parallelism}` : '';
  return [
    '#!/bin/bash',
    `# ohmflow sweep ${o.sweepFile}: ${o.points} points in ${n} chunk(s) of ${o.chunk}; one array task per chunk.`,
    `#SBATCH --job-name=${o.jobName ?? 'ohmflow-sweep'}`,
    `#SBATCH --array=0-${n - 1}${limit}`,
    '#SBATCH --ntasks=1',
    '#SBATCH --cpus-per-task=1',
    `#SBATCH --output=${o.out}/logs/%A_%a.out`,
    'set -euo pipefail',
    `mkdir -p ${shellQuote(o.out)}/logs`,
    `ohmflow sweep run ${shellQuote(o.sweepFile)} --index "$SLURM_ARRAY_TASK_ID" --chunk ${o.chunk} --out ${shellQuote(o.out)}`,
    '',
  ].join('\n');
}

/** Where a local path is seen inside the container: under /work, relative to the volume root. A
 *  path outside the root (an absolute path elsewhere, or ../) would not be on the volume. */
function volumePath(path: string, volumeRoot: string, flag: string): string {
  const rel = relative(resolve(volumeRoot), resolve(path));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new OhmflowError(`${path} is not inside the volume root ${resolve(volumeRoot)}, which the Job mounts at /work`, {
      field: flag, fix: 'keep the sweep file and its results under the volume root, or pass --volume-root DIR for the directory the volume holds',
    });
  }
  return `/work/${rel.split(sep).join('/')}`;
}

export function k8sIndexedJob(o: EmitOptions): string {
  const n = chunks(o);
  const name = o.jobName ?? 'ohmflow-sweep';
  const root = o.volumeRoot ?? process.cwd();
  const args = ['sweep', 'run', volumePath(o.sweepFile, root, 'SWEEP'), '--index', '$(JOB_COMPLETION_INDEX)', '--chunk', String(o.chunk), '--out', volumePath(o.out, root, '--out')];
  return [
    `# ohmflow sweep ${o.sweepFile}: ${o.points} points in ${n} chunk(s) of ${o.chunk}; one completion per chunk.`,
    '# The sweep file and results live on the volume mounted at /work.',
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  completions: ${n}`,
    `  parallelism: ${o.parallelism ?? Math.min(n, 8)}`,
    '  completionMode: Indexed',
    '  backoffLimitPerIndex: 2',
    `  backoffLimit: ${n * 2}`,
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
    '      containers:',
    '        - name: ohmflow',
    `          image: ${o.image ?? 'ohmflow:latest'}`,
    '          command: ["ohmflow"]',
    `          args: [${args.map((a) => JSON.stringify(a)).join(', ')}]`,
    '          resources:',
    '            requests: { cpu: "1", memory: "2Gi" }',
    '          volumeMounts:',
    '            - { name: work, mountPath: /work }',
    '      volumes:',
    '        - name: work',
    `          persistentVolumeClaim: { claimName: ${o.pvc ?? 'ohmflow-sweep'} }`,
    '',
  ].join('\n');
}
