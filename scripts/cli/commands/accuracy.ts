// `ohmflow accuracy`: a network's top-1 (and top-5) accuracy against labels on a chip, at every
// point of a sweep of one or two arch fields, over trials of the device variation and noise, with
// the integer reference's accuracy on the same images as the ceiling. Functional path only (no
// timing), one pool of worker threads for the whole study (sim/accuracy).
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { OhmflowError } from '../../../workloads/errors.js';
import type { InputLayer, Network } from '../../../workloads/ir/types.js';
import { inferShapes } from '../../../workloads/ir/shapes.js';
import { mnistDataset, mnistHeldOutDataset, mnistSizeFor, npyDataset, type LabeledSet } from '../../../workloads/datasets/index.js';
import { TRAINED_NETWORKS } from '../../../workloads/zoo/trained.js';
import { loadArch, type Arch } from '../../../hw/arch/index.js';
import { archAt, floatAccuracy, parseSweep, runStudy, sweepPoints, type StudyFidelity, type SweepAxis } from '../../../sim/accuracy/index.js';
import { renderAccuracySweep } from '../../../traces/charts/index.js';
import { checkInputFile, checkOutputDir } from '../paths.js';
import { progressBar } from '../progressBar.js';
import { loadNet, wholeNumber } from './map.js';
import { DEFAULT_ACCURACY_IMAGES, DEFAULT_ACCURACY_NET, DEFAULT_ANALOG_TRIALS } from '../define/accuracy.js';
import { accuracyChart, accuracyJson, accuracyTable, type AccuracyReport } from './accuracyReport.js';


export interface AccuracyFlags {
  net?: string;
  arch?: string;
  images?: string;
  sweep: string[];
  trials?: string;
  fidelity?: string;
  jobs?: string;
  plots?: string;
  json?: boolean;
  dataset?: string;
  labels?: string;
  seed?: string;
}

function parseAxes(texts: readonly string[], arch: Arch): SweepAxis[] {
  if (texts.length > 2) throw new OhmflowError(`${texts.length} --sweep flags, at most 2`, { field: '--sweep', fix: 'sweep one or two fields per study' });
  const axes = texts.map((t) => parseSweep(t, arch));
  if (axes.length === 2 && axes[0].path === axes[1].path) {
    throw new OhmflowError(`${axes[0].label} is swept twice`, { field: '--sweep', fix: 'sweep two different fields, or list all values in one --sweep' });
  }
  return axes;
}

/** adc unless the study is about the device: a device field swept, or the arch's device section given. */
function studyFidelity(text: string | undefined, arch: Arch, axes: readonly SweepAxis[]): StudyFidelity {
  if (text === undefined) return axes.some((a) => a.path.startsWith('device.')) || arch.device !== undefined ? 'analog' : 'adc';
  if (text === 'adc' || text === 'analog') return text;
  throw new OhmflowError(`fidelity "${text}" is not one of adc, analog`, {
    field: '--fidelity', fix: 'use adc (the ADC\'s quantization; on a lossless ADC it equals exact) or analog (the device section\'s variation and noise)',
  });
}

function labelledImages(flags: AccuracyFlags, net: Network, input: InputLayer, classes: number): LabeledSet {
  const inputShape = input.shape;
  const count = flags.images === undefined ? undefined : wholeNumber(flags.images, 1, '--images', 1);
  if (flags.dataset !== undefined) return npyDataset(flags.dataset, flags.labels!, inputShape, input.quant, classes, count);
  const size = mnistSizeFor(inputShape, classes);
  if (size === undefined) {
    throw new OhmflowError(`${net.name} takes [${inputShape.join(', ')}] with ${classes} classes, not an MNIST digit (1x28x28 or 1x32x32, 10 classes)`, {
      field: '--dataset', fix: 'pass --dataset images.npy --labels labels.npy: int8, uint8 or float32 images [N, ' + inputShape.join(', ') + '] and one class index per image',
    });
  }
  // A trained network is measured on digits it was not trained on.
  const trained = TRAINED_NETWORKS.some((t) => t.name === net.name);
  return (trained ? mnistHeldOutDataset : mnistDataset)(count ?? DEFAULT_ACCURACY_IMAGES, size);
}

/** `ohmflow accuracy`: the study over the sweep points and trials, as a table, JSON and a chart. */
export async function runAccuracy(flags: AccuracyFlags): Promise<void> {
  // Paths and flags first: a bad one must fail before the run, not after it.
  if (flags.plots !== undefined) checkOutputDir(flags.plots, '--plots');
  if ((flags.dataset === undefined) !== (flags.labels === undefined)) {
    throw new OhmflowError('--dataset and --labels go together', { field: flags.dataset === undefined ? '--labels' : '--dataset', fix: 'pass both: the images and their labels' });
  }
  if (flags.dataset !== undefined) checkInputFile(flags.dataset, '--dataset');
  if (flags.labels !== undefined) checkInputFile(flags.labels, '--labels');
  const arch = flags.arch === undefined ? loadArch() : loadArch(flags.arch);
  const axes = parseAxes(flags.sweep, arch);
  // Every point validated before the network and the images load (runStudy maps them later).
  for (const values of sweepPoints(axes)) archAt(arch, axes, values);
  const fidelity = studyFidelity(flags.fidelity, arch, axes);
  const requestedTrials = wholeNumber(flags.trials, fidelity === 'analog' ? DEFAULT_ANALOG_TRIALS : 1, '--trials', 1);
  if (fidelity === 'adc' && requestedTrials > 1) process.stderr.write(`adc fidelity has no randomness: running one trial, not ${requestedTrials}\n`);
  const firstSeed = wholeNumber(flags.seed, 1, '--seed', 0);
  const jobs = wholeNumber(flags.jobs, availableParallelism(), '--jobs', 1);
  const net = loadNet(flags.net ?? DEFAULT_ACCURACY_NET);
  const input = net.layers.find((l) => l.kind === 'input') as InputLayer;
  const classes = inferShapes(net).get(net.output)!.reduce((p, d) => p * d, 1);
  const data = labelledImages(flags, net, input, classes);
  process.stderr.write(`inputs: ${data.source}\n`);
  const bar = progressBar('accuracy');
  let result;
  try {
    result = await runStudy({
      net, base: arch, axes, fidelity, trials: requestedTrials, firstSeed, data, classes, threads: jobs,
      onProgress: (done, total) => bar.update(done, total, `${done}/${total} chip image runs`),
    });
  } catch (e) {
    bar.stop(false);
    throw e;
  }
  bar.stop(true, `${result.wallS.toFixed(1)} s`);
  const float = floatAccuracy(net.name);
  const report: AccuracyReport = { net: net.name, arch: arch.name, inputs: data.source, classes, axes, result, ...(float === undefined ? {} : { float }) };
  if (flags.plots !== undefined) {
    mkdirSync(flags.plots, { recursive: true });
    const file = join(flags.plots, 'accuracy.png');
    writeFileSync(file, await renderAccuracySweep(accuracyChart(report)));
    process.stderr.write(`wrote ${file}\n`);
  }
  process.stdout.write(flags.json ? JSON.stringify(accuracyJson(report)) + '\n' : accuracyTable(report));
}
