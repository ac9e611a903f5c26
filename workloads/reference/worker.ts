// Worker thread of runReferenceParallel: runs the reference on the images it is handed and answers
// with their results in the same order. Built JS only (dist/workloads/reference/worker.js).
import { parentPort, workerData } from 'node:worker_threads';
import { runReference, type ReferenceOptions } from './execute.js';
import type { Network } from '../ir/types.js';

interface WorkerInput {
  net: Network;
  images: Int8Array[];
  options: ReferenceOptions;
}

const { net, images, options } = workerData as WorkerInput;
try {
  parentPort!.postMessage({ results: images.map((x) => runReference(net, x, options)) });
} catch (error) {
  parentPort!.postMessage({ error: (error as Error).message });
}
