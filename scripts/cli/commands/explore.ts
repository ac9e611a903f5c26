// `ohmflow explore`: PIMSYN-style synthesis (evolutionary allocation + annealed duplication under a
// power/area budget, compared with ISAAC) or, with --crossbars, AERO-style resource-constrained
// exploration of one arch. Thin: parse flags, call hw/dse, print, write files and charts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChartConfiguration } from 'chart.js';
import { OhmflowError } from '../../../workloads/errors.js';
import { loadArch } from '../../../hw/arch/index.js';
import { adcLossless } from '../../../hw/arch/lossless.js';
import type { Arch } from '../../../hw/arch/schema.js';
import { formatDup, parseMapFlags } from '../../../hw/mapping/index.js';
import {
  budgetText, exploreBudgets, parseCrossbarBudgets, parseObjective, synthesize, writeDesign, OBJECTIVES,
  type AeroResult, type DesignMetrics, type Objective, type SynthesisResult,
} from '../../../hw/dse/index.js';
import { renderPng } from '../../../traces/charts/render.js';
import { loadNet } from './map.js';
import { DEFAULT_NET } from '../define/flags.js';
import { progressBar } from '../progressBar.js';
import { checkOutputDir } from '../paths.js';
import { checkResolution } from '../limits.js';
import { accuracyFloor, accuracyLine, type AccuracyFloor } from './exploreAccuracy.js';

export interface ExploreFlags {
  net?: string;
  arch?: string;
  objective?: string;
  powerBudget?: string;
  areaBudget?: string;
  seed?: string;
  out?: string;
  json?: boolean;
  iterations?: string;
  population?: string;
  annealSteps?: string;
  base?: string;
  mapping?: string;
  batch?: string;
  adcBits?: string;
  resolution?: string;
  crossbars?: string;
  batches?: string;
  plots?: string;
  force?: boolean;
  minAccuracy?: string;
  accuracyImages?: string;
}

function positive(text: string | undefined, flag: string, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new OhmflowError(`expected a positive ${integer ? 'whole ' : ''}number, got "${text}"`, { field: flag });
  }
  return n;
}

const fmt = (x: number): string => (Math.abs(x) >= 1e5 || (x !== 0 && Math.abs(x) < 1e-2) ? x.toExponential(2) : x.toFixed(3));
const headline = (m: DesignMetrics) => ({ topsPerW: m.topsPerW, fps: m.fps, energyPjPerImage: m.energyPjPerImage, areaMm2: m.areaMm2, powerW: m.powerW });
const line = (title: string, m: DesignMetrics) =>
  `${title.padEnd(10)} ${fmt(m.topsPerW)} TOPS/W · ${fmt(m.fps)} FPS · ${fmt(m.energyPjPerImage / 1e6)} uJ/image · ${fmt(m.areaMm2)} mm2 · ${fmt(m.powerW)} W peak · ${m.segments} segment(s)`;

/** A design whose ADC cannot convert every column sum exactly: its outputs differ from the integer
 *  reference, which TOPS/W alone does not show. */
function lossyNote(arch: Arch): { adcBits: number; requiredBits: number } | undefined {
  const { adcBits, requiredBits, lossless } = adcLossless(arch);
  return lossless ? undefined : { adcBits, requiredBits };
}

