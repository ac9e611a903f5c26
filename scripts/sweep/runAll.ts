// `sweep run-all`: every unfinished point, spread over worker threads (node:worker_threads, no
// dependency: a pool of a few long-lived workers fed one index at a time is all this needs).
// Workers run the built JS; from source (vitest) without a build, or with jobs = 1, points run
// in-process, which gives the same result files.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../../hw/arch/packageRoot.js';
import { runIndices } from './run.js';
import { finishedIn, resultState } from './resultState.js';
import { loadSweep } from './spec.js';

/** The compiled worker: beside this file when built, else dist/ of the package (if built). */
export function workerFile(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return fileURLToPath(new URL('./worker.js', import.meta.url));
  const built = join(packageRoot(import.meta.url), 'dist', 'scripts', 'sweep', 'worker.js');
  return existsSync(built) ? built : undefined;
}

interface RunAllResult {
  total: number;
  skipped: number;
  ran: number[];
  errors: string[];
  /** Points whose result records a failure (this run's or an earlier one's), in index order. */
  failed: number[];
  threads: number;
}

export async function runAll(
  sweepFile: string,
  out: string,
  o: { jobs?: number; retryFailed?: boolean; onDone?: (done: number, todo: number) => void } = {},
): Promise<RunAllResult> {
  const points = loadSweep(sweepFile);
  // Each result file is read once up front; after the run, only the points that ran are read again.
  const before = points.map((p, i) => resultState(out, i, p).kind);
  const todo = points.map((_, i) => i).filter((i) => !finishedIn(before[i], o.retryFailed));
  const rerun = new Set(todo);
  const failedOf = () => points.map((_, i) => i).filter((i) => (rerun.has(i) ? resultState(out, i, points[i]).kind : before[i]) === 'failed');
  const skipped = points.length - todo.length;
  const jobs = Math.max(1, Math.min(o.jobs ?? 1, todo.length));
  const file = workerFile();
  if (jobs <= 1 || !file) {
    const ran: number[] = [];
    const cache = new Map();
    for (const i of todo) {
      ran.push(...runIndices(sweepFile, [i], out, { points, cache, force: true }));
      o.onDone?.(ran.length, todo.length);
    }
    return { total: points.length, skipped, ran, errors: [], failed: failedOf(), threads: 0 };
  }
  const queue = [...todo];
  const ran: number[] = [];
  const errors: string[] = [];
  await Promise.all(Array.from({ length: jobs }, () => new Promise<void>((done, fail) => {
    const worker = new Worker(pathToFileURL(file), { workerData: { sweepFile, out } });
    const feed = () => {
      const next = queue.shift();
      if (next === undefined) {
        void worker.terminate().then(() => done());
        return;
      }
      worker.postMessage(next);
    };
    worker.on('message', (m: { index: number; error?: string }) => {
      if (m.error) errors.push(`point ${m.index}: ${m.error}`);
      else ran.push(m.index);
      o.onDone?.(ran.length + errors.length, todo.length);
      feed();
    });
    worker.on('error', fail);
    feed();
  })));
  return { total: points.length, skipped, ran: ran.sort((a, b) => a - b), errors, failed: failedOf(), threads: jobs };
}
