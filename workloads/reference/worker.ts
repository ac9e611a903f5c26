// Worker thread of runReferenceParallel: runs the reference on the images it is handed and answers
// with their results in the same order, after a message per conv and dense layer done when asked,
// then waits to be terminated. Built JS only (dist/workloads/reference/worker.js).
import { parentPort, workerData } from 'node:worker_threads';
import { runReference, type ReferenceOptions } from './execute.js';
import type { WorkerMessage } from './parallel.js';
import type { Network } from '../ir/types.js';

interface WorkerInput {
  net: Network;
  images: Int8Array[];
  options: ReferenceOptions;
  /** Whether to report each conv and dense layer's MACs as it finishes. */
  progress: boolean;
}

const { net, images, options, progress } = workerData as WorkerInput;
const post = (m: WorkerMessage): void => parentPort!.postMessage(m);
const onLayerMacs = progress ? (macs: number) => post({ macs }) : undefined;
// Kept alive (a listener refs the port) until the parent terminates it: a worker that ends on its
// own waits, in Node 20, for every background task of the process, and a V8 compile task waiting
// for this thread's garbage collection then never finishes, so the thread and the process hang
// (seen once in `ohmflow simulate`, after the report). Termination does not wait for them.
parentPort!.on('message', () => undefined);
try {
  post({ results: images.map((x) => runReference(net, x, { ...options, onLayerMacs })) });
} catch (error) {
  post({ error: (error as Error).message });
}
