// How each trained zoo network is trained (`npm run train`). Changing a figure here changes the
// committed ONNX files and records: run `npm run train`, commit them, and update the figures
// docs/accuracy.md and README.md quote from its output.
import type { TrainOptions } from './train.js';

export const DEFAULT_TRAIN_SEED = 1;
/** Training digits whose activation ranges set the int8 scales (the first ones of the split). */
export const CALIBRATION_IMAGES = 2000;

export type Recipe = Omit<TrainOptions, 'seed'>;

export const RECIPES: Readonly<Record<string, Recipe>> = {
  'mlp-mnist': { epochs: 8, batchSize: 32, learningRate: 1e-3, maxShiftPx: 2 },
  'lenet5-mnist': { epochs: 10, batchSize: 32, learningRate: 3e-3, maxShiftPx: 1 },
};
