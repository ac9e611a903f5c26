// `npm run bench:accuracy`: images/s of an accuracy study's pool (sim/accuracy) for LeNet-5 on the
// default lossy chip (neurosim-vgg8), in adc and in analog fidelity, and the projected wall time
// of the target study: 2,000 digits x 6 ADC settings x 4 variation settings x 5 trials =
// 240,000 image runs in analog fidelity (a device field is swept), plus the integer reference on
// the 2,000 digits. Each figure runs several tasks over the same images on --jobs threads, pool
// start-up and chip building included, as a study pays them. It also times the second
// target: VGG-8 (CIFAR-10 size, 3x32x32, seeded images) on the same lossy chip, 100 images in adc
// fidelity, under 60 s. Prints one JSON line.
//
// The projection above times one chip (the arch's own ADC, default variation) and assumes every
// point of the study runs at its rate. The study's points do not: more ADC bits list more
// conversions for the noise (8 bits run about 3x slower than 5 here). `--grid` runs the study
// itself as `ohmflow accuracy` would (runStudy over the same sweep), one trial per point, and
// projects its five trials from that, at the cost of a run about a fifth of the study's.
// `--study` runs the whole target study, five trials, and times it: the measured figure.
import { Command } from 'commander';
import { availableParallelism, loadavg } from 'node:os';
import { getNetwork } from '../../workloads/zoo/registry.js';
import { loadArch } from '../../hw/arch/load.js';
import { mapNetwork } from '../../hw/mapping/mapNetwork.js';
import { mnistDataset } from '../../workloads/datasets/labeled.js';
import { randomInt8Batch } from '../../workloads/datasets/random.js';
import { analogParamsFor } from '../../sim/engine/compute/device.js';
import { runUnits } from '../../sim/accuracy/pool.js';
import { studyUnits, type StudyTask } from '../../sim/accuracy/units.js';
import { parseSweep, runStudy } from '../../sim/accuracy/index.js';

const TARGET = { images: 2000, adcSettings: 6, variationSettings: 4, trials: 5 };
/** The target study's sweep (docs/accuracy.md): six ADC settings by four variation settings. */
const TARGET_SWEEP = ['adc.bits=3..8', 'device.d2dSigma=0,0.05,0.1,0.2'];
const TARGET_MAX_S = 120;
const VGG = { images: 100, targetS: 60 };

const program = new Command()
  .name('bench:accuracy')
  // 2,000 by default, as the target study runs: one chip programmed per 2,000 digits (fewer
  // digits per task weigh the programming more than the study does).
  .option('--images <n>', 'MNIST digits per task', (v) => Number.parseInt(v, 10), TARGET.images)
  .option('--tasks <n>', 'tasks (trials) per figure, so every thread has work', (v) => Number.parseInt(v, 10), 4)
  .option('--jobs <n>', 'worker threads', (v) => Number.parseInt(v, 10), availableParallelism())
  .option('--arch <ARCH>', 'chip', 'neurosim-vgg8')
  .option('--net <NAME>', 'the LeNet-5 to time: lenet5 (seeded weights) or lenet5-mnist (trained, the study\'s)', 'lenet5')
  .option('--no-vgg', 'skip the VGG-8 figure')
  .option('--grid', 'also run the target study\'s sweep, one trial per point, and project its trials from it')
  .option('--study', 'also run the whole target study (its sweep, five trials) and time it')
  .parse(process.argv);
const o = program.opts<{ images: number; tasks: number; jobs: number; arch: string; net: string; vgg: boolean; grid?: boolean; study?: boolean }>();

const net = getNetwork(o.net);
const arch = loadArch(o.arch);
const mapped = mapNetwork(net, arch);
const data = mnistDataset(o.images, 32);

/** Images per wall second, and per CPU second of the whole process (workers included): on a
 *  shared machine the wall figure depends on the other load, the CPU figure much less. */
async function rate(tasks: StudyTask[]): Promise<{ wall: number; cpu: number }> {
  const units = studyUnits(tasks.length, o.images, o.jobs);
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  await runUnits({ net, points: [{ arch, mapped }], tasks, images: data.images, labels: data.labels }, units, o.jobs);
  const cpu = process.cpuUsage(cpu0);
  const runs = tasks.length * o.images;
  return { wall: runs / ((performance.now() - start) / 1e3), cpu: runs / ((cpu.user + cpu.system) / 1e6) };
}

const round = (x: number, d = 1) => Number(x.toFixed(d));
const seeds = Array.from({ length: o.tasks }, (_, k) => k + 1);
const adc = await rate(seeds.map(() => ({ kind: 'chip', point: 0, options: { fidelity: 'adc' } })));
const analog = await rate(seeds.map((seed) => ({ kind: 'chip', point: 0, options: { fidelity: 'analog', analog: analogParamsFor(arch, { seed }) } })));
const reference = await rate(seeds.map(() => ({ kind: 'reference' })));
const runs = TARGET.images * TARGET.adcSettings * TARGET.variationSettings * TARGET.trials;
const projectedS = runs / analog.wall + TARGET.images / reference.wall;
// On o.jobs cores free of other work: CPU rate x threads (an upper bound on the speed-up).
const idleS = runs / (analog.cpu * o.jobs) + TARGET.images / (reference.cpu * o.jobs);

