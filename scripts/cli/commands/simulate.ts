// `ohmflow simulate`: runs seeded images through the cycle-level engine, beside the analytical
// estimate and the integer reference. --json prints exactly one object (analytical, simulated,
// crosscheck, functional); progress goes to stderr.
import { OhmflowError } from '../../../workloads/errors.js';
import { isMnistAvailable, mnistDigits, randomInt8Input } from '../../../workloads/datasets/index.js';
import { mnistSplit } from '../../../workloads/datasets/mnistSplit.js';
import { TRAINED_NETWORKS } from '../../../workloads/zoo/trained.js';
import { readNpyInt8 } from '../../../workloads/onnx/npy.js';
import type { InputLayer, Network } from '../../../workloads/ir/types.js';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/load.js';
import { mapNetwork, parseMapFlags } from '../../../hw/mapping/index.js';
import { ASSUMED_ACTIVITY, estimate, inputActivityOf, type Analytical } from '../../../hw/ppa/index.js';
import { analogProblem, defaultFidelity, parseFidelity, simulateYielding, type AnalogParams } from '../../../sim/engine/index.js';
import { interruptible } from '../signals.js';
import { analogParamsFor, analogReport } from '../../../sim/engine/compute/device.js';
import type { Arch } from '../../../hw/arch/schema.js';
import { crosscheckReport, functionalReport, simulatedReport } from '../../../traces/report/runReport.js';
import { crossbarConversion } from '../../../hw/mapping/conversion.js';
import { runReferenceParallel } from '../../../workloads/reference/index.js';
import { availableParallelism } from 'node:os';
import { progressBar } from '../progressBar.js';
import { writeRunPlots, writeRunReport } from './runOutputs.js';
import { closeTrace, openTraceFromFlags, type TraceFlags } from './runTrace.js';
import { wholeNumber, type NetFlags } from './map.js';
import { checkInputFile, checkOutputDir, checkOutputFile } from '../paths.js';
import { functionalLines, quantizationText, runFunctionalOnly, saveOutputs } from './simulateFunctional.js';
import { checkImages, checkResolution, checkTiles } from '../limits.js';
import { netForRun } from '../netForRun.js';
import type { CalibrationFlags } from '../calibrationFlags.js';

export interface SimulateFlags extends NetFlags, TraceFlags, CalibrationFlags {
  images?: string;
  jobs?: string;
  fidelity?: string;
  seed?: string;
  plots?: string;
  report?: string;
  conductanceSigma?: string;
  readNoise?: string;
  input?: string;
  saveOutput?: string;
  unboundedBuffers?: boolean;
  functionalOnly?: boolean;
}

function realNumber(text: string | undefined, fallback: number, flag: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new OhmflowError(`expected a number, got "${text}"`, { field: flag });
  return n;
}

/** `analog` fidelity's parameters: the defaults, the arch's device section, then the flags
 *  (--conductance-sigma, --read-noise, --seed). */
function analogParams(arch: Arch, flags: SimulateFlags, seed: number | undefined): AnalogParams {
  const given: Partial<AnalogParams> = {};
  if (flags.conductanceSigma !== undefined) given.conductanceSigma = realNumber(flags.conductanceSigma, 0, '--conductance-sigma');
  if (flags.readNoise !== undefined) given.readNoiseSigma = realNumber(flags.readNoise, 0, '--read-noise');
  if (seed !== undefined) given.seed = seed;
  const p = analogParamsFor(arch, given);
  const problem = analogProblem(p);
  if (problem !== undefined) throw new OhmflowError(problem, { field: problem.startsWith('read') ? '--read-noise' : '--conductance-sigma' });
  return p;
}

/** The images to stream: a .npy file (one image, or a batch [N, ...shape]); MNIST digits for the
 *  MNIST networks when the dataset is installed (for the trained ones, digits they were not trained
 *  on); otherwise seeded random images. */
