// Worker thread of runFunctional: computes the outputs of the images it is handed, reporting each
// as it finishes, then answers with the outputs in order. Built JS only (dist/sim/functional/worker.js).
import { parentPort, workerData } from 'node:worker_threads';
import { runFunctionalShare, type FunctionalWork } from './parallel.js';

const { work, images } = workerData as { work: FunctionalWork; images: Array<{ index: number; input: Int8Array }> };
try {
  const outputs = runFunctionalShare(work, images, () => parentPort!.postMessage({ image: true }));
  parentPort!.postMessage({ outputs });
} catch (error) {
  parentPort!.postMessage({ error: (error as Error).message });
}
