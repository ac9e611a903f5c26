// Back-pressure as credits (credit-based flow control, the equivalent of gem5's refuse-and-retry
// at the reservation level): a finite buffer is a pool of bits; a sender takes credit before it
// sends and is refused when the pool is full; the holder gives the credit back when the data
// leaves, and every refused sender is then asked to retry (an event, like gem5's sendRetry).
// Because credit is taken before a packet enters the NoC, a packet in flight is always accepted,
// so the links never block and the only possible deadlock is a cycle of full buffers, which the
// engine reports (simulate.ts) rather than hangs on.

/** Someone refused credit that wants to hear when some is given back. */
export interface RetryTarget {
  scheduleRetry(): void;
}

export class CreditPool {
  usedBits = 0;
  maxUsedBits = 0;
  /** Credits handed out beyond capacity (to a packet larger than the whole pool, or one the
   *  holder needs now to make progress); 0 when the buffer was big enough all along. */
  overflowGrants = 0;
  refusals = 0;
  private readonly waiters = new Set<RetryTarget>();

  constructor(readonly name: string, readonly capacityBits: number) {}

  /** Takes `bits` if they fit (or `force`, or the pool is empty: a packet larger than the whole
   *  buffer must still pass); otherwise registers `who` for a retry and returns false. */
  take(bits: number, who: RetryTarget, force = false): boolean {
    const fits = this.usedBits + bits <= this.capacityBits;
    if (!fits && !force && this.usedBits > 0) {
      this.refusals++;
      this.waiters.add(who);
      return false;
    }
    if (!fits) this.overflowGrants++;
    this.usedBits += bits;
    if (this.usedBits > this.maxUsedBits) this.maxUsedBits = this.usedBits;
    return true;
  }

  /** Whether `bits` would be granted now (no side effects). */
  fits(bits: number): boolean {
    return this.usedBits === 0 || this.usedBits + bits <= this.capacityBits;
  }

  /** Remembers `who` for the next give() without taking anything. */
  wait(who: RetryTarget): void {
    this.refusals++;
    this.waiters.add(who);
  }

  give(bits: number): void {
    this.usedBits -= bits;
    // Shares of a packet (a line buffer keeping some of its channels) are fractional bits: drop
    // the rounding residue so an emptied pool is empty.
    if (Math.abs(this.usedBits) < 1e-6) this.usedBits = 0;
    this.wakeWaiters();
  }

  /** Asks every refused sender to retry: space was given back, or what the holder will admit
   *  changed (a line buffer whose window moved on now takes rows it refused before). */
  wakeWaiters(): void {
    if (this.waiters.size === 0) return;
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const w of waiting) w.scheduleRetry();
  }

  get waiting(): number {
    return this.waiters.size;
  }
}
