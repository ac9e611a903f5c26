// Worker thread of `sweep run-all`: receives point indices one message at a time, evaluates and
// writes each result, and answers with the index. Built JS only (dist/scripts/sweep/worker.js).
import { parentPort, workerData } from 'node:worker_threads';
import { runIndices } from './run.js';
import { loadSweep } from './spec.js';
import type { NetCache } from './evaluatePoint.js';

interface WorkerInput {
  sweepFile: string;
  out: string;
}

const { sweepFile, out } = workerData as WorkerInput;
const points = loadSweep(sweepFile);
const cache: NetCache = new Map();
parentPort!.on('message', (index: number) => {
  try {
    runIndices(sweepFile, [index], out, { points, cache, force: true });
    parentPort!.postMessage({ index });
  } catch (error) {
    parentPort!.postMessage({ index, error: (error as Error).message });
  }
});