function runSynthesis(flags: ExploreFlags): void {
  let objective: Objective = 'tops-per-w';
  if (flags.objective !== undefined) {
    const o = parseObjective(flags.objective);
    if (!o) throw new OhmflowError(`unknown objective "${flags.objective}"`, { field: '--objective', fix: `use ${OBJECTIVES.join(', ')}` });
    objective = o;
  }
  checkOutputDir(flags.out ?? 'explore-out', '--out');
  checkResolution(flags.resolution, flags.force);
  const netRef = flags.net ?? DEFAULT_NET;
  // An accuracy floor needs the weights and labelled images; the search alone needs neither.
  const floor: AccuracyFloor | undefined = accuracyFloor(flags.minAccuracy, flags.accuracyImages, netRef);
  const net = floor?.net ?? loadNet(netRef, flags.resolution, { weights: false });
  const mapping = parseMapFlags({ mapping: flags.mapping, batch: flags.batch });
  const bar = progressBar(`explore ${net.name}`);
  let r: SynthesisResult;
  try {
    r = synthesize(net, {
    objective,
    powerBudgetW: positive(flags.powerBudget, '--power-budget', false),
    areaBudgetMm2: positive(flags.areaBudget, '--area-budget', false),
    seed: flags.seed === undefined ? 1 : Number(flags.seed),
    generations: positive(flags.iterations, '--iterations', true),
    population: positive(flags.population, '--population', true),
    annealSteps: positive(flags.annealSteps, '--anneal-steps', true),
    base: flags.base,
    mapping: mapping.mapping,
    batch: mapping.batch,
    adcBits: positive(flags.adcBits, '--adc-bits', true),
    ...(floor ? { accuracy: floor.constraint } : {}),
    onProgress: (p) => bar.update(p.generation, p.generations, `generation ${p.generation}/${p.generations}, ${p.evaluated} designs, best ${objective} ${fmt(p.bestScore)}`),
    });
  } catch (e) {
    // The bar's timer would keep the process alive after the error.
    bar.stop(false);
    throw e;
  }
  bar.stop(true);
  const dir = flags.out ?? 'explore-out';
  const written = writeDesign(dir, r, netRef);
  const lossy = lossyNote(r.best.arch);
  if (flags.json) {
    process.stdout.write(JSON.stringify({
      best: headline(r.best.metrics),
      baseline: headline(r.baseline.metrics),
      evaluated: r.evaluated,
      wallS: r.wallS,
      objective: r.objective,
      budget: r.budget,
      arch: written.archPath,
      mapping: written.mappingPath,
      // Present only for a lossy best design: its ADC bits and the bits an exact conversion needs.
      ...(lossy ? { lossyAdc: lossy } : {}),
      // Present only with --min-accuracy: the floor, the images, the best design's top-1, designs measured and refused.
      ...(floor && r.accuracy ? { accuracy: { ...r.accuracy, images: floor.images, bestTop1: r.best.top1 } } : {}),
    }) + '\n');
    return;
  }
  process.stdout.write([
    `${net.name}: ${r.evaluated} designs (${r.feasible} within ${budgetText(r.budget)}) in ${r.wallS.toFixed(2)} s, objective ${r.objective}`,
    line('best', r.best.metrics),
    line(r.baseline.arch, r.baseline.metrics),
    `design: ${r.best.arch.description}`,
    ...(floor && r.accuracy ? [accuracyLine(r.best.top1!, r.accuracy, floor)] : []),
    `wrote ${written.archPath} and ${written.mappingPath}; reproduce with:`,
    `  ${written.estimateCommand}`,
    ...(lossy
      ? [`warning: the best design is lossy: ${lossy.adcBits}-bit ADCs where exact column sums need ${lossy.requiredBits}, so its outputs differ from the integer reference and its TOPS/W buys accuracy; `
        + (floor ? 'its top-1 is above' : `measure it with ohmflow accuracy --arch ${written.archPath} --net lenet5-mnist (or another trained network), or constrain the search with --min-accuracy P`)]
      : []),
  ].join('\n') + '\n');
}

function aeroChart(r: AeroResult): ChartConfiguration {
  const budgets = [...new Set(r.points.map((p) => p.budget))];
  const batches = [...new Set(r.points.map((p) => p.batch))];
  const colours = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00'];
  const datasets = batches.flatMap((b, i) => {
    const rows = budgets.map((label) => r.points.find((p) => p.budget === label && p.batch === b)!);
    return [
      { label: `FPS, batch ${b}`, data: rows.map((p) => p.metrics.fps), yAxisID: 'fps', borderColor: colours[i % colours.length], backgroundColor: colours[i % colours.length] },
      { label: `energy uJ/image, batch ${b}`, data: rows.map((p) => p.metrics.energyPjPerImage / 1e6), yAxisID: 'energy', borderDash: [6, 4], borderColor: colours[i % colours.length], backgroundColor: colours[i % colours.length] },
    ];
  });
  return {
    type: 'line',
    data: { labels: budgets.map((b) => `${b} crossbars`), datasets },
    options: {
      plugins: { title: { display: true, text: `${r.network} on ${r.arch}: throughput and energy vs crossbar budget (needs ${r.crossbarsNeeded})` } },
      scales: {
        fps: { type: 'logarithmic', position: 'left', title: { display: true, text: 'throughput (FPS)' } },
        energy: { type: 'logarithmic', position: 'right', title: { display: true, text: 'energy (uJ/image)' }, grid: { drawOnChartArea: false } },
      },
    },
  } as unknown as ChartConfiguration;
}

