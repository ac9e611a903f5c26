// explore --min-accuracy: the flags checked and turned into the synthesis's accuracy floor. Only
// a trained network has weights worth measuring and held-out digits with labels to measure them on.
import { OhmflowError } from '../../../workloads/errors.js';
import type { Network } from '../../../workloads/ir/types.js';
import { isMnistAvailable, mnistHeldOutDataset } from '../../../workloads/datasets/index.js';
import { mnistPartIndex } from '../../../workloads/datasets/mnistSplit.js';
import { TRAINED_NETWORKS } from '../../../workloads/zoo/trained.js';
import { designTop1Meter } from '../../../sim/accuracy/index.js';
import type { SynthesisOptions } from '../../../hw/dse/synthesize.js';
import { loadNet, wholeNumber } from './map.js';
import { DEFAULT_ACCURACY_IMAGES } from '../define/explore.js';


export interface AccuracyFloor {
  net: Network;
  images: number;
  constraint: NonNullable<SynthesisOptions['accuracy']>;
  /** Chips actually run so far (designs with the same conversion share one). */
  chipsRun: () => number;
}

function percent(text: string): number {
  const p = Number(text.trim().replace(/%$/, ''));
  if (!Number.isFinite(p) || p <= 0 || p > 100) {
    throw new OhmflowError(`expected a top-1 accuracy in percent, above 0 and at most 100, got "${text}"`, { field: '--min-accuracy', fix: 'write e.g. --min-accuracy 98 (or 98%)' });
  }
  return p / 100;
}

/** The floor of --min-accuracy P (with --accuracy-images N), or undefined without the flag. */
export function accuracyFloor(minAccuracy: string | undefined, imagesText: string | undefined, netRef: string): AccuracyFloor | undefined {
  if (minAccuracy === undefined) {
    if (imagesText !== undefined) throw new OhmflowError('--accuracy-images without --min-accuracy', { field: '--accuracy-images', fix: 'add --min-accuracy P, or drop --accuracy-images' });
    return undefined;
  }
  const minTop1 = percent(minAccuracy);
  const trained = TRAINED_NETWORKS.find((t) => t.name === netRef);
  if (trained === undefined) {
    throw new OhmflowError(`--min-accuracy needs a trained network with labelled test digits; ${netRef} has ${netRef.toLowerCase().endsWith('.onnx') ? 'no labelled data set here' : 'synthetic weights'}`, {
      field: '--net', fix: `use a trained network such as ${TRAINED_NETWORKS.map((t) => `--net ${t.name}`).join(' or ')}`,
    });
  }
  const images = wholeNumber(imagesText, DEFAULT_ACCURACY_IMAGES, '--accuracy-images', 1);
  // Checked here: the data set's own error would name --images, the accuracy command's flag.
  const heldOut = isMnistAvailable() ? mnistPartIndex('test').length : Infinity;
  if (images > heldOut) throw new OhmflowError(`${images} digits, but the split holds ${heldOut} held-out digits`, { field: '--accuracy-images', fix: `pass --accuracy-images ${heldOut} or fewer` });
  const data = mnistHeldOutDataset(images, trained.imageSidePx);
  const net = loadNet(netRef);
  const meter = designTop1Meter(net, data);
  return { net, images, constraint: { minTop1, top1Of: (arch, options) => meter.top1(arch, options) }, chipsRun: () => meter.chipsRun };
}

/** The text report's accuracy line. */
export function accuracyLine(top1: number, a: { minTop1: number; measured: number; refused: number }, floor: AccuracyFloor): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return `accuracy: top-1 ${pct(top1)} on ${floor.images} held-out digits (adc fidelity), floor ${pct(a.minTop1)}; `
    + `${a.measured} leading design(s) measured (${floor.chipsRun()} distinct chip(s) run), ${a.refused} refused below the floor`;
}
