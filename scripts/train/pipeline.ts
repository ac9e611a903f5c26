// One trained zoo network from scratch: the zoo architecture as a float model, trained on the
// training digits of the fixed split, quantized to int8 with scales calibrated on training digits,
// and serialized by the project's ONNX exporter. Same seed and recipe, same bytes.
import { MNIST_QUANT } from '../../workloads/datasets/mnist.js';
import { mnistSplit } from '../../workloads/datasets/mnistSplit.js';
import type { Network } from '../../workloads/ir/types.js';
import { exportOnnx } from '../../workloads/onnx/export.js';
import type { TrainedNetwork } from '../../workloads/zoo/trained.js';
import { describeNetwork } from '../../workloads/zoo/registry.js';
import { activationRanges } from './calibrate.js';
import { floatModel } from './model.js';
import { quantizeModel } from './quantize.js';
import { CALIBRATION_IMAGES, type Recipe } from './recipes.js';
import { floatAccuracy, train, type EpochReport } from './train.js';
import type { Accuracy } from './score.js';

export interface PipelineOptions {
  readonly seed: number;
  readonly recipe: Recipe;
  /** Train on the first N training digits only (default: all 8,004); for quick runs and tests. */
  readonly trainImages?: number;
  /** Measure float accuracy on the first N test digits only (default: all 1,996). */
  readonly testImages?: number;
  readonly onEpoch?: (r: EpochReport) => void;
}

interface PipelineResult {
  readonly network: Network;
  readonly onnx: Uint8Array;
  /** The float model's score on the test digits, before quantization. */
  readonly floatAccuracy: Accuracy;
  readonly trainWallS: number;
}

export function trainNetwork(t: TrainedNetwork, options: PipelineOptions): PipelineResult {
  const trainSet = mnistSplit('train', { size: t.imageSidePx, ...(options.trainImages === undefined ? {} : { count: options.trainImages }) });
  const testSet = mnistSplit('test', { size: t.imageSidePx, ...(options.testImages === undefined ? {} : { count: options.testImages }) });
  const model = floatModel(describeNetwork(t.base), options.seed);
  const start = performance.now();
  train(model, trainSet, MNIST_QUANT, { ...options.recipe, seed: options.seed }, options.onEpoch);
  const trainWallS = (performance.now() - start) / 1e3;
  const ranges = activationRanges(model, trainSet.slice(0, CALIBRATION_IMAGES), MNIST_QUANT);
  const network = quantizeModel(model, ranges, MNIST_QUANT, t.name);
  return { network, onnx: exportOnnx(network), floatAccuracy: floatAccuracy(model, testSet, MNIST_QUANT), trainWallS };
}