function inputImages(
  flags: SimulateFlags,
  net: Network,
  shape: readonly number[],
  count: number,
  seed: number | undefined,
): { inputs: Int8Array[]; source: string } {
  // --images N with --input takes the file's first N images.
  const size = shape.reduce((p, d) => p * d, 1);
  if (flags.input !== undefined) {
    const npy = readNpyInt8(flags.input);
    const s = npy.shape;
    const same = (a: readonly number[]) => a.length === shape.length && a.every((d, i) => d === shape[i]);
    if (!same(s) && !(s.length === shape.length + 1 && same(s.slice(1)) && s[0] >= 1)) {
      throw new OhmflowError(`shape is [${s.join(', ')}], the network expects [${shape.join(', ')}] or a batch [N, ${shape.join(', ')}]`, {
        field: flags.input, fix: 'save an int8 array of the network input shape (numpy.save(file, x.astype(numpy.int8)))',
      });
    }
    const available = npy.data.length / size;
    if (flags.images !== undefined && count > available) {
      throw new OhmflowError(`--images ${count} but ${flags.input} holds ${available} image(s)`, { field: '--images', fix: `pass --images ${available} or fewer, or leave it out to run the whole file` });
    }
    const n = flags.images === undefined ? available : count;
    return { inputs: Array.from({ length: n }, (_, k) => npy.data.slice(k * size, (k + 1) * size)), source: `${n} of ${available} image(s) from ${flags.input}` };
  }
  const mnistSize = shape.length === 3 && shape[0] === 1 && shape[1] === shape[2] && (shape[1] === 28 || shape[1] === 32) ? (shape[1] as 28 | 32) : undefined;
  if (TRAINED_NETWORKS.some((t) => t.name === net.name && t.imageSidePx === mnistSize) && isMnistAvailable()) {
    const digits = mnistSplit('test', { size: mnistSize, count });
    if (digits.length < count) throw new OhmflowError(`--images ${count} but the MNIST test split holds ${digits.length} digits`, { field: '--images', fix: `pass --images ${digits.length} or fewer` });
    return { inputs: digits.map((d) => d.data), source: `${count} held-out MNIST digit(s)` };
  }
  if ((net.name === 'lenet5' || net.name === 'mlp') && mnistSize !== undefined && isMnistAvailable()) {
    return { inputs: mnistDigits(count, { size: mnistSize }).map((d) => d.data), source: `${count} MNIST digit(s)` };
  }
  return { inputs: Array.from({ length: count }, (_, i) => randomInt8Input(shape, seed ?? 1, i)), source: `${count} seeded random image(s)` };
}

const f = (x: number | null, d = 1): string => (x === null ? 'n/a' : x.toFixed(d));

function humanReport(
  name: string,
  arch: string,
  a: Analytical,
  s: ReturnType<typeof simulatedReport>,
  c: ReturnType<typeof crosscheckReport>,
  fn: ReturnType<typeof functionalReport>,
  assumedEnergyPj: number,
): string {
  const row = (label: string, ana: number, sim: number, err: number | null, unit: string) =>
    `  ${label.padEnd(18)} ${ana.toPrecision(5).padStart(12)} ${sim.toPrecision(5).padStart(12)} ${f(err).padStart(8)}%  ${unit}`;
  const lines = [
    `${name} on ${arch}: ${s.images} image(s), fidelity ${s.fidelity}, ${s.events} events in ${s.wallS.toFixed(2)} s`,
    `  ${''.padEnd(18)} ${'analytical'.padStart(12)} ${'simulated'.padStart(12)} ${'error'.padStart(9)}`,
    row('latency', a.latencyNs / 1e3, s.latencyNs / 1e3, c.latencyErrPct, 'us (first image in to result out)'),
    row('interval', a.intervalNs / 1e3, s.intervalNs / 1e3, c.intervalErrPct, `us (${s.intervalSource})`),
    row('throughput', a.fps, s.fps, c.intervalErrPct === null ? null : (100 * (a.intervalNs - s.intervalNs)) / s.intervalNs, 'images/s'),
    row('energy', a.energyPjPerImage / 1e6, s.energyPjPerImage / 1e6, c.energyErrPct, 'uJ/image'),
    row('efficiency', a.topsPerW, s.topsPerW, (100 * (s.topsPerW - a.topsPerW)) / a.topsPerW, 'TOPS/W'),
    `  area ${a.areaMm2.toFixed(2)} mm2 (from the roll-up; not simulated)`,
    `  input activity ${a.inputActivity.defaultActivity.toFixed(3)}: DAC rows driven, measured on these images (the engine counts them from its data); at the assumed ${ASSUMED_ACTIVITY.defaultActivity} the estimate is ${(assumedEnergyPj / 1e6).toPrecision(5)} uJ/image`,
    ...(a.reloading ? [`  parked off chip: ${(a.offChip.parkedBitsPerImage / 8e3).toFixed(1)} kB/image each way over ${a.offChip.timedLinks} link(s); analytical: ${(a.offChip.parkNsPerBatch / 1e3).toFixed(2)} us per batch (${a.offChip.parkSharePct.toFixed(1)}% of the batch time)${s.offChip === undefined ? '' : `; simulated links busy ${(s.offChip.inBusyNsPerImage / 1e3).toFixed(2)} us in, ${(s.offChip.outBusyNsPerImage / 1e3).toFixed(2)} us out per image`}`] : []),
    ...a.warnings.map((w) => `  warning: ${w}`),
    '',
    `  ${'layer'.padEnd(22)} ${'dup'.padStart(4)} ${'start us'.padStart(17)} ${'end us'.padStart(17)} ${'stage us'.padStart(17)} ${'energy err'.padStart(10)}`,
    ...c.layers.map((l) => {
      const pair = (x: { analytical: number; simulated: number }) => `${(x.analytical / 1e3).toFixed(2)}/${(x.simulated / 1e3).toFixed(2)}`.padStart(17);
      const dup = s.layers.find((x) => x.name === l.name)?.duplication ?? 1;
      return `  ${l.name.padEnd(22)} ${String(dup).padStart(4)} ${pair(l.startNs)} ${pair(l.endNs)} ${pair(l.stageNs)} ${f(l.energyErrPct).padStart(9)}%`;
    }),
    '  (columns: analytical/simulated. start, end: the first image. stage: per image, the model gives the busiest resource the layer uses,',
    '   shared ones included (so layers sharing a tile bus show its load), the engine gives its busiest copy\'s own busy time, waits excluded;',
    '   the two agree where a layer is bound by its own crossbars. energy err: simulated vs analytical)',
    `  largest waits: ${c.explanation || 'none'}`,
    ...(s.buffers.warnings.length === 0 ? [] : [`  buffers: ${s.buffers.warnings.length} warning(s) (--json: simulated.buffers), e.g. ${s.buffers.warnings[0]}; --unbounded-buffers shows the run without back-pressure`]),
    '',
    ...functionalLines(fn),
  ];
  return lines.join('\n') + '\n';
}

