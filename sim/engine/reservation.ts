// A shared resource arbitrated by reservation: requests are served in the order they are made
// (event order, hence deterministic), each one starting when the resource is next free. Callers
// reserve at the simulated time they need the resource or later: a request for a later time (a
// fetch whose rows are written later, a path of two resources that starts when both are free)
// leaves the resource idle until then, and with a clock (the simulator's time) a later request
// may use that idle gap instead of queueing behind the reservation; without one, it queues.
import { commonStartPs } from '../../hw/ppa/calendar.js';

export class Reservation {
  /** First time after every reservation, ps. */
  freePs = 0;
  busyPs = 0;
  waitPs = 0;
  uses = 0;
  /** Set by the trace hooks (traceHooks.ts) to see each use; null when not tracing. */
  onReserve: ((startPs: number, durationPs: number) => void) | null = null;
  /** With a clock: the busy intervals that may still end after now, sorted, disjoint, from `head`. */
  private starts: number[] = [];
  private ends: number[] = [];
  private head = 0;

  constructor(readonly name: string, private readonly clockPs?: () => number) {}

  /** Drops the intervals over before now: no request can ask for a time before now. */
  private prune(): void {
    const now = this.clockPs!();
    while (this.head < this.ends.length && this.ends[this.head] <= now) this.head++;
    if (this.head > 64 && this.head * 2 > this.ends.length) {
      this.starts = this.starts.slice(this.head);
      this.ends = this.ends.slice(this.head);
      this.head = 0;
    }
  }

  /** Earliest start at or after `nowPs` of a free gap of `durationPs`, ps. */
  earliestPs(nowPs: number, durationPs: number): number {
    if (this.clockPs === undefined || nowPs >= this.freePs) return nowPs > this.freePs ? nowPs : this.freePs;
    this.prune();
    let t = nowPs;
    for (let i = this.head; i < this.starts.length; i++) {
      if (this.ends[i] <= t) continue;
      if (this.starts[i] >= t + durationPs) return t;
      t = this.ends[i];
    }
    return t;
  }

  /** Reserves `durationPs` from `startPs` (found free by earliestPs), counting `waitedPs` as the
   *  time the request waited for this resource; returns `startPs`. */
  reserveAt(startPs: number, durationPs: number, waitedPs: number): number {
    this.waitPs += waitedPs;
    this.busyPs += durationPs;
    const endPs = startPs + durationPs;
    if (this.clockPs !== undefined && durationPs > 0) this.insert(startPs, endPs);
    if (endPs > this.freePs) this.freePs = endPs;
    this.uses++;
    if (this.onReserve !== null) this.onReserve(startPs, durationPs);
    return startPs;
  }

  /** Reserves `durationPs` at the earliest free time at or after `nowPs`; returns the start, ps. */
  reserve(nowPs: number, durationPs: number): number {
    const startPs = this.earliestPs(nowPs, durationPs);
    return this.reserveAt(startPs, durationPs, startPs - nowPs);
  }

  private insert(startPs: number, endPs: number): void {
    const n = this.ends.length;
    // Mostly after every interval held: append, or extend the last one it touches.
    if (n === this.head || startPs >= this.ends[n - 1]) {
      if (n > this.head && startPs === this.ends[n - 1]) this.ends[n - 1] = endPs;
      else {
        this.starts.push(startPs);
        this.ends.push(endPs);
      }
      return;
    }
    let i = this.head;
    // First interval ending after the start: one ending at the start is the one it may extend.
    while (i < n && this.ends[i] <= startPs) i++;
    const joinsPrev = i > this.head && this.ends[i - 1] === startPs;
    const joinsNext = i < n && this.starts[i] === endPs;
    if (joinsPrev && joinsNext) {
      this.ends[i - 1] = this.ends[i];
      this.starts.splice(i, 1);
      this.ends.splice(i, 1);
    } else if (joinsPrev) this.ends[i - 1] = endPs;
    else if (joinsNext) this.starts[i] = startPs;
    else {
      this.starts.splice(i, 0, startPs);
      this.ends.splice(i, 0, endPs);
    }
  }
}

/** `ports` identical reservations; a request takes the one free earliest (lowest index on ties). */
export class ReservationBank {
  readonly units: Reservation[];

  constructor(name: string, ports: number, clockPs?: () => number) {
    this.units = Array.from({ length: Math.max(1, ports) }, (_, i) => new Reservation(`${name}${i}`, clockPs));
  }

  reserve(nowPs: number, durationPs: number): number {
    let best = this.units[0];
    let bestPs = best.earliestPs(nowPs, durationPs);
    for (const u of this.units) {
      const at = u.earliestPs(nowPs, durationPs);
      if (at < bestPs || (at === bestPs && u.freePs < best.freePs)) [best, bestPs] = [u, at];
    }
    return best.reserveAt(bestPs, durationPs, bestPs - nowPs);
  }

  /** Reserves a port and `others` from their earliest common start at or after `nowPs` (one
   *  streamed path), the port that allows the earliest; returns the start, ps. */
  reserveWith(nowPs: number, durationPs: number, others: ReadonlyArray<readonly [Reservation, number]>): number {
    let best = this.units[0];
    let bestPs = Infinity;
    for (const u of this.units) {
      const at = commonStartPs(nowPs, [[u, durationPs], ...others]);
      if (at < bestPs || (at === bestPs && u.freePs < best.freePs)) [best, bestPs] = [u, at];
    }
    return reserveTogether(bestPs, nowPs, [[best, durationPs], ...others]);
  }

  get busyPs(): number {
    return this.units.reduce((s, u) => s + u.busyPs, 0);
  }

  get waitPs(): number {
    return this.units.reduce((s, u) => s + u.waitPs, 0);
  }
}

/** Reserves every use from `startPs` (their common start). The wait is counted where it arose:
 *  each later use waits as long as it alone would have made the request wait (capped at the
 *  start), the first use the rest (a fetch that found the port free and the bus busy counts a bus
 *  wait, not a buffer wait). Returns `startPs`. */
export function reserveTogether(startPs: number, nowPs: number, uses: ReadonlyArray<readonly [Reservation, number]>): number {
  let othersPs = nowPs;
  for (let k = 1; k < uses.length; k++) {
    const [r, ps] = uses[k];
    const alonePs = Math.min(startPs, r.earliestPs(nowPs, ps));
    othersPs = Math.max(othersPs, alonePs);
    r.reserveAt(startPs, ps, alonePs - nowPs);
  }
  uses[0][0].reserveAt(startPs, uses[0][1], startPs - othersPs);
  return startPs;
}
