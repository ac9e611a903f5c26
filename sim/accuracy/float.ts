// The float accuracy of a network, when known: the top of the ladder float > integer reference >
// chip. The trained zoo networks have it in the record of the run that wrote them (the float64
// model's top-1 on the held-out digits, before quantization; workloads/zoo/trained.ts); networks
// with synthetic weights, and ONNX files, have none. Keys are network names as the IR gives them.
import { readTrainingRecord } from '../../workloads/zoo/trained.js';

export interface FloatAccuracy {
  top1: number;
  top5?: number;
  /** Where the figure comes from. */
  source: string;
}

export function floatAccuracy(netName: string): FloatAccuracy | undefined {
  const r = readTrainingRecord(netName);
  if (r === undefined) return undefined;
  return {
    top1: r.floatTestCorrect / r.testImages,
    source: `float64 model before quantization: ${r.floatTestCorrect} of ${r.testImages} held-out digits, npm run train with seed ${r.seed}`,
  };
}
