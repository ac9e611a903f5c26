// The accuracy chart: one line per series with min-max ranges riding on it, the ceiling dashed
// across the swept range, integer x steps for integer fields; it renders to a PNG of the size asked.
import { describe, expect, test } from 'vitest';
import { accuracySweepConfig, renderAccuracySweep, type AccuracyChart } from '../../../traces/charts/index.js';

const chart: AccuracyChart = {
  title: 't',
  xTitle: 'adc.bits',
  series: [
    { label: 'device.d2dSigma = 0', points: [{ x: 3, meanPct: 50, minPct: 40, maxPct: 60 }, { x: 8, meanPct: 90, minPct: 90, maxPct: 90 }] },
    { label: 'device.d2dSigma = 0.1', points: [{ x: 3, meanPct: 30, minPct: 20, maxPct: 35 }, { x: 8, meanPct: 80, minPct: 75, maxPct: 85 }] },
  ],
  ceilingPct: 95,
};

describe('accuracySweepConfig', () => {
  test('series, ranges and the ceiling', () => {
    type Dataset = { label: string; data: Array<{ x: number; y: number }>; ranges?: number[][] };
    const c = accuracySweepConfig(chart) as unknown as { data: { datasets: Dataset[] }; options: { scales: { x: { ticks: { stepSize?: number } } } } };
    const [a, b, ceiling] = c.data.datasets;
    expect(a.data).toEqual([{ x: 3, y: 50 }, { x: 8, y: 90 }]);
    expect(a.ranges).toEqual([[40, 60], [90, 90]]);
    expect(b.label).toBe('device.d2dSigma = 0.1');
    expect(ceiling.label).toContain('95.0%');
    expect(ceiling.data).toEqual([{ x: 3, y: 95 }, { x: 8, y: 95 }]);
    expect(c.options.scales.x.ticks.stepSize).toBe(1);
  });

  test('a log x axis for positive values spanning more than a decade, linear otherwise', () => {
    type Scales = { options: { scales: { x: { type: string; title: { text: string } } } } };
    const at = (xs: number[]) => ({ ...chart, series: [{ label: 's', points: xs.map((x) => ({ x, meanPct: 50, minPct: 50, maxPct: 50 })) }] });
    const onOff = (accuracySweepConfig(at([2, 10, 100])) as unknown as Scales).options.scales.x;
    expect(onOff.type).toBe('logarithmic');
    expect(onOff.title.text).toBe('adc.bits, log scale');
    expect((accuracySweepConfig(at([3, 8])) as unknown as Scales).options.scales.x.type).toBe('linear'); // ADC bits: linear
    expect((accuracySweepConfig(at([0, 0.01, 10])) as unknown as Scales).options.scales.x.type).toBe('linear'); // a zero: linear
  });

  test('renders a PNG of the size asked', async () => {
    const png = await renderAccuracySweep(chart, { widthPx: 600, heightPx: 400 });
    expect(png.readUInt32BE(16)).toBe(600);
    expect(png.readUInt32BE(20)).toBe(400);
  });
});
