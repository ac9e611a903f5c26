// One pool of worker threads for a whole accuracy study: each thread gets the study's data once
// (network, every point's chip, the images and labels), then asks for units one at a time, so a
// fast thread takes more of them. Totals are sums of per-unit counts, the same in any order, so
// the result does not depend on the number of threads. Workers run the built JS; from source
// (vitest) without a build, or with one thread, the units run in-process.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Hits } from './topk.js';
import { UnitRunner, type StudyData, type Unit } from './units.js';

function workerFile(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return fileURLToPath(new URL('./worker.js', import.meta.url));
  const built = fileURLToPath(new URL('../../dist/sim/accuracy/worker.js', import.meta.url));
  return existsSync(built) ? built : undefined;
}

/** Messages of the protocol: the main thread sends a unit (or null: no more); a worker answers
 *  with the unit's hits (its index in the unit list) or an error. */
export type ToWorker = { index: number; unit: Unit } | null;
export type FromWorker = { index: number; hits: Hits } | { error: string };

/** Each unit's hits, in the order of `units`; `onUnit(unit)` as each finishes. */
export async function runUnits(data: StudyData, units: readonly Unit[], threads: number, onUnit?: (u: Unit) => void): Promise<Hits[]> {
  const file = workerFile();
  const results: Hits[] = new Array<Hits>(units.length);
  if (threads <= 1 || file === undefined || units.length <= 1) {
    const runner = new UnitRunner(data);
    units.forEach((u, i) => {
      results[i] = runner.run(u);
      onUnit?.(u);
    });
    return results;
  }
  let next = 0;
  const workers = Array.from({ length: Math.min(threads, units.length) }, () => new Worker(pathToFileURL(file), { workerData: data }));
  try {
    await Promise.all(workers.map((worker) => new Promise<void>((resolve, reject) => {
      const feed = () => {
        const message: ToWorker = next < units.length ? { index: next, unit: units[next++] } : null;
        worker.postMessage(message);
        if (message === null) resolve();
      };
      worker.on('message', (m: FromWorker) => {
        if ('error' in m) return reject(new Error(m.error));
        results[m.index] = m.hits;
        onUnit?.(units[m.index]);
        feed();
      });
      worker.once('error', reject);
      feed();
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
