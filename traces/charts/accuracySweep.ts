// Accuracy against a swept chip parameter: one line per value of a second parameter (or one line),
// each point the mean over trials with a whisker from the worst to the best trial, and the
// ceiling (the integer reference on the same images) as a dashed line, so the loss reads as the
// gap below it.
import type { Chart, ChartConfiguration, Plugin } from 'chart.js';
import { colourFor, renderPng, titlePlugins } from './render.js';
import type { ChartSize } from './types.js';

export interface AccuracySeries {
  label: string;
  /** Accuracies in percent. */
  points: ReadonlyArray<{ x: number; meanPct: number; minPct: number; maxPct: number }>;
}

export interface AccuracyChart {
  title: string;
  subtitle?: string;
  xTitle: string;
  series: readonly AccuracySeries[];
  ceilingPct?: number;
}

/** Min-max whiskers of each series point (chart.js has no error bars); ranges ride on the datasets. */
const whiskers: Plugin = {
  id: 'ohmflowAccuracyWhiskers',
  afterDatasetsDraw(chart: Chart) {
    const ctx = chart.ctx;
    const y = chart.scales.y;
    ctx.save();
    ctx.lineWidth = 1.5;
    chart.data.datasets.forEach((dataset, d) => {
      const ranges = (dataset as unknown as { ranges?: Array<[number, number]> }).ranges;
      if (ranges === undefined) return;
      ctx.strokeStyle = String(dataset.borderColor);
      chart.getDatasetMeta(d).data.forEach((element, i) => {
        const [lo, hi] = ranges[i];
        if (lo === hi) return;
        ctx.beginPath();
        ctx.moveTo(element.x, y.getPixelForValue(lo));
        ctx.lineTo(element.x, y.getPixelForValue(hi));
        ctx.moveTo(element.x - 4, y.getPixelForValue(lo));
        ctx.lineTo(element.x + 4, y.getPixelForValue(lo));
        ctx.moveTo(element.x - 4, y.getPixelForValue(hi));
        ctx.lineTo(element.x + 4, y.getPixelForValue(hi));
        ctx.stroke();
      });
    });
    ctx.restore();
  },
};

/** A log x axis when the swept values are positive and span more than a decade (an on/off ratio
 *  of 2..100): on a linear axis the low values, where accuracy moves, would crowd into a corner. */
function logX(xs: readonly number[]): boolean {
  return xs.length > 0 && Math.min(...xs) > 0 && Math.max(...xs) / Math.min(...xs) >= 20;
}

export function accuracySweepConfig(c: AccuracyChart): ChartConfiguration {
  const xs = c.series.flatMap((s) => s.points.map((p) => p.x));
  const datasets: Record<string, unknown>[] = c.series.map((s, i) => ({
    label: s.label,
    data: s.points.map((p) => ({ x: p.x, y: p.meanPct })),
    ranges: s.points.map((p) => [p.minPct, p.maxPct]),
    borderColor: colourFor(i),
    backgroundColor: colourFor(i),
    showLine: true,
    pointRadius: 4,
    borderWidth: 2,
  }));
  if (c.ceilingPct !== undefined && xs.length > 0) {
    datasets.push({
      label: `integer reference (ceiling) ${c.ceilingPct.toFixed(1)}%`,
      data: [{ x: Math.min(...xs), y: c.ceilingPct }, { x: Math.max(...xs), y: c.ceilingPct }],
      borderColor: '#444444',
      backgroundColor: '#444444',
      borderDash: [6, 4],
      showLine: true,
      pointRadius: 0,
      borderWidth: 1.5,
    });
  }
  return {
    type: 'scatter',
    data: { datasets },
    options: {
      plugins: { ...titlePlugins(c.title, c.subtitle), legend: { position: 'top', labels: { usePointStyle: true } } },
      scales: {
        x: logX(xs)
          ? { type: 'logarithmic', title: { display: true, text: `${c.xTitle}, log scale` } }
          : { type: 'linear', title: { display: true, text: c.xTitle }, ticks: xs.every(Number.isInteger) ? { stepSize: 1 } : {} },
        y: { type: 'linear', min: 0, max: 100, title: { display: true, text: 'top-1 accuracy (%)' } },
      },
    },
    plugins: [whiskers],
  } as unknown as ChartConfiguration;
}

export function renderAccuracySweep(c: AccuracyChart, size?: ChartSize): Promise<Buffer> {
  return renderPng(accuracySweepConfig(c), size);
}
