// The trace writer's queue of what is due later: slice ENDs (of slices with a known duration) and
// BEGINs (of slices booked ahead). Order: by time; at one time every END before every BEGIN (so
// slots are free again and slices nest), each kind in insertion order. Kept as the event kernel
// keeps events: distinct times in a heap, the entries of one time in two FIFO lists, so an entry
// costs a map lookup and an append instead of a heap push and pop over every pending entry.
import TinyQueue from 'tinyqueue';

/** Entries of one time: ends[endHead, endCount) and begins[beginHead, beginCount). The lists are
 *  reused, never shortened (truncating an array is a runtime call), so a free bin may still hold
 *  entries it gave out: harmless for the writer's pooled slice records. */
class TimeBin<T> {
  timePs = 0;
  readonly ends: T[] = [];
  endHead = 0;
  endCount = 0;
  readonly begins: T[] = [];
  beginHead = 0;
  beginCount = 0;
}

export class ScheduleQueue<T> {
  private readonly times = new TinyQueue<TimeBin<T>>([], (a, b) => a.timePs - b.timePs);
  private readonly bins = new Map<number, TimeBin<T>>();
  private readonly freeBins: TimeBin<T>[] = [];
  /** The bin of the last push while it holds entries: pushes often repeat a time (equal durations). */
  private lastBin: TimeBin<T> | null = null;
  /** Pending entries. */
  size = 0;

  push(timePs: number, isEnd: boolean, entry: T): void {
    let bin = this.lastBin !== null && this.lastBin.timePs === timePs ? this.lastBin : this.bins.get(timePs);
    if (bin === undefined) {
      bin = this.freeBins.pop() ?? new TimeBin<T>();
      bin.timePs = timePs;
      this.bins.set(timePs, bin);
      this.times.push(bin);
    }
    this.lastBin = bin;
    if (isEnd) bin.ends[bin.endCount++] = entry;
    else bin.begins[bin.beginCount++] = entry;
    this.size++;
  }

  /** Time of the next entry; the queue must not be empty. */
  nextTimePs(): number {
    return (this.times.peek() as TimeBin<T>).timePs;
  }

  /** Removes the next entry; the queue must not be empty. */
  pop(): T {
    const bin = this.times.peek() as TimeBin<T>;
    let entry: T;
    if (bin.endHead < bin.endCount) {
      entry = bin.ends[bin.endHead++];
    } else {
      entry = bin.begins[bin.beginHead++];
    }
    this.size--;
    if (bin.endHead === bin.endCount && bin.beginHead === bin.beginCount) {
      this.times.pop();
      this.bins.delete(bin.timePs);
      if (this.lastBin === bin) this.lastBin = null;
      bin.endHead = bin.endCount = 0;
      bin.beginHead = bin.beginCount = 0;
      this.freeBins.push(bin);
    }
    return entry;
  }
}