async function runAero(flags: ExploreFlags): Promise<void> {
  if (flags.plots) checkOutputDir(flags.plots, '--plots');
  checkResolution(flags.resolution, flags.force);
  if (flags.arch === undefined) throw new OhmflowError('--crossbars needs --arch', { field: '--arch', fix: 'name the arch whose crossbars are limited, e.g. --arch aero-hybrid' });
  if (flags.minAccuracy !== undefined || flags.accuracyImages !== undefined) {
    throw new OhmflowError('--min-accuracy constrains the synthesis search, not --crossbars: every budget there runs the one --arch', {
      field: flags.minAccuracy !== undefined ? '--min-accuracy' : '--accuracy-images',
      fix: 'drop --crossbars to synthesize under an accuracy floor, or measure the arch with ohmflow accuracy --arch ARCH',
    });
  }
  const arch = loadArch(flags.arch);
  const net = loadNet(flags.net ?? DEFAULT_NET, flags.resolution, { weights: false });
  const lossy = lossyNote(arch);
  const batches = (flags.batches ?? '1,16,64').split(',').map((s) => positive(s.trim(), '--batches', true)!);
  const objective = flags.objective === undefined ? 'tops-per-w' : parseObjective(flags.objective);
  if (!objective) throw new OhmflowError(`unknown objective "${flags.objective}"`, { field: '--objective', fix: `use ${OBJECTIVES.join(', ')}` });
  const mapping = parseMapFlags({ mapping: flags.mapping }).mapping;
  const r = exploreBudgets(net, arch, parseCrossbarBudgets(flags.crossbars!), { batches, objective, mapping });
  if (flags.plots) {
    mkdirSync(flags.plots, { recursive: true });
    const file = join(flags.plots, 'budget.png');
    writeFileSync(file, await renderPng(aeroChart(r)));
    process.stderr.write(`wrote ${file}\n`);
  }
  if (flags.json) {
    process.stdout.write(JSON.stringify({ ...r, ...(lossy ? { lossyAdc: lossy } : {}) }) + '\n');
    return;
  }
  const rows = r.points.map((p) =>
    `${p.budget.padStart(8)} ${String(p.crossbarsAvailable).padStart(7)} ${String(p.batch).padStart(5)} ${String(p.segments).padStart(4)} ${formatDup(p.options.dup).padEnd(5)} `
    + `${fmt(p.metrics.fps).padStart(10)} ${fmt(p.metrics.energyPjPerImage / 1e6).padStart(10)} ${fmt(p.metrics.topsPerW).padStart(8)} ${p.cellWriteSharePct.toFixed(1).padStart(7)}% `
    + `${fmt(p.fpsVsStationary).padStart(8)} ${fmt(p.energyVsStationary).padStart(8)}`);
  process.stdout.write([
    `${r.network} on ${r.arch}: one copy needs ${r.crossbarsNeeded} crossbars; weight-stationary (${r.stationary.tiles} tiles): ${fmt(r.stationary.metrics.fps)} FPS, ${fmt(r.stationary.metrics.energyPjPerImage / 1e6)} uJ/image, ${fmt(r.stationary.metrics.topsPerW)} TOPS/W`,
    `${'budget'.padStart(8)} ${'xbars'.padStart(7)} ${'batch'.padStart(5)} ${'segs'.padStart(4)} ${'dup'.padEnd(5)} ${'FPS'.padStart(10)} ${'uJ/image'.padStart(10)} ${'TOPS/W'.padStart(8)} ${'writes'.padStart(8)} ${'FPS/stat'.padStart(8)} ${'E/stat'.padStart(8)}`,
    ...rows,
    'columns: xbars = crossbars available, segs = weight-reload segments, writes = share of the energy spent programming cells, '
      + 'FPS/stat and E/stat = throughput and energy per image relative to the weight-stationary chip grown to fit (above)',
    ...(r.points.some((p) => p.fpsVsStationary > 1) ? [RELOAD_FASTER] : []),
    ...(lossy
      ? [`warning: ${arch.name} is lossy: ${lossy.adcBits}-bit ADCs where exact column sums need ${lossy.requiredBits}, so every point's outputs differ from the integer reference; measure its accuracy with ohmflow accuracy --arch ${flags.arch}`]
      : []),
  ].join('\n') + '\n');
}

/** Why a reloading point can beat the weight-stationary chip on FPS (it surprises readers). */
export const RELOAD_FASTER = 'why reloading can beat weight-stationary on FPS: the stationary chip is grown only to hold one copy of every layer, '
  + 'so its slowest layers are barely duplicated; a reloading segment has the whole chip for a few layers and duplicates them, '
  + 'and a batch pays the weight writes once (the writes column: energy, not time, once the batch is large)';

export async function runExplore(flags: ExploreFlags): Promise<void> {
  if (flags.crossbars !== undefined) await runAero(flags);
  else runSynthesis(flags);
}
