// The Perfetto trace a simulate run may write (`--trace FILE --trace-level L --trace-window A:B`).
import { OhmflowError } from '../../../workloads/errors.js';
import { openEngineTrace, type EngineTrace } from '../../../traces/perfetto/engineSink.js';
import { parseTraceLevel, parseTraceWindow } from '../../../traces/perfetto/options.js';

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
