// What `ohmflow accuracy` prints: the table (one row per sweep point, the ceiling above it), the
// one JSON object of --json, and the chart of --plots (accuracy vs the first swept field, one line
// per value of the second).
import type { SweepAxis, StudyResult, Spread, FloatAccuracy } from '../../../sim/accuracy/index.js';
import type { AccuracyChart } from '../../../traces/charts/index.js';

export interface AccuracyReport {
  net: string;
  arch: string;
  inputs: string;
  classes: number;
  axes: ReadonlyArray<Pick<SweepAxis, 'label' | 'path' | 'values'>>;
  float?: FloatAccuracy;
  result: StudyResult;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const spreadText = (s: Spread, trials: number): string => (trials === 1 ? pct(s.mean) : `${pct(s.mean)} [${pct(s.min)}-${pct(s.max)}]`);

export function accuracyTable(r: AccuracyReport): string {
  const { result } = r;
  const trials = result.trials;
  const withTop5 = result.reference.top5 !== undefined;
  const noise = result.fidelity === 'adc'
    ? 'adc fidelity has no randomness: one trial'
    : `${trials} trial(s) of the device variation and read noise (seeds ${result.seeds.join(', ')})${trials > 1 ? '; mean [min-max] over trials' : ''}`;
  const lines = [
    `${r.net} on ${r.arch}: ${r.inputs}, fidelity ${result.fidelity}, ${noise}`,
    `  ceiling: integer reference ${pct(result.reference.top1)} top-1${withTop5 ? `, ${pct(result.reference.top5!)} top-5` : ''}; `
      + (r.float === undefined ? 'float accuracy unknown (synthetic or untrained weights have none)' : `float ${pct(r.float.top1)} top-1 (${r.float.source})`),
  ];
  const heads = [...r.axes.map((a) => a.label), 'top-1', ...(withTop5 ? ['top-5'] : [])];
  const rows = result.points.map((p) => [
    ...p.values.map(String),
    spreadText(p.top1, trials),
    ...(withTop5 && p.top5 !== undefined ? [spreadText(p.top5, trials)] : []),
  ]);
  const widths = heads.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: readonly string[]) => '  ' + cells.map((cell, c) => (c < r.axes.length ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  lines.push('', line(heads), ...rows.map(line));
  lines.push('', `  ${result.images} image(s) x ${result.points.length} point(s) x ${trials} trial(s) in ${result.wallS.toFixed(1)} s on ${result.threads} thread(s)`);
  return lines.join('\n') + '\n';
}

export function accuracyJson(r: AccuracyReport): Record<string, unknown> {
  return {
    net: r.net, arch: r.arch, inputs: r.inputs, classes: r.classes,
    axes: r.axes.map((a) => ({ label: a.label, path: a.path, values: a.values })),
    spread: 'min, max and population std over trials',
    float: r.float ?? null,
    ...r.result,
  };
}

export function accuracyChart(r: AccuracyReport): AccuracyChart {
  const [first, second] = r.axes;
  const { result } = r;
  const seriesKeys = second === undefined ? [undefined] : second.values;
  return {
    title: `${r.net}: top-1 accuracy vs ${first?.label ?? 'the chip'}`,
    subtitle: `${r.arch}, fidelity ${result.fidelity}, ${result.images} image(s), ${result.trials} trial(s): mean, whiskers min-max over trials`,
    xTitle: first === undefined ? 'point' : `${first.label}${first.label === first.path ? '' : ` (${first.path})`}`,
    series: seriesKeys.map((v) => ({
      label: second === undefined ? 'chip' : `${second.label} = ${v}`,
      points: result.points.filter((p) => second === undefined || p.values[1] === v).map((p) => ({
        x: p.values[0] ?? 0, meanPct: 100 * p.top1.mean, minPct: 100 * p.top1.min, maxPct: 100 * p.top1.max,
      })),
    })),
    ceilingPct: 100 * result.reference.top1,
  };
}
