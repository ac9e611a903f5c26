// `ohmflow simulate`: runs seeded images through the cycle-level engine, beside the analytical
// estimate and the integer reference. --json prints exactly one object (analytical, simulated,
// crosscheck, functional); progress goes to stderr.
import { OhmflowError } from '../../../workloads/errors.js';
import type { InputLayer } from '../../../workloads/ir/types.js';
import { inputFiles, inputImages, type InputFlags } from '../inputImages.js';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/load.js';
import { mapNetwork, parseMapFlags } from '../../../hw/mapping/index.js';
import { ASSUMED_ACTIVITY, estimate, inputActivityOf, type Analytical } from '../../../hw/ppa/index.js';
import { analogProblem, checkFidelity, defaultFidelity, parseFidelity, simulateYielding, type AnalogParams } from '../../../sim/engine/index.js';
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
import { checkOutputDir, checkOutputFile } from '../paths.js';
import { functionalLines, quantizationText, runFunctionalOnly, saveOutputs } from './simulateFunctional.js';
import { checkImages, checkResolution, checkTiles } from '../limits.js';
import { netForRun } from '../netForRun.js';
import type { CalibrationFlags } from '../calibrationFlags.js';
import { agreementOfRun, agreementText } from '../agreement.js';

export interface SimulateFlags extends NetFlags, TraceFlags, CalibrationFlags, InputFlags {
  jobs?: string;
  fidelity?: string;
  seed?: string;
  plots?: string;
  report?: string;
  conductanceSigma?: string;
  readNoise?: string;
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
  inputFiles(flags);
  const seed = flags.seed === undefined ? undefined : wholeNumber(flags.seed, 1, '--seed', 0);
  const requestedImages = wholeNumber(flags.images, 2, '--images', 1);
  checkImages(requestedImages, flags.force);
  checkResolution(flags.resolution, flags.force);
  const arch = flags.arch === undefined ? loadArch() : loadArch(flags.arch);
  checkTiles(arch, flags.force);
  const fidelity = flags.fidelity === undefined ? defaultFidelity(arch) : parseFidelity(flags.fidelity);
  // Refused here, not inside the engine: by then the reference check is running beside it.
  checkFidelity(arch, fidelity);
  const tech = loadTech(arch.tech);
  // Map the skeleton first: a network that does not fit (without --reload) is refused before
  // its weights are built or a float ONNX model is calibrated. The mapping reads geometry only,
  // so it holds for the full network.
  const toRun = netForRun(flags, seed);
  mapNetwork(toRun.skeleton, arch, parseMapFlags(flags));
  const { net, quantization, floatModel } = await toRun.load();
  // Mapped again with the loaded network's quantization: a concat's requantize count depends on
  // its inputs' scales, which a float model has only once calibrated (the skeleton's are
  // placeholders; mapped from it, SqueezeNet's estimate missed 13% of the requantize energy).
  const mapped = mapNetwork(net, arch, parseMapFlags(flags));
  const input = net.layers.find((l) => l.kind === 'input') as InputLayer;
  const { inputs, source } = await inputImages(flags, net, input.shape, input.quant, requestedImages, seed);
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
    await runFunctionalOnly({ net, arch, mapped, inputs, source, fidelity, analog, jobs, json, saveOutput: flags.saveOutput, quantization, floatModel });
    return;
  }
  const traceFile = openTraceFromFlags(flags, `${net.name} on ${arch.name}`);
  // The golden model of the fidelity (the ADC-aware reference on a lossy chip in adc fidelity),
  // run once, on worker threads while the engine runs: its outputs are the functional check,
  // its tensors give the model the input activity of these same images (the engine counts DAC
  // row drives from the data it moves).
  const conversion = fidelity === 'adc' ? crossbarConversion(arch, mapped) : undefined;
  // Its progress is kept while the engine runs and shown on its own bar once the engine is done.
  const reference: { macs: number; total: number; bar?: ReturnType<typeof progressBar> } = { macs: 0, total: 1 };
  const referenceDetail = (macs: number): string => `${(macs / 1e9).toFixed(2)} GMAC`;
  const goldenRuns = runReferenceParallel(net, inputs, { keepIntermediates: true, crossbar: conversion }, jobs, (macs, total) => {
    Object.assign(reference, { macs, total });
    reference.bar?.update(macs, total, referenceDetail(macs));
  });
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
  const referenceBar = progressBar('reference', reference.macs);
  reference.bar = referenceBar;
  referenceBar.update(reference.macs, reference.total, referenceDetail(reference.macs));
  let golden;
  try {
    golden = await goldenRuns;
  } catch (e) {
    referenceBar.stop(false);
    throw e;
  }
  referenceBar.stop(true, referenceDetail(reference.total));
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
  // A float model's run: the chip's outputs against the float model on the same images (cheap: the
  // float model only, on the run's images).
  const agreement = floatModel === undefined ? undefined : await agreementOfRun(floatModel, net, inputs, result.outputs);
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
    process.stdout.write(JSON.stringify({ analytical, simulated, crosscheck, functional, assumedActivity, quantization, ...(agreement === undefined ? {} : { agreement }) }) + '\n');
  } else {
    const report = humanReport(net.name, arch.name, analytical, simulated, crosscheck, functional, assumedEnergyPj);
    process.stdout.write(report + quantizationText(quantization, net, mapped) + agreementText(agreement));
  }
}
