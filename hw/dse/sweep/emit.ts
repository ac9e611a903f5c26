// Scheduler files for a sweep on a cluster: a Slurm job array and a Kubernetes Indexed Job, each
// task running `ohmflow sweep run --index <its index>` on one chunk. ohmflow schedules nothing
// there itself: the scheduler's index variable picks the chunk.
export interface EmitOptions {
  sweepFile: string;
  out: string;
  points: number;
  chunk: number;
  /** Concurrent tasks (Slurm %limit, k8s parallelism). */
  parallelism?: number;
  image?: string;
  pvc?: string;
  jobName?: string;
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

export function k8sIndexedJob(o: EmitOptions): string {
  const n = chunks(o);
  const name = o.jobName ?? 'ohmflow-sweep';
  const args = ['sweep', 'run', `/work/${o.sweepFile}`, '--index', '$(JOB_COMPLETION_INDEX)', '--chunk', String(o.chunk), '--out', `/work/${o.out}`];
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
