// Named ports of actors and the links between them: a link owns its latency (as in SST), and a
// receiving port may refuse a message and later ask for a retry (back-pressure as in gem5).
import type { Actor } from './actor.js';
import { KernelError } from './errors.js';
import type { EventHandler } from './eventQueue.js';
import type { Simulator } from './simulator.js';
import { assertDurationPs, MAX_TIME_PS, pastError } from './time.js';

/** Event kinds a port handles. */
const DELIVER = 0;
const RETRY = 1;

export interface LinkOptions {
  /** Priority of messages on this link among events of the same time; lower fires first. Default 0. */
  priority?: number;
}

export interface Link {
  readonly a: Port;
  readonly b: Port;
  readonly latencyPs: number;
  readonly priority: number;
}

/**
 * One end of a link. Back-pressure protocol:
 * 1. The receiver's `receive(port, payload)` returns false to refuse a message.
 * 2. The kernel then marks the receiving port as owing a retry, marks the sending port `blocked`
 *    and, at the same simulated time (control signals have no latency, as in gem5), calls the
 *    sender's `onRefused(port, payload)`: the sender keeps the payload, typically at the head of
 *    its output queue, and stops sending on that port.
 * 3. When the receiver has room again it calls `port.sendRetry()`; the sender's `onRetry(port)`
 *    runs as an event at the current time, with `blocked` cleared, and sends again.
 * A retry is delivered once per refusal episode, however many messages were refused in it.
 */
export class Port implements EventHandler {
  /** The other end, or null until linked. */
  peer: Port | null = null;
  /** Latency of the link this port belongs to. */
  latencyPs = 0;
  /** Priority of messages sent from this port. */
  priority = 0;
  /** Sender side: a message from this port was refused and no retry has come yet. */
  blocked = false;
  /** Receiver side: this port refused a message and has not called sendRetry() since. */
  owesRetry = false;

  private readonly sim: Simulator;

  constructor(
    readonly owner: Actor,
    readonly name: string,
  ) {
    this.sim = owner.sim;
  }

  get isConnected(): boolean {
    return this.peer !== null;
  }

  describe(): string {
    return `port "${this.owner.name}.${this.name}"`;
  }

  /** Delivers `payload` to the peer actor's receive() at now + extraDelayPs + the link latency. */
  send(payload: unknown, extraDelayPs = 0): void {
    const peer = this.peer;
    if (peer === null) throw new KernelError(`${this.describe()} sent a message but is not linked`);
    const sim = this.sim;
    let timePs = sim.nowPs + this.latencyPs;
    if (extraDelayPs !== 0) {
      if (!Number.isSafeInteger(extraDelayPs)) assertDurationPs(extraDelayPs, `extraDelayPs of a send on ${this.describe()}`);
      timePs += extraDelayPs;
      if (timePs < sim.nowPs) throw pastError(`actor "${this.owner.name}" (send on ${this.describe()})`, timePs, sim.nowPs);
    }
    if (timePs > MAX_TIME_PS) {
      throw new KernelError(`a send on ${this.describe()} would arrive beyond Number.MAX_SAFE_INTEGER ps`);
    }
    sim.queue.push(timePs, this.priority, peer, DELIVER, payload);
  }

  /**
   * Receiver side: tells the sender it may send again, if this port refused something since the
   * last retry. Returns whether a retry was scheduled.
   */
  sendRetry(): boolean {
    if (!this.owesRetry) return false;
    const peer = this.peer as Port;
    this.owesRetry = false;
    this.sim.queue.push(this.sim.nowPs, peer.priority, peer, RETRY, undefined);
    return true;
  }

  handleEvent(kind: number, payload: unknown): void {
    const owner = this.owner;
    owner.eventsHandled++;
    if (kind === DELIVER) {
      if (owner.receive(this, payload) === false) this.refuse(payload);
    } else {
      this.blocked = false;
      owner.onRetry(this);
    }
  }

  private refuse(payload: unknown): void {
    const sender = this.peer as Port;
    this.owesRetry = true;
    sender.blocked = true;
    sender.owner.onRefused(sender, payload);
  }
}

/** Links two unlinked ports of (possibly the same) actors both ways with one latency. */
export function connectPorts(a: Port, b: Port, latencyPs: number, options: LinkOptions = {}): Link {
  assertDurationPs(latencyPs, `latencyPs of the link ${a.describe()} <-> ${b.describe()}`);
  const priority = options.priority ?? 0;
  if (!Number.isSafeInteger(priority)) throw new KernelError(`link priority must be a safe integer, got ${priority}`);
  if (a === b) throw new KernelError(`${a.describe()} cannot be linked to itself`);
  if (a.owner.sim !== b.owner.sim) throw new KernelError(`${a.describe()} and ${b.describe()} belong to different simulators`);
  for (const port of [a, b]) {
    if (port.peer !== null) throw new KernelError(`${port.describe()} is already linked to ${port.peer.describe()}`);
  }
  a.peer = b;
  b.peer = a;
  a.latencyPs = b.latencyPs = latencyPs;
  a.priority = b.priority = priority;
  return { a, b, latencyPs, priority };
}
