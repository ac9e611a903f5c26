// `ohmflow estimate`: the analytical model on a network and chip. A table per layer and totals, or
// with --json exactly the report's `analytical` object. --compare-reload puts weight reloading on
// this chip beside weight-stationary on the same design grown to hold every weight.
import { loadTech } from '../../../hw/tech/load.js';
import { ASSUMED_ACTIVITY, compareReload, estimate, measureInputActivity, type Analytical, type InputActivity } from '../../../hw/ppa/index.js';
import { parseMapFlags, type MappedNetwork } from '../../../hw/mapping/index.js';
import { loadArch, type Arch } from '../../../hw/arch/index.js';
import { OhmflowError } from '../../../workloads/errors.js';
import type { InputLayer } from '../../../workloads/ir/types.js';
import { DEFAULT_NET } from '../define/flags.js';
import { loadNet, mapFromFlags, wholeNumber, type NetFlags } from './map.js';
import { checkNoCalibrationFlags, type CalibrationFlags } from '../calibrationFlags.js';
import { writeRunPlots, writeRunReport } from './runOutputs.js';
import { checkOutputDir, checkOutputFile } from '../paths.js';
import { checkResolution, checkTiles } from '../limits.js';

const fmt = (x: number, digits = 3): string => (Math.abs(x) >= 1e5 || (x !== 0 && Math.abs(x) < 1e-2) ? x.toExponential(digits - 1) : x.toFixed(digits));

function totals(a: Analytical, title: string): string {
  return [
    `${title}`,
    `  area ${fmt(a.areaMm2)} mm2 · latency ${fmt(a.latencyNs / 1e3)} us · interval ${fmt(a.intervalNs / 1e3)} us · ${fmt(a.fps)} FPS`,
    `  energy ${fmt(a.energyPjPerImage / 1e6)} uJ/image · ${fmt(a.tops)} TOPS · ${fmt(a.topsPerW)} TOPS/W · ${fmt(a.topsPerMm2)} TOPS/mm2`,
    `  input activity ${a.inputActivity.defaultActivity.toFixed(3)} (${a.inputActivity.source === 'measured' ? 'measured with the integer reference; per layer in --json' : 'assumed; --activity-from-run measures it'})`,
    `  ADC ${a.adcEnergySharePct.toFixed(1)}% of dynamic energy (ADC+DAC ${a.adcDacEnergySharePct.toFixed(1)}%) · ${a.crossbarsUsed}/${a.crossbarsAvailable} crossbars · ${a.segments} segment(s)${a.reloading ? `, reloading, batch ${a.batch}` : ''}`,
    ...(a.reloading ? [`  parked off chip: ${fmt(a.offChip.parkedBitsPerImage / 8e3)} kB/image each way over ${a.offChip.timedLinks} link(s)${a.offChip.assumedLink ? ' (assumed: the arch has none)' : ''}, ${fmt(a.offChip.parkNsPerBatch / 1e3)} us per batch (${a.offChip.parkSharePct.toFixed(1)}% of the batch time)`] : []),
  ].join('\n');
}

function table(a: Analytical): string {
  const head = `${'layer'.padEnd(24)} ${'engine'.padEnd(11)} ${'MACs'.padStart(12)} ${'xbars'.padStart(6)} ${'dup'.padStart(5)} ${'stage us'.padStart(10)} ${'energy uJ'.padStart(10)}  stage bound by`;
  const rows = a.layers
    .filter((l) => l.engine !== 'none')
    .map((l) => `${l.name.padEnd(24)} ${l.engine.padEnd(11)} ${String(l.macs).padStart(12)} ${String(l.crossbars).padStart(6)} ${String(l.duplication).padStart(5)} ${fmt(l.latencyNs / 1e3).padStart(10)} ${fmt(l.energyPj / 1e6).padStart(10)}  ${l.bottleneck}`);
  const energy = Object.entries(a.breakdown.energyPj)
    .filter(([, v]) => v > 0)
    .sort((x, y) => y[1] - x[1])
    .map(([k, v]) => `${k} ${((100 * v) / a.energyPjPerImage).toFixed(1)}%`)
    .join(', ');
  // Which resource bounds the interval, and the busiest shared resources (what a layer waits for).
  const bound = `interval bound by ${a.intervalBound.layer}: ${a.intervalBound.resource} (${fmt(a.intervalBound.busyNs / 1e3)} us per image)`;
  const busiest = a.busiestResources.slice(0, 5).map((r) => `${r.resource} ${fmt(r.busyNs / 1e3)} us (${r.layers.join(', ')})`).join('; ');
  return [head, ...rows, `energy by component: ${energy}`, bound, `busiest shared resources per image: ${busiest}`, ...a.warnings.map((w) => `warning: ${w}`)].join('\n');
}

