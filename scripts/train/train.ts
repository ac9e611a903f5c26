// Mini-batch training of a float model with Adam and a cosine learning-rate decay. Deterministic:
// the seed fixes the initial weights (model.ts), the order of the images in every epoch and the
// pixel shifts that augment them; every sum runs in a fixed order on one thread.
import { shapeSize } from '../../workloads/ir/shapes.js';
import type { LabeledImage } from '../../workloads/datasets/mnist.js';
import type { TensorQuant } from '../../workloads/ir/types.js';
import { SeededRandom } from '../../workloads/random.js';
import { Adam } from './adam.js';
import { batchLabels, writeImage } from './batch.js';
import { argmaxRow, softmaxCrossEntropy } from './loss.js';
import { accuracyOf, type Accuracy } from './score.js';
import type { FloatModel, FloatParams } from './model.js';
import { backward, forward, workspace, zeroGrads } from './passes.js';

export interface TrainOptions {
  readonly seed: number;
  readonly epochs: number;
  readonly batchSize: number;
  /** Adam's step size at the start; it decays to 0 along a half cosine over the run. */
  readonly learningRate: number;
  /** Each training image is moved by a whole-pixel shift drawn in [-maxShiftPx, maxShiftPx] on each axis. */
  readonly maxShiftPx: number;
}

export interface EpochReport {
  readonly epoch: number;
  /** Mean cross-entropy over the epoch's (shifted) training images. */
  readonly loss: number;
  /** Fraction of them classified right while training. */
  readonly trainAccuracy: number;
  readonly wallS: number;
}

/** Side of the square single-channel input the model takes. */
export function inputSidePx(model: FloatModel): number {
  return model.inputShape[model.inputShape.length - 1];
}

function shuffle(order: number[], rng: SeededRandom): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.nextInt(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
}

/** Trains `model` in place on `images` (codes in `quant`); calls onEpoch after each epoch. */
export function train(
  model: FloatModel, images: readonly LabeledImage[], quant: TensorQuant, options: TrainOptions, onEpoch: (r: EpochReport) => void = () => {},
): void {
  const side = inputSidePx(model);
  const classes = shapeSize(model.layers[model.layers.length - 1].outShape);
  const ws = workspace(model, options.batchSize);
  const params = new Map<string, FloatParams>();
  for (const l of model.layers) if (l.params) params.set(l.layer.name, l.params);
  const grads = zeroGrads(model);
  const adam = new Adam(params);
  const orderRng = new SeededRandom(options.seed, 'order');
  const shiftRng = new SeededRandom(options.seed, 'shift');
  const order = images.map((_, i) => i);
  const stepsPerEpoch = Math.ceil(images.length / options.batchSize);
  const totalSteps = options.epochs * stepsPerEpoch;
  let step = 0;
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const start = performance.now();
    shuffle(order, orderRng);
    let lossSum = 0;
    let correct = 0;
    for (let from = 0; from < images.length; from += options.batchSize) {
      const count = Math.min(options.batchSize, images.length - from);
      for (let n = 0; n < count; n++) {
        const shiftXPx = shiftRng.nextInt(-options.maxShiftPx, options.maxShiftPx);
        const shiftYPx = shiftRng.nextInt(-options.maxShiftPx, options.maxShiftPx);
        writeImage(ws.acts[0], n, images[order[from + n]].data, side, quant, shiftXPx, shiftYPx);
      }
      const logits = forward(model, ws, count);
      const r = softmaxCrossEntropy(logits, batchLabels(images, order, from, count), count, classes, ws.grads[ws.grads.length - 1]);
      lossSum += r.lossSum;
      correct += r.correct;
      backward(model, ws, count, grads);
      adam.step(params, grads, options.learningRate * 0.5 * (1 + Math.cos((Math.PI * step) / totalSteps)));
      step += 1;
    }
    onEpoch({ epoch, loss: lossSum / images.length, trainAccuracy: correct / images.length, wallS: (performance.now() - start) / 1e3 });
  }
}

/** How many of `images` the float model classifies right (no shifts). */
export function floatAccuracy(model: FloatModel, images: readonly LabeledImage[], quant: TensorQuant, batchSize = 100): Accuracy {
  const side = inputSidePx(model);
  const classes = shapeSize(model.layers[model.layers.length - 1].outShape);
  const ws = workspace(model, batchSize);
  const predictions: number[] = [];
  for (let from = 0; from < images.length; from += batchSize) {
    const count = Math.min(batchSize, images.length - from);
    for (let n = 0; n < count; n++) writeImage(ws.acts[0], n, images[from + n].data, side, quant);
    const logits = forward(model, ws, count);
    for (let n = 0; n < count; n++) predictions.push(argmaxRow(logits, n, classes));
  }
  return accuracyOf(predictions, images);
}
