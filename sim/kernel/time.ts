// Simulated time: an integer number of picoseconds in a JS number, exact up to
// Number.MAX_SAFE_INTEGER ps (about 9,007 s), which no chip simulation approaches.
import { KernelError } from './errors.js';

const PS_PER_NS = 1_000;

/** Largest representable time; beyond it integer arithmetic on numbers is no longer exact. */
export const MAX_TIME_PS = Number.MAX_SAFE_INTEGER;

/** Why a value is not a valid time in ps, or null when it is one. */
export function invalidTimeReason(value: number): string | null {
  if (typeof value !== 'number') return `is not a number (${typeof value})`;
  if (Number.isNaN(value)) return 'is NaN';
  if (!Number.isFinite(value)) return 'is not finite';
  if (!Number.isInteger(value)) return 'is not an integer number of picoseconds';
  if (value < 0) return 'is negative';
  if (value > MAX_TIME_PS) return 'exceeds Number.MAX_SAFE_INTEGER picoseconds';
  return null;
}

/** Throws a KernelError naming `what` unless `value` is an integer ps time in [0, MAX_TIME_PS]. */
export function assertTimePs(value: number, what: string): number {
  const reason = invalidTimeReason(value);
  if (reason !== null) throw new KernelError(`${what} ${reason}: got ${String(value)}`);
  return value;
}

/** Same rule as a time: a duration is a non-negative integer number of picoseconds. */
export function assertDurationPs(value: number, what: string): number {
  return assertTimePs(value, what);
}

/** Renders a time for messages, keeping the exact ps and a readable ns figure. */
export function formatPs(timePs: number): string {
  return timePs >= PS_PER_NS ? `${timePs} ps (${timePs / PS_PER_NS} ns)` : `${timePs} ps`;
}

/** The error for an event requested before the current time, naming who requested it. */
export function pastError(who: string, timePs: number, nowPs: number): KernelError {
  return new KernelError(`${who} scheduled an event at ${formatPs(timePs)}, in the past: now is ${formatPs(nowPs)}`);
}
