// The pending-event set: SST's binned "time vortex". Only DISTINCT times live in the heap; all
// events of one time wait in a FIFO bin, found by time in an open-addressing table. Clocked
// hardware puts hundreds of events on one time (one heap operation serves them all); with
// arbitrary-ps latencies nearly every event has its own time, and then the cost per event is one
// heap push and pop (tinyqueue, over bins ordered by their time), three probes of the table, and
// one bin object reused hot from the free list.
import TinyQueue from 'tinyqueue';
import { EventBin } from './eventBin.js';
import { ABSENT, TimeTable } from './timeTable.js';

/** Bins in the heap have distinct times, so time alone orders them. */
function earlierBin(a: EventBin, b: EventBin): number {
  return a.timePs - b.timePs;
}

/**
 * Whatever an event is delivered to. An event is the triple (handler, kind, payload), stored in
 * its bin's fields and parallel arrays, so scheduling allocates no closure and no event object.
 */
export interface EventHandler {
  handleEvent(kind: number, payload: unknown): void;
}

/** 4,096 table slots to start with: far more than the distinct pending times of a clocked design. */
const DEFAULT_TABLE_BITS = 12;

/**
 * Min-queue of events ordered by (time, priority, insertion sequence); lower priority fires first.
 * Precondition (enforced by the Simulator, not here): no event is pushed earlier than the last one
 * shifted. The shifted event is exposed through public fields rather than a returned object, so the
 * hot loop allocates nothing.
 */
export class EventQueue {
  private readonly heap = new TinyQueue<EventBin>([], earlierBin);
  /** Every bin ever made, by id (its index here); the table refers to bins by id. */
  private readonly binById: EventBin[] = [];
  /** Open bins by time, the current one included, so events pushed at the current time join it. */
  private readonly bins: TimeTable;
  /** Drained bins kept for reuse: their arrays keep their capacity, so steady state allocates nothing. */
  private readonly freeBins: EventBin[] = [];
  /** The bin being drained. */
  private current: EventBin | null = null;

  /** Number of pending events. */
  size = 0;

  // The event produced by the last successful shift().
  handler: EventHandler | null = null;
  kind = 0;
  payload: unknown = undefined;
  timePs = 0;
  priority = 0;

  /** `tableBits`: log2 of the bin table's initial size (it grows); tests shrink it to force probing and growth. */
  constructor(tableBits = DEFAULT_TABLE_BITS) {
    this.bins = new TimeTable(tableBits);
  }

  push(timePs: number, priority: number, handler: EventHandler, kind: number, payload: unknown): void {
    const id = this.bins.get(timePs);
    const bin = id === ABSENT ? this.openBin(timePs) : this.binById[id];
    bin.add(priority, handler, kind, payload);
    this.size++;
  }

  /**
   * Moves the earliest event into the public fields if its time is <= limitPs. Returns false,
   * leaving the queue untouched, when the queue is empty or the next event is later than limitPs.
   */
  shift(limitPs: number): boolean {
    let bin = this.current;
    if (bin === null || bin.head === bin.count) {
      if (bin !== null) this.closeCurrent(bin);
      const heap = this.heap;
      if (heap.length === 0) return false;
      const next = heap.peek() as EventBin;
      if (next.timePs > limitPs) return false;
      heap.pop();
      bin = next;
      this.current = bin;
    } else if (bin.timePs > limitPs) {
      return false;
    }
    const i = bin.head++;
    if (i === 0) {
      this.handler = bin.handler0;
      this.kind = bin.kind0;
      this.payload = bin.payload0;
      // Drop the reference so a consumed payload can be collected while its bin waits for reuse.
      bin.payload0 = undefined;
      this.priority = bin.priority0;
    } else {
      const k = i - 1;
      this.handler = bin.handlers[k];
      this.kind = bin.kinds[k];
      this.payload = bin.payloads[k];
      bin.payloads[k] = undefined;
      this.priority = bin.priorities[k];
    }
    this.timePs = bin.timePs;
    this.size--;
    return true;
  }

  /** Time of the earliest pending event, or -1 when none is pending. */
  peekTimePs(): number {
    const bin = this.current;
    if (bin !== null && bin.head < bin.count) return bin.timePs;
    // The current time left the heap when its bin became current, so the heap holds only later times.
    const next = this.heap.peek();
    return next === undefined ? -1 : next.timePs;
  }

  /** Number of distinct pending times (the heap size plus a non-empty current bin). */
  get distinctTimes(): number {
    const bin = this.current;
    return this.heap.length + (bin !== null && bin.head < bin.count ? 1 : 0);
  }

  private openBin(timePs: number): EventBin {
    let bin = this.freeBins.pop();
    if (bin === undefined) {
      bin = new EventBin(this.binById.length);
      this.binById.push(bin);
    }
    bin.timePs = timePs;
    bin.head = 0;
    bin.count = 0;
    this.bins.insert(timePs, bin.id);
    this.heap.push(bin);
    return bin;
  }

  private closeCurrent(bin: EventBin): void {
    this.bins.delete(bin.timePs);
    bin.head = 0;
    bin.count = 0;
    this.current = null;
    this.freeBins.push(bin);
  }
}
