// A shared resource's reservations in the fill: the busy intervals of each of its servers, so that a
// request takes the earliest free slot at or after its ready time, in a gap left by work reserved
// before it or after it. Work at different times does not wait; work at the same time queues.

/** One server's busy intervals, sorted, disjoint and not touching (touching ones are merged). */
class Server {
  readonly starts: number[] = [];
  readonly ends: number[] = [];

  /** First interval that ends after `ps`. */
  private after(ps: number): number {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid] > ps) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Earliest start at or after `readyPs` of a free gap of `durationPs`. */
  earliestPs(readyPs: number, durationPs: number): number {
    let t = readyPs;
    for (let i = this.after(readyPs); i < this.starts.length; i++) {
      if (this.starts[i] >= t + durationPs) return t;
      if (this.ends[i] > t) t = this.ends[i];
    }
    return t;
  }

  /** Marks [startPs, startPs + durationPs) busy (the caller found it free). */
  add(startPs: number, durationPs: number): void {
    const endPs = startPs + durationPs;
    const i = this.after(startPs);
    const joinsPrev = i > 0 && this.ends[i - 1] === startPs;
    const joinsNext = i < this.starts.length && this.starts[i] === endPs;
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

export class Calendar {
  private readonly servers: Server[];

  /** `servers` identical servers (e.g. a buffer's ports); a request takes one of them. */
  constructor(servers = 1) {
    this.servers = Array.from({ length: Math.max(1, servers) }, () => new Server());
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
    if (durationPs > 0) server.add(best, durationPs);
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