/** `ohmflow simulate`: the engine, the model and the reference on the same images, and the report. */
export async function runSimulate(flags: SimulateFlags): Promise<void> {
  // Paths first: a bad one must fail before the run, not after it.
  if (flags.trace !== undefined) checkOutputFile(flags.trace, '--trace');
  if (flags.saveOutput !== undefined) checkOutputFile(flags.saveOutput, '--save-output');
  if (flags.plots !== undefined) checkOutputDir(flags.plots, '--plots');
  if (flags.report !== undefined) checkOutputFile(flags.report, '--report');
  if (flags.input !== undefined) checkInputFile(flags.input, '--input');
  const seed = flags.seed === undefined ? undefined : wholeNumber(flags.seed, 1, '--seed', 0);
  const requestedImages = wholeNumber(flags.images, 2, '--images', 1);
  checkImages(requestedImages, flags.force);
  checkResolution(flags.resolution, flags.force);
  const arch = flags.arch === undefined ? loadArch() : loadArch(flags.arch);
  checkTiles(arch, flags.force);
  const fidelity = flags.fidelity === undefined ? defaultFidelity(arch) : parseFidelity(flags.fidelity);
  const tech = loadTech(arch.tech);
  // Map the skeleton first: a network that does not fit (without --reload) is refused before
  // its weights are built or a float ONNX model is calibrated. The mapping reads geometry only,
  // so it holds for the full network.
  const toRun = netForRun(flags, seed);
  const mapped = mapNetwork(toRun.skeleton, arch, parseMapFlags(flags));
  const { net, quantization } = await toRun.load();
  const shape = (net.layers.find((l) => l.kind === 'input') as InputLayer).shape;
  const { inputs, source } = inputImages(flags, net, shape, requestedImages, seed);
  const images = inputs.length;
  const analog = fidelity === 'analog' ? analogParams(arch, flags, seed) : undefined;
  if (fidelity !== 'analog' && (flags.conductanceSigma !== undefined || flags.readNoise !== undefined)) {
    throw new OhmflowError('--conductance-sigma and --read-noise apply to --fidelity analog only', { field: '--fidelity', fix: 'add --fidelity analog' });
  }
  const jobs = wholeNumber(flags.jobs, availableParallelism(), '--jobs', 1);
  process.stderr.write(`inputs: ${source}\n`);
  if (flags.functionalOnly) {
    const timed = [['--trace', flags.trace], ['--plots', flags.plots], ['--unbounded-buffers', flags.unboundedBuffers]].filter(([, v]) => v !== undefined).map(([k]) => k);
    if (timed.length > 0) {
      throw new OhmflowError(`${timed.join(', ')} need the cycle-level engine, which --functional-only skips`, { field: '--functional-only', fix: `drop ${timed.join(', ')}, or drop --functional-only` });
    }
    const json = flags.json === true;
    await runFunctionalOnly({ net, arch, mapped, inputs, source, fidelity, analog, jobs, json, saveOutput: flags.saveOutput, quantization });
    return;
  }
  const traceFile = openTraceFromFlags(flags, `${net.name} on ${arch.name}`);
  // The golden model of the fidelity (the ADC-aware reference on a lossy chip in adc fidelity),
  // run once, on worker threads while the engine runs: its outputs are the functional check,
  // its tensors give the model the input activity of these same images (the engine counts DAC
  // row drives from the data it moves).
  const conversion = fidelity === 'adc' ? crossbarConversion(arch, mapped) : undefined;
  const goldenRuns = runReferenceParallel(net, inputs, { keepIntermediates: true, crossbar: conversion }, jobs);
  const bar = progressBar('simulate');
  let result;
  try {
    result = await interruptible(() => traceFile?.writer.abort(), () => simulateYielding({
      net, mapped, arch, tech, inputs, fidelity,
      ...(analog === undefined ? {} : { analog }),
      ...(flags.unboundedBuffers ? { backPressure: false } : {}),
      ...(traceFile === undefined ? {} : { trace: traceFile.kernel, activityTrace: traceFile.activity }),
      onProgress: (p) => bar.update(p.pixelsDone, p.pixelsTotal, `${p.imagesDone}/${p.images} images · ${(p.simulatedPs / 1e6).toFixed(1)} us simulated · ${(p.events / p.wallS / 1e6).toFixed(2)} M events/s`),
    }));
    closeTrace(traceFile);
  } catch (e) {
    bar.stop(false);
    traceFile?.writer.abort();
    await goldenRuns.catch(() => undefined);
    throw e;
  }
  bar.stop(true, `${images}/${images} images · ${(result.simulatedPs / 1e6).toFixed(1)} us simulated · ${(result.events / result.wallS / 1e6).toFixed(2)} M events/s · ${result.wallS.toFixed(1)} s`);
  // The engine ran short tiles with the input buffers their line buffers need: say so at once,
  // not only in the report's last lines, since the chip as described could not run this.
  const short = result.bufferWarnings.filter((w) => w.startsWith('tile '));
  if (short.length > 0) {
    process.stderr.write(`warning: ${short.length} tile(s) need a larger input buffer than tile.inputBuffer.sizeBytes (${arch.tile.inputBuffer.sizeBytes} B) `
      + `to hold their line buffers, and were simulated with the size they need; e.g. ${short[0]}. Grow tile.inputBuffer.sizeBytes for the chip as described.\n`);
  }
  const checkStart = performance.now();
  process.stderr.write(`checking against the ${conversion === undefined ? 'integer' : 'ADC-aware'} reference (${images} image(s), ${Math.min(jobs, images)} thread(s))...\n`);
  const golden = await goldenRuns;
  process.stderr.write(`reference done in ${((performance.now() - checkStart) / 1e3).toFixed(1)} s after the engine\n`);
  const analytical = estimate(mapped, arch, tech, { activity: inputActivityOf(net, mapped, arch, golden.map((g) => g.tensors!)) });
  const assumedEnergyPj = estimate(mapped, arch, tech).energyPjPerImage;
  const simulated = simulatedReport(result, analytical);
  const crosscheck = crosscheckReport(simulated, analytical);
  const functional = {
    ...functionalReport(net, inputs, result, conversion, golden.map((g) => g.output.data)),
    inputs: source,
    ...(analog === undefined ? {} : { analog: analogReport(analog) }),
  };
  if (flags.saveOutput !== undefined) saveOutputs(flags.saveOutput, net, mapped, result.outputs);
  if (flags.plots !== undefined) {
    const files = await writeRunPlots(flags.plots, { analytical, mapped, arch, tech, simulated, result });
    process.stderr.write(`wrote ${files.length} charts to ${flags.plots}\n`);
  }
  if (flags.report !== undefined) {
    await writeRunReport(flags.report, { title: `${net.name} on ${arch.name}`, analytical, mapped, arch, tech, simulated, result, crosscheck, functional });
    process.stderr.write(`wrote ${flags.report}\n`);
  }
  if (flags.json) {
    const assumedActivity = { activity: ASSUMED_ACTIVITY.defaultActivity, analyticalEnergyPjPerImage: assumedEnergyPj };
    process.stdout.write(JSON.stringify({ analytical, simulated, crosscheck, functional, assumedActivity, quantization }) + '\n');
  } else {
    const report = humanReport(net.name, arch.name, analytical, simulated, crosscheck, functional, assumedEnergyPj);
    process.stdout.write(report + quantizationText(quantization, net, mapped));
  }
}
