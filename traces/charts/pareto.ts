// DSE Pareto scatter: every design point in grey, the non-dominated front highlighted, joined and
// labelled, so the trade-off reads without a legend lookup.
import type { Chart, ChartConfiguration, Plugin } from 'chart.js';
import { renderPng, titlePlugins } from './render.js';
import type { ChartSize, ParetoAxes, ParetoPoint } from './types.js';

/** Points no other point beats on both axes (ties kept), sorted by x. */
export function paretoFront(points: readonly ParetoPoint[], axes: Pick<ParetoAxes, 'maximizeX' | 'maximizeY'> = {}): ParetoPoint[] {
  const better = (a: number, b: number, maximize: boolean | undefined): boolean => (maximize ? a >= b : a <= b);
  const strictly = (a: number, b: number, maximize: boolean | undefined): boolean => (maximize ? a > b : a < b);
  const dominates = (p: ParetoPoint, q: ParetoPoint): boolean =>
    better(p.x, q.x, axes.maximizeX) && better(p.y, q.y, axes.maximizeY) && (strictly(p.x, q.x, axes.maximizeX) || strictly(p.y, q.y, axes.maximizeY));
  return points.filter((q) => !points.some((p) => dominates(p, q))).sort((a, b) => a.x - b.x || a.y - b.y);
}

const FRONT_COLOUR = '#D55E00';

/** Writes each front point's label beside it (chart.js has no built-in data labels). */
const frontLabels: Plugin = {
  id: 'ohmflowFrontLabels',
  afterDatasetsDraw(chart: Chart) {
    const meta = chart.getDatasetMeta(1);
    const dataset = chart.data.datasets[1] as unknown as { labels?: string[] } | undefined;
    if (meta === undefined || dataset?.labels === undefined) return;
    const ctx = chart.ctx;
    ctx.save();
    ctx.font = `12px ${String(chart.options.font?.family ?? 'sans-serif')}`;
    ctx.fillStyle = '#333333';
    ctx.textBaseline = 'bottom';
    meta.data.forEach((element, index) => {
      const label = dataset.labels![index];
      if (label) ctx.fillText(label, element.x + 7, element.y - 5);
    });
    ctx.restore();
  },
};

export function paretoConfig(points: readonly ParetoPoint[], axes: ParetoAxes, title = 'Design space: Pareto front'): ChartConfiguration {
  const front = paretoFront(points, axes);
  const best = (maximize: boolean | undefined): string => (maximize ? 'higher is better' : 'lower is better');
  return {
    type: 'scatter',
    data: {
      datasets: [
        { label: `design points (${points.length})`, data: points.map((p) => ({ x: p.x, y: p.y })), backgroundColor: 'rgba(120,120,120,0.45)', pointRadius: 4 },
        {
          label: `Pareto front (${front.length})`,
          data: front.map((p) => ({ x: p.x, y: p.y })),
          labels: front.map((p) => p.label ?? ''),
          backgroundColor: FRONT_COLOUR,
          borderColor: FRONT_COLOUR,
          pointRadius: 6,
          showLine: true,
          borderWidth: 2,
        },
      ],
    },
    options: {
      plugins: { ...titlePlugins(title, `x: ${best(axes.maximizeX)}, y: ${best(axes.maximizeY)}`), legend: { position: 'top', labels: { usePointStyle: true } } },
      scales: {
        x: { type: 'linear', title: { display: true, text: axes.xTitle } },
        y: { type: 'linear', title: { display: true, text: axes.yTitle } },
      },
    },
    plugins: [frontLabels],
  } as unknown as ChartConfiguration;
}

export function renderPareto(points: readonly ParetoPoint[], axes: ParetoAxes, size?: ChartSize): Promise<Buffer> {
  return renderPng(paretoConfig(points, axes), size);
}
