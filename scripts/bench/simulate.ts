// Engine benchmark: one JSON line per run (network, chip, fidelity, events, wall time, events/s,
// MMAC/s, peak memory). By default: full input size on the default preset in its default fidelity
// (adc: its ADCs are lossy); ResNet-50 runs on isaac, in exact fidelity, unless --arch says otherwise.
// `--nets a,b` picks networks, `--images N` streams N images, `--arch A` sets the chip,
// `--fidelity exact|adc|analog` the fidelity, `--check` also compares with the reference of the
// fidelity (the integer one, or the ADC-aware one on a lossy chip) and times it (referenceS, and its
// share of engine + check). `--lossless-twin` adds, after
// each adc run, the same run in exact fidelity on the chip with an ADC just wide enough to be
// lossless (same mapping and geometry), and prints the adc/exact time ratio. `--functional-only`
// times the chip's outputs without timing (sim/functional) instead, on `--jobs N` threads.
// `--trace LEVEL` (layer, tile or component) runs each network twice more, untraced and with a
// Perfetto trace of that level written to a temporary file, and prints the traced/untraced ratio
// of the engine's CPU time (and of its wall time, which a loaded machine inflates), the best of
// `--trace-runs N` pairs (default 3).
import { getNetwork } from '../../workloads/zoo/index.js';
import { randomInt8Input } from '../../workloads/datasets/index.js';
import { runReference } from '../../workloads/reference/index.js';
import type { InputLayer } from '../../workloads/ir/types.js';
import { loadArch, type Arch } from '../../hw/arch/index.js';
import { adcLossless } from '../../hw/arch/lossless.js';
import { loadTech } from '../../hw/tech/index.js';
import { mapNetwork } from '../../hw/mapping/index.js';
import { defaultFidelity, parseFidelity, simulate, type Fidelity } from '../../sim/engine/index.js';
import { crossbarConversion } from '../../hw/mapping/conversion.js';
import { runFunctional } from '../../sim/functional/index.js';
import { openEngineTrace } from '../../traces/perfetto/engineSink.js';
import { parseTraceLevel, type TraceLevel } from '../../traces/perfetto/options.js';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Options {
  nets: string[];
  images: number;
  check: boolean;
  arch?: string;
  fidelity?: Fidelity;
  resolution?: number;
  twin: boolean;
  functionalOnly: boolean;
  jobs: number;
  trace?: TraceLevel;
  traceRuns: number;
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { nets: ['lenet5', 'vgg8', 'resnet18', 'resnet50'], images: 1, check: false, twin: false, functionalOnly: false, jobs: 1, traceRuns: 3 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--nets') o.nets = argv[++i].split(',');
    else if (argv[i] === '--images') o.images = Number(argv[++i]);
    else if (argv[i] === '--check') o.check = true;
    else if (argv[i] === '--arch') o.arch = argv[++i];
    else if (argv[i] === '--fidelity') o.fidelity = parseFidelity(argv[++i]);
    else if (argv[i] === '--resolution') o.resolution = Number(argv[++i]);
    else if (argv[i] === '--lossless-twin') o.twin = true;
    else if (argv[i] === '--functional-only') o.functionalOnly = true;
    else if (argv[i] === '--jobs') o.jobs = Number(argv[++i]);
    else if (argv[i] === '--trace') o.trace = parseTraceLevel(argv[++i]);
    else if (argv[i] === '--trace-runs') o.traceRuns = Number(argv[++i]);
    else throw new Error(`unknown option ${argv[i]} (known: --nets a,b --images N --arch A --fidelity F --resolution R --check --lossless-twin --functional-only --jobs N --trace LEVEL --trace-runs N)`);
  }
  return o;
}

/** The chip with an ADC just wide enough to be lossless: the exact path on the same geometry. */
function losslessTwin(arch: Arch): Arch {
  const { requiredBits } = adcLossless(arch);
  const pe = arch.tile.pe;
  return { ...arch, name: `${arch.name}+lossless-adc`, tile: { ...arch.tile, pe: { ...pe, adc: { ...pe.adc, bits: requiredBits } } } };
}

function runOne(name: string, arch: Arch, fidelity: Fidelity, o: Options): number {
  const tech = loadTech(arch.tech);
  const net = getNetwork(name, o.resolution === undefined ? {} : { resolution: o.resolution });
  const mapped = mapNetwork(net, arch);
  const shape = (net.layers.find((l) => l.kind === 'input') as InputLayer).shape;
  const inputs = Array.from({ length: o.images }, (_, i) => randomInt8Input(shape, 1, i));
  const r = simulate({ net, mapped, arch, tech, inputs, fidelity });
  let mismatches: number | undefined;
  let referenceS: number | undefined;
  if (o.check) {
    const checkStart = performance.now();
    const conversion = fidelity === 'adc' ? crossbarConversion(arch, mapped) : undefined;
    mismatches = 0;
    inputs.forEach((x, k) => {
      const ref = runReference(net, x, { crossbar: conversion }).output.data;
      for (let i = 0; i < ref.length; i++) if (ref[i] !== r.outputs[k][i]) mismatches!++;
    });
    referenceS = (performance.now() - checkStart) / 1e3;
  }
  const macs = mapped.layers.reduce((s, l) => s + l.macs, 0) * o.images;
  process.stdout.write(JSON.stringify({
    network: name, resolution: shape[1], arch: arch.name, fidelity, lossless: adcLossless(arch).lossless, images: o.images, events: r.events,
    wallS: Number(r.wallS.toFixed(3)),
    eventsPerS: Math.round(r.events / r.wallS), mmacPerS: Math.round(macs / r.wallS / 1e6), simulatedUs: r.simulatedPs / 1e6, latencyUs: r.latencyPs / 1e6,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), ...(mismatches === undefined ? {} : { mismatches }),
    // The check's share of engine + check, both on this thread (the CLI overlaps them on workers); the
    // check is the reference's first run on this thread, so its warm-up and kernel compilation count.
    ...(referenceS === undefined ? {} : {
      referenceS: Number(referenceS.toFixed(3)), referenceSharePct: Number(((100 * referenceS) / (r.wallS + referenceS)).toFixed(1)),
    }),
  }) + '\n');
  return r.wallS;
}

