// The files a run may write beside its report: PNG charts (`--plots DIR`) and the HTML report
// (`--report FILE`). Shared by `simulate` and `estimate`. The chart and HTML code (chart.js, canvas)
// loads only when a run writes them: most runs do not, and loading it takes a quarter second.
import type { Arch } from '../../../hw/arch/schema.js';
import type { TechTable } from '../../../hw/tech/schema.js';
import type { MappedNetwork } from '../../../hw/mapping/types.js';
import type { Analytical } from '../../../hw/ppa/index.js';
import type { EngineResult } from '../../../sim/engine/index.js';
import type { SimulatedReport } from '../../../traces/report/runReport.js';
import { networkTiming } from '../../../hw/ppa/index.js';
import type { crosscheckReport, functionalReport } from '../../../traces/report/runReport.js';
import { writeFileAtomic } from '../../../workloads/atomicFile.js';

interface RunForPlots {
  analytical: Analytical;
  mapped: MappedNetwork;
  arch: Arch;
  tech: TechTable;
  simulated?: SimulatedReport;
  result?: EngineResult;
}

async function chartsInput(run: RunForPlots) {
  const { analyticalChartReport, occupancyFromAnalytical, occupancyFromEngine, simulatedChartReport } = await import('../../../traces/charts/fromRun.js');
  const analytical = analyticalChartReport(run.analytical, run.mapped, run.arch, run.tech);
  const simulated = run.simulated === undefined ? undefined : simulatedChartReport(run.simulated);
  const occupancy = run.result === undefined ? occupancyFromAnalytical(run.analytical) : occupancyFromEngine(run.result);
  return { analytical, ...(simulated === undefined ? {} : { simulated }), occupancy };
}

/** Renders the run's charts into `dir`; returns the files written. */
export async function writeRunPlots(dir: string, run: RunForPlots): Promise<string[]> {
  const { writeCharts } = await import('../../../traces/charts/writeCharts.js');
  return writeCharts(dir, await chartsInput(run));
}

interface RunForReport extends RunForPlots {
  title: string;
  crosscheck?: ReturnType<typeof crosscheckReport>;
  functional?: ReturnType<typeof functionalReport>;
}

/** Writes the run's self-contained HTML report (whole or nothing). */
export async function writeRunReport(file: string, run: RunForReport): Promise<void> {
  const busyPs = networkTiming(run.mapped, run.arch).resources.busyPs;
  const { renderCharts } = await import('../../../traces/charts/writeCharts.js');
  const { htmlReport } = await import('../../../traces/report/html.js');
  const charts = await renderCharts(await chartsInput(run));
  writeFileAtomic(file, htmlReport({ ...run, busyPs, charts }));
}