/** VGG-8's 100 images in adc fidelity through the same pool: wall and CPU seconds, build included. */
async function vgg(): Promise<{ wallS: number; cpuS: number }> {
  const vggNet = getNetwork('vgg8');
  const input = vggNet.layers.find((l) => l.kind === 'input')!;
  const images = randomInt8Batch(input.kind === 'input' ? input.shape : [], VGG.images);
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const units = studyUnits(1, VGG.images, o.jobs);
  const point = { arch, mapped: mapNetwork(vggNet, arch) };
  await runUnits({ net: vggNet, points: [point], tasks: [{ kind: 'chip', point: 0, options: { fidelity: 'adc' } }], images, labels: new Int32Array(VGG.images) }, units, o.jobs);
  const cpu = process.cpuUsage(cpu0);
  return { wallS: (performance.now() - start) / 1e3, cpuS: (cpu.user + cpu.system) / 1e6 };
}
const vggTime = o.vgg ? await vgg() : undefined;

/** The target sweep run as a study, one trial per point (the reference included): wall and CPU
 *  seconds, and the study's five trials projected as the reference's share once plus the chips'
 *  share five times (the reference's share estimated from its rate above). */
async function grid(): Promise<Record<string, number>> {
  const axes = TARGET_SWEEP.map((text) => parseSweep(text, arch));
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  await runStudy({ net, base: arch, axes, fidelity: 'analog', trials: 1, firstSeed: 1, data, classes: 10, threads: o.jobs });
  const cpu = process.cpuUsage(cpu0);
  const wallS = (performance.now() - start) / 1e3;
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const refWallS = o.images / reference.wall;
  const refCpuS = o.images / reference.cpu;
  const scale = TARGET.images / o.images;
  return {
    points: TARGET.adcSettings * TARGET.variationSettings, trialsRun: 1, wallS: round(wallS), cpuS: round(cpuS),
    projectedS: round(scale * (refWallS + TARGET.trials * (wallS - refWallS)), 0),
    projectedOnIdleCoresS: round((scale * (refCpuS + TARGET.trials * (cpuS - refCpuS))) / o.jobs, 0),
  };
}
const gridTime = o.grid === true ? await grid() : undefined;

/** The target study itself, all five trials, as `ohmflow accuracy` runs it: wall and CPU seconds. */
async function study(): Promise<Record<string, number | boolean>> {
  const axes = TARGET_SWEEP.map((text) => parseSweep(text, arch));
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  await runStudy({ net, base: arch, axes, fidelity: 'analog', trials: TARGET.trials, firstSeed: 1, data, classes: 10, threads: o.jobs });
  const cpu = process.cpuUsage(cpu0);
  const wallS = (performance.now() - start) / 1e3;
  return {
    images: o.images, points: TARGET.adcSettings * TARGET.variationSettings, trials: TARGET.trials, wallS: round(wallS),
    cpuS: round((cpu.user + cpu.system) / 1e6), targetS: TARGET_MAX_S, meetsTarget: wallS <= TARGET_MAX_S,
  };
}
const studyTime = o.study === true ? await study() : undefined;
const both = (r: { wall: number; cpu: number }) => ({ wall: round(r.wall), perCpuS: round(r.cpu) });
process.stdout.write(JSON.stringify({
  network: o.net, arch: arch.name, threads: o.jobs, imagesPerTask: o.images, tasks: o.tasks,
  imagesPerS: { adc: both(adc), analog: both(analog), integerReference: both(reference) },
  loadAverage1m: round(loadavg()[0], 2),
  target: {
    ...TARGET, imageRuns: runs, fidelity: 'analog', projectedS: round(projectedS, 0), projectedOnIdleCoresS: round(idleS, 0), targetS: TARGET_MAX_S, meetsTarget: Math.min(projectedS, idleS) <= TARGET_MAX_S,
    // Were the study in adc fidelity (no device field swept), its trials would collapse to one.
    projectedAdcOnlyS: round((TARGET.images * TARGET.adcSettings) / adc.wall + TARGET.images / reference.wall, 0),
  },
  grid: gridTime,
  study: studyTime,
  vgg8: vggTime === undefined ? undefined : {
    images: VGG.images, inputs: 'seeded', fidelity: 'adc', wallS: round(vggTime.wallS), cpuS: round(vggTime.cpuS),
    // On o.jobs idle cores: CPU seconds over the threads (mapping and the pool's start-up included).
    onIdleCoresS: round(vggTime.cpuS / o.jobs), targetS: VGG.targetS, meetsTarget: Math.min(vggTime.wallS, vggTime.cpuS / o.jobs) <= VGG.targetS,
  },
}) + '\n');
