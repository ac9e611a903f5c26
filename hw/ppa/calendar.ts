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
    if (this.servers.length === 1) return this.servers[0].earliestPs(readyPs, durationPs);
    let best = Infinity;
    for (let k = 0; k < this.servers.length; k++) best = Math.min(best, this.servers[k].earliestPs(readyPs, durationPs));
    return best;
  }

  /** Reserves `durationPs` at the earliest free slot at or after `readyPs` (the lowest-numbered
   *  server on ties); returns its start. */
  reserve(readyPs: number, durationPs: number): number {
    let best = Infinity;
    let server = this.servers[0];
    for (let k = 0; k < this.servers.length; k++) {
      const at = this.servers[k].earliestPs(readyPs, durationPs);
      if (at < best) {
        best = at;
        server = this.servers[k];
      }
    }
    server.add(best, durationPs);
    return best;
  }

  /** Reserves `durationPs` from `startPs`, a start the caller found free (commonStartPs), on the
   *  lowest-numbered server free then: what `reserve(startPs, durationPs)` does, without a second
   *  search of every server's gaps when there is one. */
  book(startPs: number, durationPs: number): void {
    if (this.servers.length === 1) this.servers[0].add(startPs, durationPs);
    else this.reserve(startPs, durationPs);
  }
}

/** Anything that finds its earliest free gap: the fill's calendars, the engine's reservations. */
interface FreeGaps {
  earliestPs(readyPs: number, durationPs: number): number;
}

/** Earliest common start at or after `readyPs` at which every resource is free for its duration
 *  (a pipelined chain of units, or one streamed path, starts on all of them at once). */
export function commonStartPs(readyPs: number, uses: ReadonlyArray<readonly [FreeGaps, number]>): number {
  // One resource: its earliest gap (the loop below would ask it a second time after it moves).
  if (uses.length === 1) return uses[0][0].earliestPs(readyPs, uses[0][1]);
  let t = readyPs;
  for (;;) {
    let moved = false;
    for (let k = 0; k < uses.length; k++) {
      const at = uses[k][0].earliestPs(t, uses[k][1]);
      if (at > t) {
        t = at;
        moved = true;
      }
    }
    if (!moved) return t;
  }
}
