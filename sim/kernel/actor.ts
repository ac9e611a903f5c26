// The base class of every simulated component: a name, named ports, statistics, self-scheduled
// events, clock registration and trace helpers. Subclasses override the handlers they need.
import type { Clock, ClockHandler } from './clock.js';
import { KernelError } from './errors.js';
import type { EventHandler } from './eventQueue.js';
import { Port } from './port.js';
import type { Simulator } from './simulator.js';
import type { Counter } from './stats.js';
import type { TraceArgs, TrackKind } from './traceSink.js';

export class Actor implements EventHandler {
  /** Events this actor handled: messages, retries, self-events, clock ticks. */
  eventsHandled = 0;

  private readonly portsByName = new Map<string, Port>();

  constructor(
    readonly sim: Simulator,
    readonly name: string,
  ) {
    sim.addActor(this);
  }

  describe(): string {
    return `actor "${this.name}"`;
  }

  /** Creates a port; call it in field initialisers or the constructor (`readonly out = this.definePort('out')`). */
  protected definePort(name: string): Port {
    if (this.portsByName.has(name)) throw new KernelError(`${this.describe()} defines port "${name}" twice`);
    const port = new Port(this, name);
    this.portsByName.set(name, port);
    return port;
  }

  /** The port of this name, for wiring code that knows actors only by their ports' names. */
  port(name: string): Port {
    const port = this.portsByName.get(name);
    if (port === undefined) throw new KernelError(`${this.describe()} has no port "${name}"`);
    return port;
  }

  get ports(): readonly Port[] {
    return [...this.portsByName.values()];
  }

  /** Registers a counter listed as `<actor>.<name>` by sim.stats(). */
  stat(name: string, unit: string, description: string): Counter {
    return this.sim.statRegistry.register(this.name, name, unit, description);
  }

  /** Schedules onEvent(kind, payload) on this actor after delayPs. */
  schedule(delayPs: number, kind = 0, payload: unknown = undefined, priority = 0): void {
    this.sim.schedule(delayPs, this, kind, payload, priority);
  }

  /** Schedules onEvent(kind, payload) on this actor at an absolute time. */
  scheduleAt(timePs: number, kind = 0, payload: unknown = undefined, priority = 0): void {
    this.sim.scheduleAt(timePs, this, kind, payload, priority);
  }

  /** A registration of `tick` on `clock`; call wake() on it whenever work arrives. */
  clocked(clock: Clock, tick: (cycle: number) => boolean): ClockHandler {
    return clock.handler(this, tick);
  }

  /** Registers a trace track named after this actor (`<actor>` or `<actor>.<name>`). */
  track(name?: string, kind: TrackKind = 'slice', unit?: string): number {
    return this.sim.registerTrack(name === undefined ? this.name : `${this.name}.${name}`, kind, unit);
  }

  traceBegin(trackId: number, name: string, args?: TraceArgs): void {
    const sink = this.sim.trace;
    if (sink !== null) sink.begin(trackId, name, this.sim.nowPs, args);
  }

  traceEnd(trackId: number): void {
    const sink = this.sim.trace;
    if (sink !== null) sink.end(trackId, this.sim.nowPs);
  }

  traceCounter(trackId: number, value: number): void {
    const sink = this.sim.trace;
    if (sink !== null) sink.counter(trackId, value, this.sim.nowPs);
  }

  handleEvent(kind: number, payload: unknown): void {
    this.eventsHandled++;
    this.onEvent(kind, payload);
  }

  /** A self-scheduled event fired. */
  onEvent(kind: number, _payload: unknown): void {
    throw new KernelError(`${this.describe()} got a self-event of kind ${kind} but does not override onEvent()`);
  }

  /** A message arrived on `port`; return false to refuse it (see Port for the retry protocol). */
  receive(port: Port, _payload: unknown): boolean | void {
    throw new KernelError(`${this.describe()} got a message on port "${port.name}" but does not override receive()`);
  }

  /** A message sent on `port` was refused; keep it and resend after onRetry(port). */
  onRefused(port: Port, _payload: unknown): void {
    const receiver = port.peer === null ? 'its peer' : port.peer.describe();
    throw new KernelError(`${receiver} refused a message sent on ${port.describe()}, and ${this.describe()} does not override onRefused()`);
  }

  /** The peer of `port`, having refused a message earlier, can take messages again. */
  onRetry(_port: Port): void {}
}
