// The functional chip over a batch of images on worker threads (node:worker_threads). Images are
// independent (analog read noise is drawn per image), so each worker takes every jobs-th image.
// Shared: nothing; each worker gets its own copy of the network, the mapping and the arch, and
// builds its own layouts, WebAssembly modules and conductance draws (the draws are seeded per
// layer and copy, so every worker programs the same chip). The outputs are those of one
// FunctionalChip run over the images in order, for any number of workers. Workers run the built
// JS; from source (vitest) without a build, or with one job, the images run in-process.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Arch } from '../../hw/arch/schema.js';
import type { MappedNetwork } from '../../hw/mapping/types.js';
import type { Network } from '../../workloads/ir/types.js';
import { FunctionalChip, type FunctionalOptions } from './chip.js';

function workerFile(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return fileURLToPath(new URL('./worker.js', import.meta.url));
  const built = fileURLToPath(new URL('../../dist/sim/functional/worker.js', import.meta.url));
  return existsSync(built) ? built : undefined;
}

export interface FunctionalWork {
  net: Network;
  mapped: MappedNetwork;
  arch: Arch;
  options: FunctionalOptions;
}

/** The outputs of `images` computed by one chip, in order (image `index` seeds its analog noise). */
export function runFunctionalShare(w: FunctionalWork, images: ReadonlyArray<{ index: number; input: Int8Array }>, onImage?: () => void): Int8Array[] {
  const chip = new FunctionalChip(w.net, w.mapped, w.arch, w.options);
  return images.map(({ index, input }) => {
    const y = chip.run(input, index);
    onImage?.();
    return y;
  });
}

/** The chip's outputs for `inputs`, on at most `jobs` worker threads; `onProgress(done)` as images finish. */
export async function runFunctional(w: FunctionalWork, inputs: readonly Int8Array[], jobs = 1, onProgress?: (done: number) => void): Promise<Int8Array[]> {
  const threads = Math.max(1, Math.min(jobs, inputs.length));
  const file = workerFile();
  const indexed = inputs.map((input, index) => ({ index, input }));
  let done = 0;
  const tick = () => onProgress?.(++done);
  if (threads <= 1 || file === undefined) return runFunctionalShare(w, indexed, tick);
  const shares = Array.from({ length: threads }, (_, t) => indexed.filter((x) => x.index % threads === t));
  const parts = await Promise.all(shares.map((images) => new Promise<Int8Array[]>((resolve, reject) => {
    const worker = new Worker(pathToFileURL(file), { workerData: { work: w, images } });
    worker.on('message', (m: { image?: true; outputs?: Int8Array[]; error?: string }) => {
      if (m.image) return tick();
      void worker.terminate();
      if (m.error !== undefined) reject(new Error(m.error));
      else resolve(m.outputs!);
    });
    worker.once('error', reject);
  })));
  return inputs.map((_, k) => parts[k % threads][Math.floor(k / threads)]);
}