export interface EstimateFlags extends NetFlags, CalibrationFlags {
  compareReload?: boolean;
  plots?: string;
  report?: string;
  activity?: string;
  activityFromRun?: string | boolean;
}

/** The input activity the flags ask for: --activity A, --activity-from-run [N], or the assumed 0.5. */
async function activityFromFlags(flags: EstimateFlags, mapped: MappedNetwork, arch: Arch): Promise<InputActivity> {
  if (flags.activity !== undefined && flags.activityFromRun !== undefined) {
    throw new OhmflowError('--activity and --activity-from-run both set the input activity', { field: '--activity', fix: 'give one of them' });
  }
  if (flags.activity !== undefined) {
    const a = Number(flags.activity);
    if (!(a >= 0 && a <= 1)) throw new OhmflowError(`expected a fraction in [0, 1], got "${flags.activity}"`, { field: '--activity', fix: 'e.g. --activity 0.18 (NeuroSim\'s VGG-8 figure)' });
    return { source: 'assumed', defaultActivity: a };
  }
  if (flags.activityFromRun === undefined) return ASSUMED_ACTIVITY;
  const images = typeof flags.activityFromRun === 'string' ? wholeNumber(flags.activityFromRun, 1, '--activity-from-run', 1) : 1;
  // The integer reference computes int8 values: a float ONNX model is calibrated for it (the
  // only calibration estimate makes; its other figures read shapes only).
  // (Loaded here: the ONNX and dataset code is needed by this flag only.)
  const { netForRun } = await import('../netForRun.js');
  const { randomInt8Input } = await import('../../../workloads/datasets/index.js');
  const { net } = await netForRun(flags, undefined).load();
  const shape = (net.layers.find((l) => l.kind === 'input') as InputLayer).shape;
  return measureInputActivity(net, mapped, arch, Array.from({ length: images }, (_, i) => randomInt8Input(shape, 1, i)));
}

/** `ohmflow estimate`: the model's totals and per-layer table, or --json. */
export async function runEstimate(flags: EstimateFlags): Promise<void> {
  if (flags.activityFromRun === undefined) checkNoCalibrationFlags(flags, 'estimate calibrates only for --activity-from-run');
  if (flags.plots !== undefined) checkOutputDir(flags.plots, '--plots');
  if (flags.report !== undefined) checkOutputFile(flags.report, '--report');
  if (flags.compareReload) {
    checkResolution(flags.resolution, flags.force);
    const arch = flags.arch === undefined ? loadArch() : loadArch(flags.arch);
    checkTiles(arch, flags.force);
    const net = loadNet(flags.net ?? DEFAULT_NET, flags.resolution, { weights: false });
    const c = compareReload(net, arch, loadTech(arch.tech), parseMapFlags(flags));
    if (flags.json) {
      process.stdout.write(JSON.stringify({ reloading: c.reloading, stationary: c.stationary, stationaryTiles: c.stationaryTiles }) + '\n');
    } else {
      process.stdout.write(`${totals(c.reloading, `${net.name} on ${arch.name}, weight reloading (batch ${c.reloading.batch}):`)}\n`
        + `${totals(c.stationary, `${net.name}, weight-stationary on ${c.stationaryTiles} tiles:`)}\n`);
    }
    return;
  }
  const { net, arch, mapped } = mapFromFlags(flags);
  const a = estimate(mapped, arch, loadTech(arch.tech), { activity: await activityFromFlags(flags, mapped, arch) });
  if (flags.plots !== undefined) {
    const files = await writeRunPlots(flags.plots, { analytical: a, mapped, arch, tech: loadTech(arch.tech) });
    process.stderr.write(`wrote ${files.length} charts to ${flags.plots}\n`);
  }
  if (flags.report !== undefined) {
    await writeRunReport(flags.report, { title: `${net.name} on ${arch.name} (analytical model)`, analytical: a, mapped, arch, tech: loadTech(arch.tech) });
    process.stderr.write(`wrote ${flags.report}\n`);
  }
  process.stdout.write(flags.json ? JSON.stringify(a) + '\n' : `${table(a)}\n${totals(a, `${net.name} on ${arch.name} (${a.mapping}, dup ${a.duplicationPolicy}):`)}\n`);
}
