// `ohmflow simulate`: runs seeded images through the cycle-level engine, beside the analytical
// estimate and the integer reference. --json prints exactly one object (analytical, simulated,
// crosscheck, functional); progress goes to stderr.
import type { Command } from 'commander';
import { OhmflowError } from '../../../workloads/errors.js';
import { getNetwork, isZooNetwork } from '../../../workloads/zoo/index.js';
import { randomInt8Input } from '../../../workloads/datasets/index.js';
import type { InputLayer, Network } from '../../../workloads/ir/types.js';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/load.js';
import { mapNetwork, parseMapFlags } from '../../../hw/mapping/index.js';
import { estimate, type Analytical } from '../../../hw/ppa/index.js';
import { parseFidelity, simulate } from '../../../sim/engine/index.js';
import { crosscheckReport, functionalReport, simulatedReport } from '../../../sim/engine/report.js';
import { PerfettoTraceWriter } from '../../../traces/perfetto/writer.js';
import { KernelTraceSink, placeByDottedName } from '../../../traces/perfetto/kernelSink.js';
import { addNetArchFlags, DEFAULT_NET, loadNet, type NetFlags } from './map.js';

interface SimulateFlags extends NetFlags {
  images?: string;
  fidelity?: string;
  seed?: string;
  trace?: string;
}

function wholeNumber(text: string | undefined, fallback: number, flag: string, min: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < min) {
    throw new OhmflowError(`expected a whole number >= ${min}, got "${text}"`, { field: flag });
  }
  return n;
}

function network(flags: SimulateFlags, seed: number | undefined): Network {
  const ref = flags.net ?? DEFAULT_NET;
  if (seed !== undefined && isZooNetwork(ref)) {
    const res = flags.resolution === undefined ? {} : { resolution: wholeNumber(flags.resolution, 0, '--resolution', 1) };
    return getNetwork(ref, { ...res, seed });
  }
  return loadNet(ref, flags.resolution);
}

const f = (x: number | null, d = 1): string => (x === null ? 'n/a' : x.toFixed(d));

function humanReport(name: string, arch: string, a: Analytical, s: ReturnType<typeof simulatedReport>, c: ReturnType<typeof crosscheckReport>, fn: ReturnType<typeof functionalReport>): string {
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
    '',
    `  ${'layer'.padEnd(22)} ${'dup'.padStart(4)} ${'start us'.padStart(17)} ${'end us'.padStart(17)} ${'stage us'.padStart(17)} ${'energy err'.padStart(10)}`,
    ...c.layers.map((l) => {
      const pair = (x: { analytical: number; simulated: number }) => `${(x.analytical / 1e3).toFixed(2)}/${(x.simulated / 1e3).toFixed(2)}`.padStart(17);
      const dup = s.layers.find((x) => x.name === l.name)?.duplication ?? 1;
      return `  ${l.name.padEnd(22)} ${String(dup).padStart(4)} ${pair(l.startNs)} ${pair(l.endNs)} ${pair(l.stageNs)} ${f(l.energyErrPct).padStart(9)}%`;
    }),
    '  (columns: analytical/simulated)',
    `  largest waits: ${c.explanation || 'none'}`,
    '',
    `functional: ${fn.bitExact ? 'bit-exact' : `${fn.mismatches} of ${fn.outputsCompared} outputs differ (max |error| ${fn.maxAbsError}, top-1 agreement ${(100 * fn.top1Agreement).toFixed(0)}%)`} against the integer reference (${fn.outputsCompared} outputs compared)`,
  ];
  return lines.join('\n') + '\n';
}

export function register(program: Command): void {
  addNetArchFlags(program.command('simulate').description('cycle-level simulation of a network on a chip, with the analytical estimate and the reference for comparison'))
    .option('--images <N>', 'seeded input images to stream (default 2; 2+ measures the steady-state interval)')
    .option('--fidelity <MODE>', 'exact | adc | analog (default exact; exact needs a lossless ADC)')
    .option('--seed <S>', 'seed of the inputs and of zoo weights (default 1)')
    .option('--trace <FILE>', 'write a Perfetto trace (one slice per layer and image)')
    .action((flags: SimulateFlags) => {
      const seed = flags.seed === undefined ? undefined : wholeNumber(flags.seed, 1, '--seed', 0);
      const images = wholeNumber(flags.images, 2, '--images', 1);
      const fidelity = parseFidelity(flags.fidelity);
      const arch = flags.arch === undefined ? loadArch() : loadArch(flags.arch);
      const tech = loadTech(arch.tech);
      const net = network(flags, seed);
      const mapped = mapNetwork(net, arch, parseMapFlags(flags));
      const analytical = estimate(mapped, arch, tech);
      const shape = (net.layers.find((l) => l.kind === 'input') as InputLayer).shape;
      const inputs = Array.from({ length: images }, (_, i) => randomInt8Input(shape, seed ?? 1, i));
      const writer = flags.trace === undefined ? undefined : PerfettoTraceWriter.open(flags.trace, { title: `${net.name} on ${arch.name}` });
      // Layer tracks ("layer.<name>.images") go under the writer's "layers" group.
      const trace = writer === undefined ? undefined : new KernelTraceSink(writer, {
        place: (w, track) => (track.name.startsWith('layer.') && track.name.endsWith('.images') ? w.layerTrack(track.name.slice(6, -7)) : placeByDottedName(w, track)),
      });
      let result;
      try {
        result = simulate({
        net, mapped, arch, tech, inputs, fidelity, ...(trace === undefined ? {} : { trace }),
        onProgress: (p) => process.stderr.write(`\r  ${p.imagesDone}/${p.images} images · ${(p.simulatedPs / 1e6).toFixed(1)} us simulated · ${(p.events / p.wallS / 1e3).toFixed(0)}k events/s · ${p.wallS.toFixed(0)} s`),
      });
        writer?.close();
      } catch (e) {
        writer?.abort();
        throw e;
      }
      if (result.wallS > 1) process.stderr.write('\n');
      const simulated = simulatedReport(result, analytical);
      const crosscheck = crosscheckReport(simulated, analytical);
      const functional = functionalReport(net, inputs, result);
      if (flags.json) process.stdout.write(JSON.stringify({ analytical, simulated, crosscheck, functional }) + '\n');
      else process.stdout.write(humanReport(net.name, arch.name, analytical, simulated, crosscheck, functional));
    });
}
