// The trace writer's queue of what is due later: slice ENDs (of slices with a known duration) and
// BEGINs (of slices booked ahead). Order: by time; at one time every END before every BEGIN (so
// slots are free again and slices nest), each kind in insertion order. Distinct times live in a
// binary heap of their own (times in a Float64Array, compared inline), the entries of one time in
// two FIFO lists of a bin found by the kernel's open-addressing TimeTable (a Map's get, set and
// delete cost more than the rest of a push), so an entry costs a probe and an append. The heap is
// not tinyqueue: the event kernel runs tinyqueue on its own bins, and sharing it made both heaps'
// comparator calls and element loads polymorphic.
import { ABSENT, TimeTable } from '../../sim/kernel/timeTable.js';

/** Entries of one time: ends[endHead, endCount) and begins[beginHead, beginCount). The lists are
 *  reused, never shortened (truncating an array is a runtime call); a handed-out slot is cleared. */
class TimeBin<T> {
  timePs = 0;
  constructor(readonly id: number) {}
  readonly ends: Array<T | undefined> = [];
  endHead = 0;
  endCount = 0;
  readonly begins: Array<T | undefined> = [];
  beginHead = 0;
  beginCount = 0;
}

export class ScheduleQueue<T> {
  /** Min-heap of the bins' distinct times: heapTimes[i] is heapBins[i].timePs. */
  private heapTimes = new Float64Array(256);
  private readonly heapBins: Array<TimeBin<T>> = [];
  private heapLength = 0;
  /** Open bins' ids by time; a bin's id is its index in binById. */
  private readonly bins = new TimeTable(10);
  private readonly binById: Array<TimeBin<T>> = [];
  private readonly freeBins: Array<TimeBin<T>> = [];
  /** The bin of the last push while it holds entries: pushes often repeat a time (equal durations). */
  private lastBin: TimeBin<T> | null = null;
  /** Pending entries. */
  size = 0;

  push(timePs: number, isEnd: boolean, entry: T): void {
    let bin = this.lastBin;
    if (bin === null || bin.timePs !== timePs) {
      const id = this.bins.get(timePs);
      if (id === ABSENT) {
        bin = this.freeBins.pop() ?? this.newBin();
        bin.timePs = timePs;
        this.bins.insert(timePs, bin.id);
        this.heapPush(bin);
      } else {
        bin = this.binById[id];
      }
    }
    this.lastBin = bin;
    if (isEnd) bin.ends[bin.endCount++] = entry;
    else bin.begins[bin.beginCount++] = entry;
    this.size++;
  }

  private newBin(): TimeBin<T> {
    const bin = new TimeBin<T>(this.binById.length);
    this.binById.push(bin);
    return bin;
  }

  /** Time of the next entry; +Infinity when the queue is empty. */
  nextTimePs(): number {
    return this.heapLength === 0 ? Number.POSITIVE_INFINITY : this.heapTimes[0];
  }

  /** Removes the next entry; the queue must not be empty. */
  pop(): T {
    const bin = this.heapBins[0];
    let entry: T | undefined;
    if (bin.endHead < bin.endCount) {
      entry = bin.ends[bin.endHead];
      bin.ends[bin.endHead++] = undefined;
    } else {
      entry = bin.begins[bin.beginHead];
      bin.begins[bin.beginHead++] = undefined;
    }
    this.size--;
    if (bin.endHead === bin.endCount && bin.beginHead === bin.beginCount) {
      this.heapPopTop();
      this.bins.delete(bin.timePs);
      if (this.lastBin === bin) this.lastBin = null;
      bin.endHead = bin.endCount = 0;
      bin.beginHead = bin.beginCount = 0;
      this.freeBins.push(bin);
    }
    return entry as T;
  }

  private heapPush(bin: TimeBin<T>): void {
    if (this.heapLength === this.heapTimes.length) {
      const grown = new Float64Array(this.heapTimes.length * 2);
      grown.set(this.heapTimes);
      this.heapTimes = grown;
    }
    const times = this.heapTimes;
    const bins = this.heapBins;
    const timePs = bin.timePs;
    let pos = this.heapLength++;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const parentTime = times[parent];
      if (parentTime <= timePs) break;
      times[pos] = parentTime;
      bins[pos] = bins[parent];
      pos = parent;
    }
    times[pos] = timePs;
    bins[pos] = bin;
  }

  private heapPopTop(): void {
    const times = this.heapTimes;
    const bins = this.heapBins;
    const length = --this.heapLength;
    if (length === 0) return;
    // The last element sinks from the root (times are distinct, so no tie to break).
    const timePs = times[length];
    const bin = bins[length];
    const half = length >> 1;
    let pos = 0;
    while (pos < half) {
      let child = 2 * pos + 1;
      let childTime = times[child];
      const right = child + 1;
      if (right < length && times[right] < childTime) {
        child = right;
        childTime = times[right];
      }
      if (childTime >= timePs) break;
      times[pos] = childTime;
      bins[pos] = bins[child];
      pos = child;
    }
    times[pos] = timePs;
    bins[pos] = bin;
  }
}
