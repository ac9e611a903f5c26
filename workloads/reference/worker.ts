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
// Kept alive (a listener refs the port) until the parent terminates it: a thread whose event loop
// empties waits, in Node 20, for every background task of the process (nodejs/node#54918), and a
// V8 compile task for this thread that needs its garbage collection then never finishes, so the
// thread and the process hang (seen in `ohmflow simulate`, after the report). Idle in its event
// loop, the thread still collects garbage when asked; the parent stops it once such tasks are done.
parentPort!.on('message', () => undefined);
try {
  post({ results: images.map((x) => runReference(net, x, { ...options, onLayerMacs })) });
} catch (error) {
  post({ error: (error as Error).message });
}
