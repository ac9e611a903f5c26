// One server's busy intervals: the earliest free gap for a request and marking a slot busy. The
// fill's calendars (calendar.ts) and the engine's reservations (sim/engine/reservation.ts) share it.

/** Busy intervals, sorted, disjoint and not touching (touching ones are merged), from `head`. */
export class BusyIntervals {
  private starts: number[] = [];
  private ends: number[] = [];
  /** The intervals before it were dropped (dropBefore). */
  private head = 0;

  /** First interval held that ends after `ps`. */
  private after(ps: number): number {
    let lo = this.head;
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
      t = this.ends[i];
    }
    return t;
  }

  /** Marks [startPs, startPs + durationPs) busy (the caller found it free). */
  add(startPs: number, durationPs: number): void {
    if (durationPs <= 0) return;
    const endPs = startPs + durationPs;
    const n = this.ends.length;
    // Mostly after every interval held (the engine reserves in time order): append, or extend the last.
    if (n === this.head || startPs >= this.ends[n - 1]) {
      if (n > this.head && startPs === this.ends[n - 1]) this.ends[n - 1] = endPs;
      else {
        this.starts.push(startPs);
        this.ends.push(endPs);
      }
      return;
    }
    const i = this.after(startPs);
    const joinsPrev = i > this.head && this.ends[i - 1] === startPs;
    const joinsNext = this.starts[i] === endPs;
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

  /** Forgets the intervals over by `ps` (the engine's clock: no request asks for a time before it). */
  dropBefore(ps: number): void {
    while (this.head < this.ends.length && this.ends[this.head] <= ps) this.head++;
    // Compact once most of the arrays are dropped intervals.
    if (this.head > 64 && this.head * 2 > this.ends.length) {
      this.starts = this.starts.slice(this.head);
      this.ends = this.ends.slice(this.head);
      this.head = 0;
    }
  }
}
