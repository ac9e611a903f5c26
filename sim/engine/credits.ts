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
  /** Senders refused by a pool granted oldest image first (a tile's output buffer), with the
   *  oldest image each waits to send, until it next retries (forget()). */
  private readonly agedWaiters = new Map<RetryTarget, number>();

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

  /** Oldest image first: whether `bits` of image `image` would be granted now to `who`, which
   *  they are not while another sender waits to send an older image (it gets the room first;
   *  otherwise a producer images ahead, sending as room comes back, starves it). */
  fitsAged(bits: number, image: number, who: RetryTarget): boolean {
    // An empty pool grants: the older sender may not come back (refused elsewhere first), and
    // nothing would be given back to wake the refused.
    if (this.usedBits === 0) return true;
    if (!this.fits(bits)) return false;
    for (const [w, i] of this.agedWaiters) if (i < image && w !== who) return false;
    return true;
  }

  /** wait(), remembering the image `who` waits to send until it retries (forget()). */
  waitAged(who: RetryTarget, image: number): void {
    this.wait(who);
    const i = this.agedWaiters.get(who);
    if (i === undefined || image < i) this.agedWaiters.set(who, image);
  }

  /** `who` is retrying: it waits again, with the image it then waits to send, if refused again. */
  forget(who: RetryTarget): void {
    this.agedWaiters.delete(who);
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
    // The sender of the oldest image retries first (Array.sort is stable: arrival order on ties).
    if (this.agedWaiters.size > 0) waiting.sort((a, b) => (this.agedWaiters.get(a) ?? Infinity) - (this.agedWaiters.get(b) ?? Infinity));
    for (const w of waiting) w.scheduleRetry();
  }

  get waiting(): number {
    return this.waiters.size;
  }
}
