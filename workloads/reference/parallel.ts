// The reference over a batch of images on worker threads (node:worker_threads): images are
// independent, so each worker takes every jobs-th image. Shared: nothing (each worker gets its own
// copy of the network and its images). Per worker: the executor's scratch and its results. The
// results are those of runReference in the same order, for any number of workers. Workers run the
// built JS; from source (vitest) without a build, or with one job, the images run in-process.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runReference, type ReferenceOptions, type ReferenceResult } from './execute.js';
import type { Network } from '../ir/types.js';

/** The compiled worker: beside this file when built, else in the package's dist/ (if built). */
function workerFile(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return fileURLToPath(new URL('./worker.js', import.meta.url));
  const built = fileURLToPath(new URL('../../dist/workloads/reference/worker.js', import.meta.url));
  return existsSync(built) ? built : undefined;
}

/** runReference over `inputs`, spread over at most `jobs` worker threads. */
export async function runReferenceParallel(net: Network, inputs: readonly Int8Array[], options: ReferenceOptions = {}, jobs = 1): Promise<ReferenceResult[]> {
  const threads = Math.max(1, Math.min(jobs, inputs.length));
  const file = workerFile();
  if (threads <= 1 || file === undefined) return inputs.map((x) => runReference(net, x, options));
  const shares = Array.from({ length: threads }, (_, w) => inputs.filter((_, k) => k % threads === w));
  const parts = await Promise.all(shares.map((images) => new Promise<ReferenceResult[]>((resolve, reject) => {
    const worker = new Worker(pathToFileURL(file), { workerData: { net, images, options } });
    worker.once('message', (m: { results?: ReferenceResult[]; error?: string }) => {
      void worker.terminate();
      if (m.error !== undefined) reject(new Error(m.error));
      else resolve(m.results!);
    });
    worker.once('error', reject);
  })));
  return inputs.map((_, k) => parts[k % threads][Math.floor(k / threads)]);
}
