// Worker thread of `npm run train --jobs N`: trains one network (pipeline.ts) and posts each epoch's
// report, then the ONNX bytes. Networks train independently, so the bytes do not depend on --jobs.
import { parentPort, workerData } from 'node:worker_threads';
import { trainNetwork, type PipelineOptions } from './pipeline.js';
import type { EpochReport } from './train.js';
import type { Accuracy } from './score.js';
import type { TrainedNetwork } from '../../workloads/zoo/trained.js';

export type WorkerMessage =
  | { kind: 'epoch'; report: EpochReport }
  | { kind: 'done'; onnx: Uint8Array; floatAccuracy: Accuracy; trainWallS: number }
  | { kind: 'error'; message: string };

const { network, options } = workerData as { network: TrainedNetwork; options: Omit<PipelineOptions, 'onEpoch'> };
const post = (m: WorkerMessage): void => parentPort!.postMessage(m);
try {
  const r = trainNetwork(network, { ...options, onEpoch: (report) => post({ kind: 'epoch', report }) });
  post({ kind: 'done', onnx: r.onnx, floatAccuracy: r.floatAccuracy, trainWallS: r.trainWallS });
} catch (error) {
  post({ kind: 'error', message: (error as Error).message });
}
