// A shared resource arbitrated by reservation: requests are served in the order they are made
// (event order, hence deterministic), each one starting when the resource is next free. Callers
// reserve at the simulated time they need the resource or later: a request for a later time (a
// fetch whose rows are written later, a path of two resources that starts when both are free)
// leaves the resource idle until then, and with a clock (the simulator's time) a later request
// may use that idle gap instead of queueing behind the reservation; without one, it queues.
import { commonStartPs } from '../../hw/ppa/calendar.js';
import { BusyIntervals } from '../../hw/ppa/intervals.js';

export class Reservation {
  /** First time after every reservation, ps. */
  freePs = 0;
  busyPs = 0;
  waitPs = 0;
  uses = 0;
  /** Set by the trace hooks (traceHooks.ts) to see each use; null when not tracing. */
  onReserve: ((startPs: number, durationPs: number) => void) | null = null;
  /** With a clock: the busy intervals that may still end after now. */
  private readonly busy: BusyIntervals | null;

  constructor(readonly name: string, private readonly clockPs?: () => number) {
    this.busy = clockPs === undefined ? null : new BusyIntervals();
  }

  /** Earliest start at or after `nowPs` of a free gap of `durationPs`, ps. */
  earliestPs(nowPs: number, durationPs: number): number {
    if (this.busy === null || nowPs >= this.freePs) return nowPs > this.freePs ? nowPs : this.freePs;
    this.busy.dropBefore(this.clockPs!());
    return this.busy.earliestPs(nowPs, durationPs);
  }

  /** Reserves `durationPs` from `startPs` (found free by earliestPs), counting `waitedPs` as the
   *  time the request waited for this resource; returns `startPs`. */
  reserveAt(startPs: number, durationPs: number, waitedPs: number): number {
    this.waitPs += waitedPs;
    this.busyPs += durationPs;
    const endPs = startPs + durationPs;
    if (this.busy !== null) this.busy.add(startPs, durationPs);
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
