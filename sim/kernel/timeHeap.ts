// A binary min-heap of (time, id) pairs on typed arrays: the event queue's heap of distinct
// pending times, each with the id of its bin.
//
// Why not tinyqueue, the heap the kernel started on and the project's general-purpose heap (the
// Perfetto writer uses it): with arbitrary-ps latencies nearly every event has a time of its own,
// so the heap does a push and a pop per event and its comparator call dominates. tinyqueue calls
// `compare` from one shared call site for every queue in the process; V8 inlines it only while a
// single comparator has been seen there. Once the Perfetto writer's queue has run (any traced
// simulation) that site is polymorphic and the kernel ran at 3.2-3.4 M events/s against 4.8 M/s
// with this heap (scripts/bench/kernel.ts --grain-ps 1). Comparing numbers in place also lets the
// bin id ride along, so popping a time yields its bin without a second lookup by time, and int32
// ids instead of object references spare the garbage collector's write barrier on every move.

export class TimeHeap {
  private times = new Float64Array(256);
  private ids = new Int32Array(256);
  /** Number of entries. */
  length = 0;

  /** Earliest time, or -1 when empty. */
  peekTime(): number {
    return this.length === 0 ? -1 : this.times[0];
  }

  /** Id paired with the earliest time; only meaningful when length > 0. */
  peekId(): number {
    return this.ids[0];
  }

  push(timePs: number, id: number): void {
    if (this.length === this.times.length) this.grow();
    const times = this.times;
    const ids = this.ids;
    let i = this.length++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentTime = times[parent];
      if (parentTime <= timePs) break;
      times[i] = parentTime;
      ids[i] = ids[parent];
      i = parent;
    }
    times[i] = timePs;
    ids[i] = id;
  }

  /** Removes the earliest entry (read it first with peekTime/peekId). */
  pop(): void {
    const n = --this.length;
    if (n <= 0) {
      this.length = 0;
      return;
    }
    const times = this.times;
    const ids = this.ids;
    const lastTime = times[n];
    const lastId = ids[n];
    // Sift the former last entry down from the root, always toward the earlier child.
    const half = n >> 1;
    let i = 0;
    while (i < half) {
      let child = 2 * i + 1;
      let childTime = times[child];
      const right = child + 1;
      if (right < n && times[right] < childTime) {
        child = right;
        childTime = times[right];
      }
      if (childTime >= lastTime) break;
      times[i] = childTime;
      ids[i] = ids[child];
      i = child;
    }
    times[i] = lastTime;
    ids[i] = lastId;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    const ids = new Int32Array(times.length);
    ids.set(this.ids);
    this.times = times;
    this.ids = ids;
  }
}
