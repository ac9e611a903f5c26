// Energy per layer, stacked by component kind: which layers cost the energy, and on what.
import type { ChartConfiguration } from 'chart.js';
import { kindColours, renderPng, titlePlugins } from './render.js';
import type { ChartReport, ChartSize } from './types.js';

export function energyBreakdownConfig(report: ChartReport, title = 'Energy per layer by component'): ChartConfiguration {
  const layers = report.layers;
  const kinds = [...new Set(layers.flatMap((layer) => Object.keys(layer.energyPjByKind ?? { total: 0 })))];
  // Largest consumers at the bottom of each stack, where they are easiest to compare.
  const totalByKind = new Map(kinds.map((kind) => [kind, layers.reduce((sum, layer) => sum + segment(layer, kind), 0)]));
  kinds.sort((a, b) => totalByKind.get(b)! - totalByKind.get(a)! || a.localeCompare(b));
  const colours = kindColours(kinds);
  const unit = pickEnergyUnit(Math.max(0, ...layers.map((layer) => layer.energyPj)));
  return {
    type: 'bar',
    data: {
      labels: layers.map((layer) => layer.name),
      datasets: kinds.map((kind) => ({
        label: kind,
        data: layers.map((layer) => segment(layer, kind) / unit.scale),
        backgroundColor: colours.get(kind),
        borderWidth: 0,
      })),
    },
    options: {
      plugins: { ...titlePlugins(title, `total ${formatEnergy(layers.reduce((s, l) => s + l.energyPj, 0))} per image`), legend: { position: 'right' } },
      scales: {
        x: { stacked: true, title: { display: true, text: 'layer' }, ticks: { autoSkip: false, maxRotation: 60 } },
        y: { stacked: true, beginAtZero: true, title: { display: true, text: `energy per image (${unit.name})` } },
      },
    },
  } as unknown as ChartConfiguration;
}

export function renderEnergyBreakdown(report: ChartReport, size?: ChartSize): Promise<Buffer> {
  return renderPng(energyBreakdownConfig(report), size);
}

function segment(layer: ChartReport['layers'][number], kind: string): number {
  return layer.energyPjByKind === undefined ? (kind === 'total' ? layer.energyPj : 0) : (layer.energyPjByKind[kind] ?? 0);
}

/** pJ, nJ or µJ, whichever keeps the axis numbers short. */
function pickEnergyUnit(maxPj: number): { name: string; scale: number } {
  if (maxPj >= 1e6) return { name: 'µJ', scale: 1e6 };
  if (maxPj >= 1e3) return { name: 'nJ', scale: 1e3 };
  return { name: 'pJ', scale: 1 };
}

function formatEnergy(pj: number): string {
  const unit = pickEnergyUnit(pj);
  return `${Number((pj / unit.scale).toPrecision(4))} ${unit.name}`;
}
