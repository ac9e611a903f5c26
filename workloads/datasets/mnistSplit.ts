// The fixed train/test split of the `mnist` package's 10,000 digits that the trained zoo networks
// (mlp-mnist, lenet5-mnist) were trained and are evaluated on: in every class, sample s is held out
// for testing when s mod 5 = 4 (every fifth digit), the rest is for training. That is 80/20 within
// each class (1,996 test and 8,004 training digits), with no randomness to seed. Taking every fifth
// digit rather than a class's last fifth keeps both sides alike wherever the package's order drifts.
import { mnistClassSize, mnistImage, type LabeledImage } from './mnist.js';

type MnistPart = 'train' | 'test';

const MNIST_CLASSES = 10;
/** One digit in this many of each class is held out. */
const MNIST_TEST_EVERY = 5;

/** Whether sample `sample` of a class belongs to `part`. */
export function inMnistPart(sample: number, part: MnistPart): boolean {
  return (sample % MNIST_TEST_EVERY === MNIST_TEST_EVERY - 1) === (part === 'test');
}

/** The (label, sample) pairs of `part`, classes interleaved (0, 1, ..., 9, 0, 1, ...) until each runs out. */
export function mnistPartIndex(part: MnistPart): { label: number; sample: number }[] {
  const perClass = Array.from({ length: MNIST_CLASSES }, (_, label) => {
    const samples: number[] = [];
    for (let s = 0; s < mnistClassSize(label); s++) if (inMnistPart(s, part)) samples.push(s);
    return samples;
  });
  const longest = Math.max(...perClass.map((s) => s.length));
  const index: { label: number; sample: number }[] = [];
  for (let k = 0; k < longest; k++) {
    for (let label = 0; label < MNIST_CLASSES; label++) {
      if (k < perClass[label].length) index.push({ label, sample: perClass[label][k] });
    }
  }
  return index;
}

/**
 * The digits of `part` in mnistPartIndex order, as int8 codes (MNIST_QUANT), 28x28 or zero-padded
 * to 32x32; `count` keeps the first ones (the first 10 k hold k digits of every class, for k up to
 * the smallest class's share: 172 test digits of class 5).
 */
export function mnistSplit(part: MnistPart, options: { size?: 28 | 32; count?: number } = {}): LabeledImage[] {
  const index = mnistPartIndex(part);
  return index.slice(0, options.count ?? index.length).map(({ label, sample }) => ({ data: mnistImage(label, sample, options.size), label }));
}
