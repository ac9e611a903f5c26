// A shared resource's reservations in the fill: the busy intervals of each of its servers, so that a
// request takes the earliest free slot at or after its ready time, in a gap left by work reserved
// before it or after it. Work at different times does not wait; work at the same time queues.
import { BusyIntervals } from './intervals.js';

export class Calendar {
  private readonly servers: BusyIntervals[];

  /** `servers` identical servers (e.g. a buffer's ports); a request takes one of them. */
  constructor(servers = 1) {
    this.servers = Array.from({ length: Math.max(1, servers) }, () => new BusyIntervals());
  }

  /** Earliest start at or after `readyPs` at which some server is free for `durationPs`. */
  earliestPs(readyPs: number, durationPs: number): number {
    let best = Infinity;
    for (const s of this.servers) best = Math.min(best, s.earliestPs(readyPs, durationPs));
    return best;
  }

  /** Reserves `durationPs` at the earliest free slot at or after `readyPs` (the lowest-numbered
   *  server on ties); returns its start. */
  reserve(readyPs: number, durationPs: number): number {
    let best = Infinity;
    let server = this.servers[0];
    for (const s of this.servers) {
      const at = s.earliestPs(readyPs, durationPs);
      if (at < best) [best, server] = [at, s];
    }
    server.add(best, durationPs);
    return best;
  }
}

/** Anything that finds its earliest free gap: the fill's calendars, the engine's reservations. */
interface FreeGaps {
  earliestPs(readyPs: number, durationPs: number): number;
}

/** Earliest common start at or after `readyPs` at which every resource is free for its duration
 *  (a pipelined chain of units, or one streamed path, starts on all of them at once). */
export function commonStartPs(readyPs: number, uses: ReadonlyArray<readonly [FreeGaps, number]>): number {
  let t = readyPs;
  for (;;) {
    let moved = false;
    for (const [cal, ps] of uses) {
      const at = cal.earliestPs(t, ps);
      if (at > t) [t, moved] = [at, true];
    }
    if (!moved) return t;
  }
}
