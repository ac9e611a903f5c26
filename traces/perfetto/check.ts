// `ohmflow trace check`: the structural checks of walk.ts, as a verdict with a one-line summary.
import { walkTrace } from './walk.js';

interface TraceCheck {
  readonly ok: boolean;
  readonly packets: number;
  readonly tracks: number;
  readonly problems: readonly string[];
  /** All problems, including those beyond the listed ones. */
  readonly problemCount: number;
}

/** Checks `path`; throws OhmflowError only when the file is not a (complete) trace at all. */
export function checkTrace(path: string): TraceCheck {
  const walked = walkTrace(path);
  return {
    ok: walked.problemCount === 0,
    packets: walked.packets,
    tracks: walked.tracks,
    problems: walked.problems,
    problemCount: walked.problemCount,
  };
}

export function formatCheck(path: string, check: TraceCheck): string {
  if (check.ok) return `ok: ${check.packets} packets, ${check.tracks} tracks`;
  const lines = [`${path}: ${check.problemCount} problem(s) in ${check.packets} packets, ${check.tracks} tracks:`];
  for (const text of check.problems) lines.push(`  ${text}`);
  if (check.problemCount > check.problems.length) lines.push(`  ... and ${check.problemCount - check.problems.length} more`);
  return lines.join('\n');
}
