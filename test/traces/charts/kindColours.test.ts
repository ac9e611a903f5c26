// One colour per component kind across charts: the energy and the area breakdown of the same run
// paint a kind alike, though their sets of kinds differ (registers have area, leakage has energy).
import { describe, expect, test } from 'vitest';
import { areaBreakdownConfig, energyBreakdownConfig } from '../../../traces/charts/index.js';
import { kindColours } from '../../../traces/charts/render.js';
import type { ChartReport } from '../../../traces/charts/types.js';

describe('kind colours', () => {
  test('a kind has the same colour whichever other kinds a chart shows', () => {
    expect(kindColours(['adc', 'bus']).get('adc')).toBe(kindColours(['register', 'leakage', 'adc']).get('adc'));
    expect(new Set(kindColours(['crossbar', 'dac', 'adc', 'leakage', 'cellWrite', 'total']).values()).size).toBe(6);
  });

  test('the energy and area charts of one report agree on every shared kind', () => {
    const report = {
      breakdown: { areaMm2: { crossbar: 2, register: 1, adc: 3, bus: 0.5 } },
      layers: [{ name: 'conv1', energyPj: 10, energyPjByKind: { adc: 5, leakage: 1, crossbar: 4 } }],
    } as unknown as ChartReport;
    const colourOf = (datasets: Array<{ label?: string; backgroundColor?: unknown }>) => new Map(datasets.map((d) => [d.label, d.backgroundColor]));
    const energy = colourOf(energyBreakdownConfig(report).data.datasets as Array<{ label?: string; backgroundColor?: unknown }>);
    const area = areaBreakdownConfig(report);
    const labels = area.data.labels as string[];
    const areaColours = (area.data.datasets[0] as { backgroundColor: string[] }).backgroundColor;
    for (const kind of ['adc', 'crossbar']) expect(areaColours[labels.findIndex((l) => l.startsWith(kind))]).toBe(energy.get(kind));
  });
});

describe('Pareto fronts per group', () => {
  test('a design for one network does not dominate another network\'s: one front each', async () => {
    const { paretoConfig } = await import('../../../traces/charts/index.js');
    const points = [
      { x: 1, y: 100, label: 'a0', group: 'lenet5' }, { x: 2, y: 50, label: 'a1', group: 'lenet5' },
      { x: 10, y: 5, label: 'b0', group: 'vgg8' }, { x: 20, y: 4, label: 'b1', group: 'vgg8' },
    ];
    const datasets = paretoConfig(points, { xTitle: 'uJ', yTitle: 'FPS', maximizeY: true }).data.datasets as Array<{ label: string; data: unknown[] }>;
    expect(datasets.map((d) => d.label)).toEqual(['design points (4)', 'Pareto front, lenet5 (1)', 'Pareto front, vgg8 (1)']);
    // Without groups, vgg8's best point would be dominated by lenet5's: a single front of one point.
    const single = paretoConfig(points.map(({ group: _g, ...p }) => p), { xTitle: 'uJ', yTitle: 'FPS', maximizeY: true }).data.datasets as Array<{ data: unknown[] }>;
    expect(single).toHaveLength(2);
    expect(single[1].data).toHaveLength(1);
  });
});
