// Worker thread of `npm run train --jobs N`: trains one network (pipeline.ts) and posts each epoch's
// report, then the ONNX bytes. Networks train independently, so the bytes do not depend on --jobs.
import { parentPort, workerData } from 'node:worker_threads';
import { trainNetwork, type PipelineOptions } from './pipeline.js';
import type { TrainedNetwork } from '../../workloads/zoo/trained.js';

export type WorkerMessage =
  | { kind: 'epoch'; report: import('./train.js').EpochReport }
  | { kind: 'done'; onnx: Uint8Array; floatAccuracy: number; trainSeconds: number }
  | { kind: 'error'; message: string };

const { network, options } = workerData as { network: TrainedNetwork; options: Omit<PipelineOptions, 'onEpoch'> };
const post = (m: WorkerMessage): void => parentPort!.postMessage(m);
try {
  const r = trainNetwork(network, { ...options, onEpoch: (report) => post({ kind: 'epoch', report }) });
  post({ kind: 'done', onnx: r.onnx, floatAccuracy: r.floatAccuracy, trainSeconds: r.trainSeconds });
} catch (error) {
  post({ kind: 'error', message: (error as Error).message });
}
