// The files a run may write beside its report: a Perfetto trace (`--trace FILE --trace-level L
// --trace-window A:B`) and PNG charts (`--plots DIR`). Shared by `simulate` and `estimate`.
import { OhmflowError } from '../../../workloads/errors.js';
import type { Arch } from '../../../hw/arch/schema.js';
import type { TechTable } from '../../../hw/tech/schema.js';
import type { MappedNetwork } from '../../../hw/mapping/types.js';
import type { Analytical } from '../../../hw/ppa/index.js';
import type { EngineResult } from '../../../sim/engine/index.js';
import type { SimulatedReport } from '../../../traces/report/runReport.js';
import { openEngineTrace, type EngineTrace } from '../../../traces/perfetto/engineSink.js';
import { parseTraceLevel, parseTraceWindow } from '../../../traces/perfetto/options.js';
import { renderCharts, writeCharts } from '../../../traces/charts/writeCharts.js';
import { networkTiming } from '../../../hw/ppa/index.js';
import { htmlReport } from '../../../traces/report/html.js';
import type { crosscheckReport, functionalReport } from '../../../traces/report/runReport.js';
import { writeFileAtomic } from '../../../workloads/atomicFile.js';
import { analyticalChartReport, occupancyFromAnalytical, occupancyFromEngine, simulatedChartReport } from '../../../traces/charts/fromRun.js';

export interface TraceFlags {
  trace?: string;
  traceLevel?: string;
  traceWindow?: string;
}

/** Opens the trace the flags ask for, or undefined; bad flags fail before anything runs. */
export function openTraceFromFlags(flags: TraceFlags, title: string): EngineTrace | undefined {
  const level = flags.traceLevel === undefined ? undefined : parseTraceLevel(flags.traceLevel);
  const window = flags.traceWindow === undefined ? undefined : parseTraceWindow(flags.traceWindow);
  if (flags.trace === undefined) {
    if (level !== undefined || window !== undefined) {
      throw new OhmflowError('--trace-level and --trace-window shape a trace, but no trace is written', { field: '--trace', fix: 'add --trace FILE' });
    }
    return undefined;
  }
  return openEngineTrace(flags.trace, { ...(level === undefined ? {} : { level }), window: window ?? null, title });
}

/** Closes a trace after a run; warns when engine energy reached the trace without a call site's tile. */
export function closeTrace(trace: EngineTrace | undefined): void {
  if (trace === undefined) return;
  trace.writer.close();
  const unattributedPj = trace.activity.summary?.unattributedPj ?? 0;
  if (unattributedPj > 0) {
    process.stderr.write(`warning: ${unattributedPj.toPrecision(4)} pJ of the run's energy reached the trace at its end, chip-level: an engine call site lacks a trace hook\n`);
  }
}

interface RunForPlots {
  analytical: Analytical;
  mapped: MappedNetwork;
  arch: Arch;
  tech: TechTable;
  simulated?: SimulatedReport;
  result?: EngineResult;
}

function chartsInput(run: RunForPlots) {
  const analytical = analyticalChartReport(run.analytical, run.mapped, run.arch, run.tech);
  const simulated = run.simulated === undefined ? undefined : simulatedChartReport(run.simulated);
  const occupancy = run.result === undefined ? occupancyFromAnalytical(run.analytical) : occupancyFromEngine(run.result);
  return { analytical, ...(simulated === undefined ? {} : { simulated }), occupancy };
}

/** Renders the run's charts into `dir`; returns the files written. */
export async function writeRunPlots(dir: string, run: RunForPlots): Promise<string[]> {
  return writeCharts(dir, chartsInput(run));
}

interface RunForReport extends RunForPlots {
  title: string;
  crosscheck?: ReturnType<typeof crosscheckReport>;
  functional?: ReturnType<typeof functionalReport>;
}

/** Writes the run's self-contained HTML report (whole or nothing). */
export async function writeRunReport(file: string, run: RunForReport): Promise<void> {
  const busyPs = networkTiming(run.mapped, run.arch).resources.busyPs;
  const charts = await renderCharts(chartsInput(run));
  writeFileAtomic(file, htmlReport({ ...run, busyPs, charts }));
}
