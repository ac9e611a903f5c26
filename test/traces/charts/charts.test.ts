// Each chart renders to a PNG that decodes and has the requested size; the Pareto front is right;
// the same data renders to the same bytes.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadImage } from 'canvas';
import {
  occupancyFromTrace,
  paretoFront,
  renderAreaBreakdown,
  renderEnergyBreakdown,
  renderLatencyComparison,
  renderPareto,
  renderPipelineOccupancy,
  writeCharts,
} from '../../../traces/charts/index.js';
import { writeSyntheticTrace } from '../synthetic.js';
import { syntheticOccupancy, syntheticParetoPoints, syntheticReport } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'ohmflow-charts-'));
const size = { widthPx: 900, heightPx: 500 };
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function expectPng(png: Buffer, widthPx: number, heightPx: number): Promise<void> {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  expect(png.readUInt32BE(16)).toBe(widthPx);
  expect(png.readUInt32BE(20)).toBe(heightPx);
  const image = await loadImage(png);
  expect([image.width, image.height]).toEqual([widthPx, heightPx]);
}

describe('charts', () => {
  const analytical = syntheticReport();
  const simulated = syntheticReport(1.07);

  it('energy breakdown per layer (stacked bars)', async () => {
    await expectPng(await renderEnergyBreakdown(analytical, size), 900, 500);
  });

  it('area breakdown (doughnut)', async () => {
    await expectPng(await renderAreaBreakdown(analytical, size), 900, 500);
  });

  it('latency per layer, analytical vs simulated and analytical alone', async () => {
    await expectPng(await renderLatencyComparison(analytical.layers, simulated.layers, size), 900, 500);
    await expectPng(await renderLatencyComparison(analytical.layers, undefined, size), 900, 500);
  });

  it('pipeline occupancy over time', async () => {
    await expectPng(await renderPipelineOccupancy(syntheticOccupancy(), undefined, size), 900, 500);
  });

  it('pipeline occupancy read from a trace', async () => {
    const path = join(dir, 'occupancy.pftrace');
    const feed = writeSyntheticTrace(path);
    const { intervals, layerOrder } = occupancyFromTrace(path);
    expect(layerOrder).toEqual(['conv1', 'conv2', 'fc']);
    expect(intervals.map((i) => `${i.layer} ${i.image} ${i.startNs}-${i.endNs}`).sort()).toEqual(
      feed.layerIntervalsPs.map((i) => `${i.layer} ${i.image} ${i.startPs / 1000}-${i.endPs / 1000}`).sort(),
    );
    await expectPng(await renderPipelineOccupancy(intervals, layerOrder, size), 900, 500);
  });

  it('Pareto scatter', async () => {
    await expectPng(await renderPareto(syntheticParetoPoints(), { xTitle: 'latency (µs)', yTitle: 'energy per image (µJ)' }, size), 900, 500);
  });

  it('the Pareto front keeps exactly the non-dominated points', () => {
    const points = [
      { x: 1, y: 9, label: 'a' },
      { x: 2, y: 5, label: 'b' },
      { x: 3, y: 6, label: 'dominated by b' },
      { x: 4, y: 2, label: 'c' },
      { x: 5, y: 2, label: 'dominated by c' },
    ];
    expect(paretoFront(points).map((p) => p.label)).toEqual(['a', 'b', 'c']);
    expect(paretoFront(points, { maximizeY: true }).map((p) => p.label)).toEqual(['a']);
  });

  it('renders deterministically', async () => {
    const a = await renderEnergyBreakdown(analytical, size);
    const b = await renderEnergyBreakdown(analytical, size);
    expect(a.equals(b)).toBe(true);
  });

  it('writeCharts writes the PNGs the data allows', async () => {
    const out = join(dir, 'plots');
    const files = await writeCharts(out, {
      analytical,
      simulated,
      occupancy: { intervals: syntheticOccupancy() },
      pareto: { points: syntheticParetoPoints(), axes: { xTitle: 'latency (µs)', yTitle: 'energy (µJ)' } },
    });
    expect(files.map((f) => f.slice(out.length + 1))).toEqual([
      'energy-breakdown.png',
      'area-breakdown.png',
      'latency-per-layer.png',
      'pipeline-occupancy.png',
      'pareto.png',
    ]);
    for (const file of files) await expectPng(readFileSync(file), 1200, 640);
  });
});
