// Chip area by component kind, as a doughnut with the total in the subtitle.
import type { ChartConfiguration } from 'chart.js';
import { kindColours, renderPng, titlePlugins } from './render.js';
import type { ChartReport, ChartSize } from './types.js';

export function areaBreakdownConfig(report: Pick<ChartReport, 'breakdown'>, title = 'Chip area by component'): ChartConfiguration {
  const entries = Object.entries(report.breakdown.areaMm2)
    .filter(([, area]) => area > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const totalMm2 = entries.reduce((sum, [, area]) => sum + area, 0);
  const colours = kindColours(entries.map(([kind]) => kind));
  return {
    type: 'doughnut',
    data: {
      // The share is in the legend label so the PNG reads without hovering.
      labels: entries.map(([kind, area]) => `${kind}: ${Number(area.toPrecision(3))} mm² (${((100 * area) / totalMm2).toFixed(1)}%)`),
      datasets: [{ data: entries.map(([, area]) => area), backgroundColor: entries.map(([kind]) => colours.get(kind)!), borderColor: 'white', borderWidth: 2 }],
    },
    options: {
      cutout: '55%',
      layout: { padding: 16 },
      plugins: { ...titlePlugins(title, `total ${Number(totalMm2.toPrecision(4))} mm²`), legend: { position: 'right', labels: { boxWidth: 18, padding: 12 } } },
    },
  } as unknown as ChartConfiguration;
}

export function renderAreaBreakdown(report: Pick<ChartReport, 'breakdown'>, size?: ChartSize): Promise<Buffer> {
  return renderPng(areaBreakdownConfig(report), size);
}
