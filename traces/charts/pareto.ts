// DSE Pareto scatter: every design point in grey, the non-dominated front highlighted, joined and
// labelled, so the trade-off reads without a legend lookup. Points of several groups (a sweep over
// networks) get one front per group: a design for one network does not dominate another's.
import type { Chart, ChartConfiguration, Plugin } from 'chart.js';
import { colourFor, renderPng, titlePlugins } from './render.js';
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

/** Writes each front point's label beside it (chart.js has no built-in data labels); the fronts
 *  are every dataset after the first. */
const frontLabels: Plugin = {
  id: 'ohmflowFrontLabels',
  afterDatasetsDraw(chart: Chart) {
    const ctx = chart.ctx;
    ctx.save();
    ctx.font = `12px ${String(chart.options.font?.family ?? 'sans-serif')}`;
    ctx.fillStyle = '#333333';
    ctx.textBaseline = 'bottom';
    for (let d = 1; d < chart.data.datasets.length; d++) {
      const meta = chart.getDatasetMeta(d);
      const dataset = chart.data.datasets[d] as unknown as { labels?: string[] };
      if (dataset.labels === undefined) continue;
      meta.data.forEach((element, index) => {
        const label = dataset.labels![index];
        if (label) ctx.fillText(label, element.x + 7, element.y - 5);
      });
    }
    ctx.restore();
  },
};

export function paretoConfig(points: readonly ParetoPoint[], axes: ParetoAxes, title = 'Design space: Pareto front'): ChartConfiguration {
  const groups = [...new Set(points.map((p) => p.group))].sort((a, b) => String(a).localeCompare(String(b)));
  const fronts = groups.map((g) => ({ group: g, front: paretoFront(points.filter((p) => p.group === g), axes) }));
  const best = (maximize: boolean | undefined): string => (maximize ? 'higher is better' : 'lower is better');
  return {
    type: 'scatter',
    data: {
      datasets: [
        { label: `design points (${points.length})`, data: points.map((p) => ({ x: p.x, y: p.y })), backgroundColor: 'rgba(120,120,120,0.45)', pointRadius: 4 },
        ...fronts.map(({ group, front }, i) => {
          const colour = groups.length === 1 ? FRONT_COLOUR : colourFor(i);
          return {
            label: `Pareto front${group === undefined ? '' : `, ${group}`} (${front.length})`,
            data: front.map((p) => ({ x: p.x, y: p.y })),
            labels: front.map((p) => p.label ?? ''),
            backgroundColor: colour,
            borderColor: colour,
            pointRadius: 6,
            showLine: true,
            borderWidth: 2,
          };
        }),
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
