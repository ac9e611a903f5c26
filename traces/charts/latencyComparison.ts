// Per-layer latency, analytical next to simulated (when there is a simulation), to spot where the
// analytical model and the engine disagree. A layer's latency here is its pipeline stage time per
// image (ChartLayer.latencyNs), which is what the two models both predict per layer.
import type { ChartConfiguration } from 'chart.js';
import { renderPng, titlePlugins } from './render.js';
import type { ChartLayer, ChartSize } from './types.js';

const ANALYTICAL_COLOUR = '#0072B2';
const SIMULATED_COLOUR = '#E69F00';

function latencyComparisonConfig(
  analytical: readonly Pick<ChartLayer, 'name' | 'latencyNs'>[],
  simulated?: readonly Pick<ChartLayer, 'name' | 'latencyNs'>[],
  title = 'Per-layer latency (pipeline stage time per image)',
): ChartConfiguration {
  const simulatedByName = new Map((simulated ?? []).map((layer) => [layer.name, layer.latencyNs]));
  const maxNs = Math.max(0, ...analytical.map((l) => l.latencyNs), ...simulatedByName.values());
  const unit = maxNs >= 1e6 ? { name: 'ms', scale: 1e6 } : maxNs >= 1e3 ? { name: 'µs', scale: 1e3 } : { name: 'ns', scale: 1 };
  const datasets: Record<string, unknown>[] = [
    { label: 'analytical', data: analytical.map((layer) => layer.latencyNs / unit.scale), backgroundColor: ANALYTICAL_COLOUR },
  ];
  if (simulated !== undefined) {
    datasets.push({
      label: 'simulated',
      data: analytical.map((layer) => {
        const ns = simulatedByName.get(layer.name);
        return ns === undefined ? null : ns / unit.scale;
      }),
      backgroundColor: SIMULATED_COLOUR,
    });
  }
  return {
    type: 'bar',
    data: { labels: analytical.map((layer) => layer.name), datasets },
    options: {
      plugins: { ...titlePlugins(title, simulated === undefined ? 'analytical model (no simulation)' : 'analytical model vs cycle-level engine'), legend: { position: 'top' } },
      scales: {
        x: { title: { display: true, text: 'layer' }, ticks: { autoSkip: false, maxRotation: 60 } },
        y: { beginAtZero: true, title: { display: true, text: `stage time per image (${unit.name})` } },
      },
    },
  } as unknown as ChartConfiguration;
}

export function renderLatencyComparison(
  analytical: readonly Pick<ChartLayer, 'name' | 'latencyNs'>[],
  simulated?: readonly Pick<ChartLayer, 'name' | 'latencyNs'>[],
  size?: ChartSize,
): Promise<Buffer> {
  return renderPng(latencyComparisonConfig(analytical, simulated), size);
}
