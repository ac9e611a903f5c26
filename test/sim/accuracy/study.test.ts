// Accuracy studies (sim/accuracy/study.ts, units.ts, pool.ts): the result does not depend on the
// number of threads; on a lossless ADC a chip point's accuracy is the integer reference's,
// computed here independently; a 1-bit ADC cannot beat the lossless chip. Labels are the integer
// reference's own top-1 on MNIST digits (the zoo's LeNet-5 has synthetic weights, ~10% against
// the true digits), so the ceiling is 100% by construction and no check can be flaky.
// jobs=2 runs worker threads from the build (dist/); without one it runs in-process.
import { describe, expect, test } from 'vitest';
import { loadArch } from '../../../hw/arch/index.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { mnistDataset } from '../../../workloads/datasets/index.js';
import { runReference } from '../../../workloads/reference/index.js';
import { parseSweep, runStudy, spread, type StudyInput } from '../../../sim/accuracy/index.js';
import { studyUnits, unitsByProgramming } from '../../../sim/accuracy/units.js';

const net = getNetwork('lenet5');
const digits = mnistDataset(8, 32);
const argmax = (y: Int8Array): number => y.reduce((best, v, c) => (v > y[best] ? c : best), 0);
const selfLabelled = { ...digits, labels: Int32Array.from(digits.images.map((x) => argmax(runReference(net, x).output.data))) };

function study(o: Partial<StudyInput> & Pick<StudyInput, 'base' | 'axes' | 'fidelity'>): Promise<Awaited<ReturnType<typeof runStudy>>> {
  return runStudy({ net, trials: 1, firstSeed: 1, data: selfLabelled, classes: 10, threads: 1, ...o });
}

describe('runStudy', () => {
  test('the same result on one thread and on two (analog, two points, two trials)', async () => {
    const base = loadArch('neurosim-vgg8');
    const o = { base, axes: [parseSweep('device.d2dSigma=0,0.3', base)], fidelity: 'analog' as const, trials: 2 };
    const one = await study({ ...o, threads: 1 });
    const two = await study({ ...o, threads: 2 });
    expect(two.points).toEqual(one.points);
    expect(two.reference).toEqual(one.reference);
    expect(one.seeds).toEqual([1, 2]);
    expect(one.points).toHaveLength(2);
  }, 30_000);

  test('an analog point with an ideal device runs once, in adc fidelity, and stands for every trial', async () => {
    const base = { ...loadArch('neurosim-vgg8'), device: { d2dSigma: 0 } };
    const axes = [parseSweep('device.readNoiseSigma=0,2', base)];
    let total = 0;
    const r = await study({ base, axes, fidelity: 'analog', trials: 3, onProgress: (_done, all) => { total = all; } });
    const adc = await study({ base, axes: [], fidelity: 'adc' });
    // Four chip tasks over the 8 digits: one for the ideal point, three trials of the noisy one.
    expect(total).toBe(4 * digits.images.length);
    const top1 = adc.points[0].top1.mean;
    expect(r.points[0].trialTop1).toEqual([top1, top1, top1]);
    expect(r.points[1].trialTop1).toHaveLength(3);
  }, 30_000);

  test('adc fidelity on a lossless ADC gives the integer reference\'s accuracy, computed independently', async () => {
    const base = loadArch('rram-lossless-32nm');
    const truth = mnistDataset(8, 32);
    const r = await study({ base, axes: [], fidelity: 'adc', data: truth, trials: 5 });
    const expected = truth.images.filter((x, k) => argmax(runReference(net, x).output.data) === truth.labels[k]).length / truth.images.length;
    expect(r.trials).toBe(1);
    expect(r.reference.top1).toBe(expected);
    expect(r.points[0].top1.mean).toBe(expected);
  });

  test('a 1-bit ADC is not above the lossless one, which equals the ceiling', async () => {
    const base = loadArch('neurosim-vgg8');
    const r = await study({ base, axes: [parseSweep('adc.bits=1,9', base)], fidelity: 'adc' });
    const [oneBit, lossless] = r.points;
    expect(r.reference.top1).toBe(1);
    expect(lossless.top1.mean).toBe(1);
    expect(oneBit.top1.mean).toBeLessThanOrEqual(lossless.top1.mean);
    expect(oneBit.top1.mean).toBeLessThan(1);
  });
});

describe('runStudy progress', () => {
  test('counts chip image runs only: the reference runs first and fast, so the first report has no rate yet', async () => {
    const base = loadArch('neurosim-vgg8');
    const calls: Array<[number, number]> = [];
    await study({ base, axes: [parseSweep('adc.bits=5,6', base)], fidelity: 'adc', onProgress: (done, total) => calls.push([done, total]) });
    const chipRuns = 2 * selfLabelled.images.length;
    // One thread: the reference's unit, then each point's; done never counts the reference.
    expect(calls).toEqual([[0, chipRuns], [chipRuns / 2, chipRuns], [chipRuns, chipRuns]]);
  });
});

describe('studyUnits and spread', () => {
  test('few tasks are cut so every thread has work; many tasks run whole', () => {
    expect(studyUnits(1, 10, 2).map((u) => [u.task, u.start, u.end])).toEqual([[0, 0, 3], [0, 3, 6], [0, 6, 9], [0, 9, 10]]);
    expect(studyUnits(8, 10, 2).every((u) => u.start === 0 && u.end === 10)).toBe(true);
    expect(studyUnits(2, 1, 4)).toEqual([{ task: 0, start: 0, end: 1 }, { task: 1, start: 0, end: 1 }]);
  });

  test('unitsByProgramming puts units of tasks that program alike together, each group in order', () => {
    const units = studyUnits(6, 10, 4);
    const keys = [undefined, 'a', 'b', 'a', undefined, 'b'];
    const ordered = unitsByProgramming(units, keys);
    expect(ordered.map((u) => u.task)).toEqual([0, 0, 1, 1, 3, 3, 2, 2, 5, 5, 4, 4]);
    expect(ordered.filter((u) => u.task === 1).map((u) => u.start)).toEqual([0, 5]);
    expect([...ordered].sort((x, y) => x.task - y.task || x.start - y.start)).toEqual(units);
  });

  test('spread: mean, min, max and population std', () => {
    expect(spread([0.5, 0.7])).toEqual({ mean: 0.6, min: 0.5, max: 0.7, std: expect.closeTo(0.1, 12) as number });
  });
});
