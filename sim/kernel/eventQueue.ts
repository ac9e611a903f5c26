// The pending-event set: SST's binned "time vortex". Only DISTINCT times live in the tinyqueue
// heap; all events of one time wait in a FIFO bin, found by time in a direct-mapped table with a
// Map<time, bin> for the times whose table slot is taken.
import TinyQueue from 'tinyqueue';

/**
 * Whatever an event is delivered to. An event is the triple (handler, kind, payload), stored in
 * parallel arrays, so scheduling allocates no closure and no event object.
 */
export interface EventHandler {
  handleEvent(kind: number, payload: unknown): void;
}

/** 4,096 slots: 48 KiB of table, far more than the distinct pending times of a clocked design. */
const DEFAULT_TABLE_BITS = 12;

/**
 * All events of one time, in firing order, as parallel arrays consumed from `head`.
 *
 * Priorities use a sorted insert rather than a fixed set of lanes: any integer priority works,
 * and the common case (a priority not smaller than the last one queued, e.g. everything at the
 * default 0) is an append. An out-of-order priority shifts only the entries it overtakes; the
 * strict comparison keeps equal priorities in insertion order, which is the sequence tie-break.
 */
class Bin {
  timePs = 0;
  head = 0;
  count = 0;
  readonly handlers: EventHandler[] = [];
  readonly kinds: number[] = [];
  readonly payloads: unknown[] = [];
  readonly priorities: number[] = [];
}

/**
 * Min-queue of events ordered by (time, priority, insertion sequence); lower priority fires first.
 * Precondition (enforced by the Simulator, not here): no event is pushed earlier than the last one
 * shifted. The shifted event is exposed through public fields rather than a returned object, so the
 * hot loop allocates nothing.
 */
export class EventQueue {
  private readonly heap = new TinyQueue<number>([], (a, b) => a - b);
  /** Open bins whose table slot was taken by another time when they opened. */
  private readonly overflow = new Map<number, Bin>();
  /** Drained bins kept for reuse: their arrays keep their capacity, so steady state allocates nothing. */
  private readonly freeBins: Bin[] = [];
  /** The bin being drained; it stays findable so events pushed at the current time join it. */
  private current: Bin | null = null;
  /**
   * Direct-mapped table of open bins by time (a slot is empty when its time is -1). A send finds
   * its bin with one multiply and two array reads, where Map.get alone cost ~25 ns, half of the
   * per-event budget (measured with scripts/bench/kernel.ts). Only times whose slot is taken go to
   * the `overflow` Map.
   */
  private readonly slotTimes: Float64Array;
  private readonly slotBins: (Bin | null)[];
  private readonly slotShift: number;

  /** Number of pending events. */
  size = 0;

  // The event produced by the last successful shift().
  handler: EventHandler | null = null;
  kind = 0;
  payload: unknown = undefined;
  timePs = 0;
  priority = 0;

  /** `tableBits` sizes the direct-mapped table (2^tableBits slots); tests shrink it to force overflow. */
  constructor(tableBits = DEFAULT_TABLE_BITS) {
    if (!Number.isInteger(tableBits) || tableBits < 1 || tableBits > 24) throw new RangeError(`tableBits must be 1..24, got ${tableBits}`);
    this.slotTimes = new Float64Array(1 << tableBits).fill(-1);
    this.slotBins = new Array<Bin | null>(1 << tableBits).fill(null);
    this.slotShift = 32 - tableBits;
  }

  /** Fibonacci hashing of the time's low 32 bits (`| 0` is exact modulo 2^32 for any safe integer). */
  private slotOf(timePs: number): number {
    return Math.imul(timePs | 0, 0x9e3779b1) >>> this.slotShift;
  }

  push(timePs: number, priority: number, handler: EventHandler, kind: number, payload: unknown): void {
    const slot = this.slotOf(timePs);
    let bin: Bin;
    if (this.slotTimes[slot] === timePs) {
      bin = this.slotBins[slot] as Bin;
    } else {
      bin = (this.overflow.size === 0 ? undefined : this.overflow.get(timePs)) ?? this.openBin(timePs, slot);
    }
    let i = bin.count;
    if (i === bin.head && i !== 0) {
      // A fully consumed current bin rewinds, so a chain of zero-delay events cannot grow it forever.
      bin.head = 0;
      bin.count = 0;
      i = 0;
    }
    const priorities = bin.priorities;
    if (i > bin.head && priorities[i - 1] > priority) {
      const handlers = bin.handlers;
      const kinds = bin.kinds;
      const payloads = bin.payloads;
      while (i > bin.head && priorities[i - 1] > priority) {
        handlers[i] = handlers[i - 1];
        kinds[i] = kinds[i - 1];
        payloads[i] = payloads[i - 1];
        priorities[i] = priorities[i - 1];
        i--;
      }
    }
    bin.handlers[i] = handler;
    bin.kinds[i] = kind;
    bin.payloads[i] = payload;
    priorities[i] = priority;
    bin.count++;
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
      const timePs = heap.peek() as number;
      if (timePs > limitPs) return false;
      heap.pop();
      const slot = this.slotOf(timePs);
      bin = this.slotTimes[slot] === timePs ? (this.slotBins[slot] as Bin) : (this.overflow.get(timePs) as Bin);
      this.current = bin;
    } else if (bin.timePs > limitPs) {
      return false;
    }
    const i = bin.head++;
    this.handler = bin.handlers[i];
    this.kind = bin.kinds[i];
    this.payload = bin.payloads[i];
    // Drop the reference so a consumed payload can be collected while its bin waits for reuse.
    bin.payloads[i] = undefined;
    this.priority = bin.priorities[i];
    this.timePs = bin.timePs;
    this.size--;
    return true;
  }

  /** Time of the earliest pending event, or -1 when none is pending. */
  peekTimePs(): number {
    const bin = this.current;
    if (bin !== null && bin.head < bin.count) return bin.timePs;
    // The current time left the heap when its bin became current, so the heap holds only later times.
    const top = this.heap.peek();
    return top === undefined ? -1 : top;
  }

  /** Number of distinct pending times (the heap size plus a non-empty current bin). */
  get distinctTimes(): number {
    const bin = this.current;
    return this.heap.length + (bin !== null && bin.head < bin.count ? 1 : 0);
  }

  private openBin(timePs: number, slot: number): Bin {
    const bin = this.freeBins.pop() ?? new Bin();
    bin.timePs = timePs;
    bin.head = 0;
    bin.count = 0;
    if (this.slotTimes[slot] === -1) {
      this.slotTimes[slot] = timePs;
      this.slotBins[slot] = bin;
    } else {
      this.overflow.set(timePs, bin);
    }
    this.heap.push(timePs);
    return bin;
  }

  private closeCurrent(bin: Bin): void {
    const slot = this.slotOf(bin.timePs);
    if (this.slotBins[slot] === bin) {
      this.slotTimes[slot] = -1;
      this.slotBins[slot] = null;
    } else {
      this.overflow.delete(bin.timePs);
    }
    bin.head = 0;
    bin.count = 0;
    this.current = null;
    this.freeBins.push(bin);
  }
}
