// Writes the PNGs of a run to a directory (`--plots DIR`): the charts its data allows.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderAreaBreakdown } from './areaBreakdown.js';
import { renderEnergyBreakdown } from './energyBreakdown.js';
import { renderLatencyComparison } from './latencyComparison.js';
import { renderPareto } from './pareto.js';
import { renderPipelineOccupancy } from './pipelineOccupancy.js';
import type { ChartReport, ChartSize, OccupancyInterval, ParetoAxes, ParetoPoint } from './types.js';

interface ChartsInput {
  readonly analytical?: ChartReport;
  readonly simulated?: ChartReport;
  readonly occupancy?: { readonly intervals: readonly OccupancyInterval[]; readonly layerOrder?: readonly string[] };
  readonly pareto?: { readonly points: readonly ParetoPoint[]; readonly axes: ParetoAxes };
  readonly size?: ChartSize;
}

/** Renders the charts `input` has data for: [file name, PNG] pairs. */
export async function renderCharts(input: ChartsInput): Promise<Array<[string, Buffer]>> {
  const jobs: [string, () => Promise<Buffer>][] = [];
  const energySource = input.simulated ?? input.analytical;
  if (energySource !== undefined) {
    jobs.push(['energy-breakdown.png', () => renderEnergyBreakdown(energySource, input.size)]);
    jobs.push(['area-breakdown.png', () => renderAreaBreakdown(energySource, input.size)]);
  }
  if (input.analytical !== undefined) {
    const analytical = input.analytical;
    jobs.push(['latency-per-layer.png', () => renderLatencyComparison(analytical.layers, input.simulated?.layers, input.size)]);
  }
  if (input.occupancy !== undefined && input.occupancy.intervals.length > 0) {
    const occupancy = input.occupancy;
    jobs.push(['pipeline-occupancy.png', () => renderPipelineOccupancy(occupancy.intervals, occupancy.layerOrder, input.size)]);
  }
  if (input.pareto !== undefined && input.pareto.points.length > 0) {
    const pareto = input.pareto;
    jobs.push(['pareto.png', () => renderPareto(pareto.points, pareto.axes, input.size)]);
  }
  const out: Array<[string, Buffer]> = [];
  for (const [file, render] of jobs) out.push([file, await render()]);
  return out;
}

/** Renders what `input` has data for into `dir` (created if needed); returns the files written. */
export async function writeCharts(dir: string, input: ChartsInput): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [file, png] of await renderCharts(input)) {
    const path = join(dir, file);
    writeFileSync(path, png);
    written.push(path);
  }
  return written;
}
