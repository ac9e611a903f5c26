// Trace detail levels and the time window: parsing of --trace-level and --trace-window A:B (ns).
import { OhmflowError } from '../../workloads/errors.js';

export const TRACE_LEVELS = ['layer', 'tile', 'component'] as const;
export type TraceLevel = (typeof TRACE_LEVELS)[number];

/** A track of level L is written when L is at most the trace's level (layer < tile < component). */
export function levelRank(level: TraceLevel): number {
  return TRACE_LEVELS.indexOf(level);
}

/** Simulated-time window, in ns, inclusive of both ends. */
export interface TraceWindowNs {
  readonly startNs: number;
  readonly endNs: number;
}

export function parseTraceLevel(text: string, field = '--trace-level'): TraceLevel {
  if ((TRACE_LEVELS as readonly string[]).includes(text)) return text as TraceLevel;
  throw new OhmflowError(`unknown trace level "${text}"`, { field, fix: `use one of ${TRACE_LEVELS.join(', ')}` });
}

/** Parses "A:B" (ns of simulated time; either side may be empty for open-ended). */
export function parseTraceWindow(text: string, field = '--trace-window'): TraceWindowNs {
  const match = /^\s*([0-9]*\.?[0-9]*)\s*:\s*([0-9]*\.?[0-9]*)\s*$/.exec(text);
  const fix = 'write A:B with 0 <= A < B in ns of simulated time, e.g. 0:5000 (or 1000: for "from 1000 ns on")';
  if (match === null) throw new OhmflowError(`"${text}" is not a window A:B`, { field, fix });
  const startNs = match[1] === '' ? 0 : Number(match[1]);
  const endNs = match[2] === '' ? Number.POSITIVE_INFINITY : Number(match[2]);
  if (!Number.isFinite(startNs) || Number.isNaN(endNs) || startNs < 0 || !(endNs > startNs)) {
    throw new OhmflowError(`"${text}" is not a window with 0 <= A < B`, { field, fix });
  }
  return { startNs, endNs };
}
