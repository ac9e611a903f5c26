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
import { countMacs } from '../ir/counts.js';

/** The compiled worker: beside this file when built, else in the package's dist/ (if built). */
function workerFile(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return fileURLToPath(new URL('./worker.js', import.meta.url));
  const built = fileURLToPath(new URL('../../dist/workloads/reference/worker.js', import.meta.url));
  return existsSync(built) ? built : undefined;
}

/** How long after the last answer the workers are stopped. */
const STOP_AFTER_MS = 250;

/** Progress of a reference run: MACs done of the total over every image. */
type ReferenceProgress = (macsDone: number, macsTotal: number) => void;

/** Messages of a worker (worker.ts): MACs of a finished layer, then the results or an error. */
export type WorkerMessage = { macs: number } | { results: ReferenceResult[] } | { error: string };

/**
 * runReference over `inputs`, spread over at most `jobs` worker threads; `onProgress` hears of
 * every conv and dense layer finished, on any thread.
 */
export async function runReferenceParallel(
  net: Network, inputs: readonly Int8Array[], options: ReferenceOptions = {}, jobs = 1, onProgress?: ReferenceProgress,
): Promise<ReferenceResult[]> {
  const threads = Math.max(1, Math.min(jobs, inputs.length));
  const file = workerFile();
  const macsTotal = onProgress === undefined ? 0 : countMacs(net) * inputs.length;
  let macsDone = 0;
  const layerDone = onProgress === undefined ? undefined : (macs: number) => onProgress((macsDone += macs), macsTotal);
  const { onLayerMacs: _, ...sendable } = options;
  if (threads <= 1 || file === undefined) return inputs.map((x) => runReference(net, x, { ...sendable, onLayerMacs: layerDone }));
  const shares = Array.from({ length: threads }, (_, w) => inputs.filter((_, k) => k % threads === w));
  const workers: Worker[] = [];
  const runs = shares.map((images) => new Promise<ReferenceResult[]>((resolve, reject) => {
    const worker = new Worker(pathToFileURL(file), { workerData: { net, images, options: sendable, progress: layerDone !== undefined } });
    workers.push(worker);
    worker.on('message', (m: WorkerMessage) => {
      if ('macs' in m) {
        layerDone?.(m.macs);
        return;
      }
      if ('error' in m) reject(new Error(m.error));
      else resolve(m.results);
    });
    worker.once('error', reject);
    // A worker that ends without its answer (killed, out of memory) must fail the check, not leave it waiting.
    worker.once('exit', (code) => reject(new Error(`a reference worker thread exited (code ${code}) before sending its results`)));
  }));
  let parts: ReferenceResult[][];
  try {
    parts = await Promise.all(runs);
  } catch (error) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw error;
  }
  // Every worker idles until stopped (worker.ts says why), and is stopped a while after its answer,
  // off the caller's path: by then the compile tasks V8 started for it have finished, while its
  // thread could still collect garbage for them. The process may exit before.
  for (const worker of workers) worker.unref();
  setTimeout(() => workers.forEach((w) => void w.terminate()), STOP_AFTER_MS).unref();
  return inputs.map((_, k) => parts[k % threads][Math.floor(k / threads)]);
}
