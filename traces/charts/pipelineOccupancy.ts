// Pipeline occupancy over time: one row per layer, one floating bar per busy interval (Gantt-like),
// coloured by image, so pipeline fill, steady state and drain are visible at a glance.
import type { ChartConfiguration } from 'chart.js';
import { colourFor, renderPng, titlePlugins } from './render.js';
import type { ChartSize, OccupancyInterval } from './types.js';

/** Beyond this many images the colours would repeat meaninglessly: one colour for all. */
const MAX_IMAGE_COLOURS = 8;

function pipelineOccupancyConfig(intervals: readonly OccupancyInterval[], layerOrder?: readonly string[], title = 'Pipeline occupancy'): ChartConfiguration {
  const layers = layerOrder ?? [...new Set(intervals.map((i) => i.layer))];
  const endNs = Math.max(0, ...intervals.map((i) => i.endNs));
  const unit = endNs >= 1e6 ? { name: 'ms', scale: 1e6 } : endNs >= 1e3 ? { name: 'µs', scale: 1e3 } : { name: 'ns', scale: 1 };
  const images = [...new Set(intervals.map((i) => i.image ?? 0))].sort((a, b) => a - b);
  const perImage = images.length <= MAX_IMAGE_COLOURS;
  const groups = perImage ? images.map((image) => ({ label: `image ${image}`, match: (i: OccupancyInterval) => (i.image ?? 0) === image })) : [{ label: 'busy', match: () => true }];
  return {
    type: 'bar',
    data: {
      labels: [...layers],
      datasets: groups.map((group, index) => ({
        label: group.label,
        data: intervals.filter(group.match).map((i) => ({ x: [i.startNs / unit.scale, i.endNs / unit.scale], y: i.layer })),
        backgroundColor: colourFor(index),
        borderColor: 'white',
        borderWidth: 1,
        borderSkipped: false,
        // Every dataset draws on the full row height: intervals of a layer share one lane.
        grouped: false,
        barPercentage: 0.8,
        categoryPercentage: 1,
      })),
    },
    options: {
      indexAxis: 'y',
      plugins: { ...titlePlugins(title, `${intervals.length} busy intervals over ${layers.length} layers`), legend: { display: groups.length > 1, position: 'top' } },
      scales: {
        x: { type: 'linear', min: 0, title: { display: true, text: `simulated time (${unit.name})` } },
        y: { type: 'category', title: { display: true, text: 'layer' }, ticks: { autoSkip: false } },
      },
    },
  } as unknown as ChartConfiguration;
}

export function renderPipelineOccupancy(intervals: readonly OccupancyInterval[], layerOrder?: readonly string[], size?: ChartSize): Promise<Buffer> {
  return renderPng(pipelineOccupancyConfig(intervals, layerOrder), size);
}