/** CPU and wall seconds of `run` (CPU time: the process's, user plus system). */
function measured(run: () => void): { cpuS: number; wallS: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  run();
  const wallS = (performance.now() - start) / 1e3;
  const used = process.cpuUsage(cpu);
  return { cpuS: (used.user + used.system) / 1e6, wallS };
}

/** Engine time untraced and with a trace of `level`, best of o.traceRuns alternating pairs. */
function traceCost(name: string, arch: Arch, fidelity: Fidelity, level: TraceLevel, o: Options): void {
  const tech = loadTech(arch.tech);
  const net = getNetwork(name, o.resolution === undefined ? {} : { resolution: o.resolution });
  const mapped = mapNetwork(net, arch);
  const shape = (net.layers.find((l) => l.kind === 'input') as InputLayer).shape;
  const inputs = Array.from({ length: o.images }, (_, i) => randomInt8Input(shape, 1, i));
  const dir = mkdtempSync(join(tmpdir(), 'ohmflow-bench-trace-'));
  const file = join(dir, `${name}.pftrace`);
  const untraced = { cpuS: Infinity, wallS: Infinity };
  const traced = { cpuS: Infinity, wallS: Infinity };
  const keepBest = (best: typeof untraced, run: typeof untraced) => {
    best.cpuS = Math.min(best.cpuS, run.cpuS);
    best.wallS = Math.min(best.wallS, run.wallS);
  };
  let traceBytes = 0;
  try {
    for (let r = 0; r < o.traceRuns; r++) {
      keepBest(untraced, measured(() => simulate({ net, mapped, arch, tech, inputs, fidelity })));
      // Opening and closing the file are part of the traced run's cost, as in `ohmflow simulate --trace`;
      // deleting the previous pair's trace is not (closing would replace it, and unlinking tens of MB
      // is file-system work a run writing to a new path never does).
      rmSync(file, { force: true });
      keepBest(traced, measured(() => {
        const trace = openEngineTrace(file, { level });
        simulate({ net, mapped, arch, tech, inputs, fidelity, trace: trace.kernel, activityTrace: trace.activity });
        trace.writer.close();
      }));
      traceBytes = statSync(file).size;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const round = (x: number) => Number(x.toFixed(3));
  process.stdout.write(JSON.stringify({
    network: name, arch: arch.name, fidelity, images: o.images, traceLevel: level, runs: o.traceRuns,
    untracedCpuS: round(untraced.cpuS), tracedCpuS: round(traced.cpuS), untracedWallS: round(untraced.wallS), tracedWallS: round(traced.wallS),
    traceMb: Number((traceBytes / 1e6).toFixed(2)),
    tracedOverUntracedCpu: round(traced.cpuS / untraced.cpuS), tracedOverUntracedWall: round(traced.wallS / untraced.wallS),
  }) + '\n');
}

/** The chip's outputs without timing: images per second on o.jobs threads (set-up included). */
async function runFunctionalOne(name: string, arch: Arch, fidelity: Fidelity, o: Options): Promise<void> {
  const net = getNetwork(name, o.resolution === undefined ? {} : { resolution: o.resolution });
  const mapped = mapNetwork(net, arch);
  const shape = (net.layers.find((l) => l.kind === 'input') as InputLayer).shape;
  const inputs = Array.from({ length: o.images }, (_, i) => randomInt8Input(shape, 1, i));
  const start = performance.now();
  await runFunctional({ net, mapped, arch, options: { fidelity } }, inputs, o.jobs);
  const wallS = (performance.now() - start) / 1e3;
  const macs = mapped.layers.reduce((s, l) => s + l.macs, 0) * o.images;
  process.stdout.write(JSON.stringify({
    network: name, resolution: shape[1], arch: arch.name, fidelity, functionalOnly: true, jobs: o.jobs, images: o.images, wallS: Number(wallS.toFixed(3)),
    imagesPerS: Number((o.images / wallS).toFixed(2)), mmacPerS: Math.round(macs / wallS / 1e6),
  }) + '\n');
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  for (const name of o.nets) {
    const arch = loadArch(o.arch ?? (name === 'resnet50' ? 'isaac' : undefined));
    const fidelity = o.fidelity ?? defaultFidelity(arch);
    if (o.functionalOnly) {
      await runFunctionalOne(name, arch, fidelity, o);
      continue;
    }
    if (o.trace !== undefined) {
      traceCost(name, arch, fidelity, o.trace, o);
      continue;
    }
    const wallS = runOne(name, arch, fidelity, o);
    if (o.twin && fidelity !== 'exact' && !adcLossless(arch).lossless) {
      const exactS = runOne(name, losslessTwin(arch), 'exact', o);
      process.stdout.write(JSON.stringify({ network: name, arch: arch.name, adcOverExact: Number((wallS / exactS).toFixed(2)) }) + '\n');
    }
  }
}

await main();
