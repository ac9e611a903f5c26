// Cluster files: a Slurm array over the chunks and a Kubernetes Indexed Job with one completion
// per chunk, both calling `ohmflow sweep run --index` with the scheduler's index variable.
import { describe, expect, it } from 'vitest';
import { k8sIndexedJob, slurmScript } from '../../../scripts/sweep/index.js';

const o = { sweepFile: 'sweeps/adc.json', out: 'sweeps/adc.out', points: 10, chunk: 4 };

describe('emit', () => {
  it('writes a Slurm job array over ceil(10 / 4) = 3 chunks', () => {
    const s = slurmScript({ ...o, parallelism: 2 });
    expect(s.startsWith('#!/bin/bash\n')).toBe(true);
    expect(s).toContain('#SBATCH --array=0-2%2');
    expect(s).toContain('ohmflow sweep run sweeps/adc.json --index "$SLURM_ARRAY_TASK_ID" --chunk 4 --out sweeps/adc.out');
  });
  it('writes a Kubernetes Indexed Job with 3 completions using JOB_COMPLETION_INDEX', () => {
    const k = k8sIndexedJob(o);
    expect(k).toContain('kind: Job');
    expect(k).toContain('completionMode: Indexed');
    expect(k).toContain('completions: 3');
    expect(k).toContain('args: ["sweep", "run", "/work/sweeps/adc.json", "--index", "$(JOB_COMPLETION_INDEX)", "--chunk", "4", "--out", "/work/sweeps/adc.out"]');
    expect(k).toContain('command: ["ohmflow"]');
  });
  it('maps absolute paths under the volume root into /work (no doubled slash), and refuses paths outside it', () => {
    const k = k8sIndexedJob({ ...o, sweepFile: '/data/team/sweeps/adc.json', out: '/data/team/sweeps/adc.out', volumeRoot: '/data/team' });
    expect(k).toContain('"/work/sweeps/adc.json"');
    expect(k).toContain('"/work/sweeps/adc.out"');
    expect(k).not.toContain('//');
    expect(() => k8sIndexedJob({ ...o, sweepFile: '../adc.json' })).toThrow(/not inside the volume root/);
    expect(() => k8sIndexedJob({ ...o, sweepFile: '/elsewhere/adc.json', volumeRoot: '/data/team' })).toThrow(/not inside the volume root/);
  });
});
