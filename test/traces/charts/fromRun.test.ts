// Charts from a real run: LeNet-5 through the analytical model and the engine renders every chart
// of `--plots` at the default size, with per-layer energy split by component kind on both sides.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { estimate } from '../../../hw/ppa/index.js';
import { simulate } from '../../../sim/engine/index.js';
import { simulatedReport } from '../../../traces/report/runReport.js';
import { analyticalChartReport, occupancyFromEngine, simulatedChartReport } from '../../../traces/charts/fromRun.js';
import { DEFAULT_CHART_SIZE, writeCharts } from '../../../traces/charts/index.js';
import { inputsFor } from '../../sim/engine/helpers.js';
import { LOSSLESS } from '../../losslessArch.js';

describe('charts from a lenet5 run', () => {
  const net = getNetwork('lenet5');
  const arch = loadArch(LOSSLESS);
  const tech = loadTech(arch.tech);
  const mapped = mapNetwork(net, arch, {});
  const a = estimate(mapped, arch, tech);
  const result = simulate({ net, mapped, arch, tech, inputs: inputsFor(net, 2) });
  const s = simulatedReport(result, a);

  it('split each layer\'s energy by kind, summing to the layer total (analytical and simulated)', () => {
    for (const report of [analyticalChartReport(a, mapped, arch, tech), simulatedChartReport(s)]) {
      expect(report.layers.map((l) => l.name)).toEqual(['c1', 's2', 'c3', 's4', 'c5', 'f6', 'output']);
      for (const layer of report.layers) {
        const sum = Object.values(layer.energyPjByKind!).reduce((x, y) => x + y, 0);
        expect(Math.abs(sum - layer.energyPj)).toBeLessThanOrEqual(1e-9 * layer.energyPj);
      }
    }
  });

  it('render the four run charts as PNGs of the default size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ohmflow-run-charts-'));
    const files = await writeCharts(dir, {
      analytical: analyticalChartReport(a, mapped, arch, tech),
      simulated: simulatedChartReport(s),
      occupancy: occupancyFromEngine(result),
    });
    expect(files.map((f) => basename(f)).sort()).toEqual(['area-breakdown.png', 'energy-breakdown.png', 'latency-per-layer.png', 'pipeline-occupancy.png']);
    for (const file of files) {
      const png = readFileSync(file);
      expect(png.toString('latin1', 12, 16)).toBe('IHDR');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([DEFAULT_CHART_SIZE.widthPx, DEFAULT_CHART_SIZE.heightPx]);
      expect(png.length).toBeGreaterThan(10_000); // drawn, not blank
    }
  });

  it('take the pipeline occupancy from each layer\'s per-image start and end', () => {
    const { intervals, layerOrder } = occupancyFromEngine(result);
    expect(intervals).toHaveLength(2 * layerOrder.length);
    for (const i of intervals) expect(i.endNs).toBeGreaterThan(i.startNs);
  });
});
