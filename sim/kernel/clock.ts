// Clocks for actors that work cycle by cycle. An actor is ticked on the clock's edges (multiples of
// the period) only while it is registered; a tick returning false unregisters it (SST's clock
// handlers), so an idle actor, and a clock with no registered actor, costs no events.
import type { Actor } from './actor.js';
import { KernelError } from './errors.js';
import type { EventHandler } from './eventQueue.js';
import type { Simulator } from './simulator.js';
import { assertDurationPs, MAX_TIME_PS } from './time.js';

/** One actor's registration on one clock; made once per actor, so wake() allocates nothing. */
export class ClockHandler {
  /** Registered: the tick will run at the next edge. */
  active = false;
  /** First edge this registration may tick at: always strictly after the time of wake(). */
  firstEdgePs = 0;
  /** Set by wake() while registered, so that a tick returning false cannot lose that wake-up. */
  wakeRequested = false;

  constructor(
    readonly clock: Clock,
    readonly actor: Actor,
    readonly tick: (cycle: number) => boolean,
  ) {}

  /** Registers the tick for the next edge strictly after now; idempotent while registered. */
  wake(): void {
    if (this.active) this.wakeRequested = true;
    else this.clock.register(this);
  }
}

export class Clock implements EventHandler {
  /** Edges that fired (one kernel event each, however many actors ticked on it). */
  edges = 0;

  private readonly handlers: ClockHandler[] = [];
  private edgePending = false;

  constructor(
    readonly sim: Simulator,
    readonly periodPs: number,
    readonly priority = 0,
  ) {
    assertDurationPs(periodPs, 'clock periodPs');
    if (periodPs === 0) throw new KernelError('clock periodPs must be positive');
    if (!Number.isSafeInteger(priority)) throw new KernelError(`clock priority must be a safe integer, got ${priority}`);
  }

  describe(): string {
    return `clock of ${this.periodPs} ps`;
  }

  /** First edge strictly after timePs. */
  nextEdgePs(timePs: number): number {
    return (Math.floor(timePs / this.periodPs) + 1) * this.periodPs;
  }

  handler(actor: Actor, tick: (cycle: number) => boolean): ClockHandler {
    return new ClockHandler(this, actor, tick);
  }

  /** Number of registered handlers. */
  get activeHandlers(): number {
    return this.handlers.length;
  }

  /** @internal Use ClockHandler.wake(). */
  register(h: ClockHandler): void {
    if (h.clock !== this) throw new KernelError(`a handler of ${h.clock.describe()} was registered on ${this.describe()}`);
    const edgePs = this.nextEdgePs(this.sim.nowPs);
    if (edgePs > MAX_TIME_PS) throw new KernelError(`${this.describe()}: next edge is beyond Number.MAX_SAFE_INTEGER ps`);
    h.active = true;
    h.wakeRequested = false;
    h.firstEdgePs = edgePs;
    this.handlers.push(h);
    // A pending edge is either at now (not yet fired: it will keep h and schedule the next one) or
    // at the next edge already; only an idle clock needs an event.
    if (!this.edgePending) {
      this.edgePending = true;
      this.sim.queue.push(edgePs, this.priority, this, 0, undefined);
    }
  }

  handleEvent(_kind: number, _payload: unknown): void {
    const nowPs = this.sim.nowPs;
    const cycle = nowPs / this.periodPs;
    const handlers = this.handlers;
    const n = handlers.length;
    let kept = 0;
    this.edges++;
    for (let i = 0; i < n; i++) {
      const h = handlers[i];
      if (h.firstEdgePs > nowPs) {
        // Registered at this very edge time before the edge fired: it starts at the next edge.
        handlers[kept++] = h;
        continue;
      }
      h.wakeRequested = false;
      h.actor.eventsHandled++;
      if (h.tick(cycle) || h.wakeRequested) handlers[kept++] = h;
      else h.active = false;
    }
    // Handlers registered by the ticks above were appended after n; they start at the next edge.
    for (let i = n; i < handlers.length; i++) handlers[kept++] = handlers[i];
    handlers.length = kept;
    if (kept > 0) {
      this.sim.queue.push(nowPs + this.periodPs, this.priority, this, 0, undefined);
    } else {
      this.edgePending = false;
    }
  }
}
