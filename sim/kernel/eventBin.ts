// All events of one time, in firing order: the FIFO bin of the binned event queue. The first event
// lives in the bin's own fields, the rest in parallel arrays, so a time with a single event (the
// common case when latencies are arbitrary picoseconds) touches one object instead of five.
import type { EventHandler } from './eventQueue.js';

/**
 * Entries are numbered 0..count-1 and consumed from `head`; entry 0 is inline, entry i >= 1 sits at
 * index i - 1 of the arrays (packed, so V8 keeps them in fast element kinds).
 *
 * Priorities use a sorted insert rather than a fixed set of lanes: any integer priority works,
 * and the common case (a priority not smaller than the last one queued, e.g. everything at the
 * default 0) is an append. An out-of-order priority shifts only the entries it overtakes; the
 * strict comparison keeps equal priorities in insertion order, which is the sequence tie-break.
 */
export class EventBin {
  timePs = 0;
  head = 0;
  count = 0;
  handler0: EventHandler | null = null;
  kind0 = 0;
  payload0: unknown = undefined;
  priority0 = 0;
  /** Priority of the last pending entry (count - 1): an append needs only this one comparison. */
  lastPriority = 0;
  readonly handlers: EventHandler[] = [];
  readonly kinds: number[] = [];
  readonly payloads: unknown[] = [];
  readonly priorities: number[] = [];

  /** `id`: the bin's index in its queue's table of bins, how the queue's heap refers to it. */
  constructor(readonly id: number) {}

  add(priority: number, handler: EventHandler, kind: number, payload: unknown): void {
    let i = this.count;
    if (i === this.head) {
      // Nothing pending: start over at the inline entry. A drained current bin rewinds this way, so
      // a chain of zero-delay events cannot grow it forever.
      this.head = 0;
      this.handler0 = handler;
      this.kind0 = kind;
      this.payload0 = payload;
      this.priority0 = priority;
      this.lastPriority = priority;
      this.count = 1;
      return;
    }
    // Here i > head >= 0, so entry i - 1 is pending.
    if (this.lastPriority <= priority) {
      const k = i - 1;
      this.handlers[k] = handler;
      this.kinds[k] = kind;
      this.payloads[k] = payload;
      this.priorities[k] = priority;
      this.lastPriority = priority;
      this.count = i + 1;
      return;
    }
    // Overtaking: the entries it passes move up one place; the last one stays last.
    while (i > this.head && this.priorityAt(i - 1) > priority) {
      this.move(i - 1, i);
      i--;
    }
    this.put(i, priority, handler, kind, payload);
    this.count++;
  }

  private priorityAt(i: number): number {
    return i === 0 ? this.priority0 : this.priorities[i - 1];
  }

  private move(from: number, to: number): void {
    if (from === 0) this.put(to, this.priority0, this.handler0 as EventHandler, this.kind0, this.payload0);
    else this.put(to, this.priorities[from - 1], this.handlers[from - 1], this.kinds[from - 1], this.payloads[from - 1]);
  }

  private put(i: number, priority: number, handler: EventHandler, kind: number, payload: unknown): void {
    if (i === 0) {
      this.handler0 = handler;
      this.kind0 = kind;
      this.payload0 = payload;
      this.priority0 = priority;
    } else {
      this.handlers[i - 1] = handler;
      this.kinds[i - 1] = kind;
      this.payloads[i - 1] = payload;
      this.priorities[i - 1] = priority;
    }
  }
}
