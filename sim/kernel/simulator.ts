// The simulator: owns simulated time, the event queue, the actors, clocks, statistics and the
// optional trace sink, and runs events in (time, priority, insertion sequence) order.
import type { Actor } from './actor.js';
import { Clock } from './clock.js';
import { KernelError } from './errors.js';
import { EventQueue, type EventHandler } from './eventQueue.js';
import { connectPorts, type Link, type LinkOptions, type Port } from './port.js';
import { StatRegistry, type StatEntry } from './stats.js';
import { assertDurationPs, assertTimePs, formatPs, MAX_TIME_PS, pastError } from './time.js';
import { TrackRegistry, type TraceSink, type TrackInfo, type TrackKind } from './traceSink.js';

/** Why run() returned. */
type StopReason = 'empty' | 'until' | 'maxEvents' | 'stopped';

interface RunOptions {
  /** Process events at times <= untilPs, then set the time to untilPs. */
  untilPs?: number;
  /** Process at most this many events in this call. */
  maxEvents?: number;
}

interface RunSummary {
  /** Events processed by this call. */
  readonly events: number;
  /** Simulated time when the call returned. */
  readonly nowPs: number;
  readonly reason: StopReason;
  /** Events still queued; run() again to continue from where this call stopped. */
  readonly pendingEvents: number;
}

interface SimulatorOptions {
  trace?: TraceSink;
}

/** Calls a closure passed as the payload; for set-up and tests, not for per-event hot paths. */
class CallbackHandler implements EventHandler {
  handleEvent(_kind: number, payload: unknown): void {
    (payload as () => void)();
  }
}

export class Simulator {
  /** @internal The pending events; ports push to it directly to keep sends cheap. */
  readonly queue = new EventQueue();
  /** The attached trace sink, or null; emit points test it and do nothing when null. */
  trace: TraceSink | null = null;
  /** Events processed over all run() calls. */
  eventsProcessed = 0;

  private currentPs = 0;
  private running = false;
  private stopRequested = false;
  private readonly actorsByName = new Map<string, Actor>();
  private readonly clocks = new Map<string, Clock>();
  private readonly links: Link[] = [];
  private readonly callbacks = new CallbackHandler();
  /** @internal Counters registered by actors. */
  readonly statRegistry = new StatRegistry();
  private readonly tracks = new TrackRegistry();

  constructor(options: SimulatorOptions = {}) {
    if (options.trace !== undefined) this.attachTrace(options.trace);
  }

  /** Current simulated time in ps. */
  get nowPs(): number {
    return this.currentPs;
  }

  /** Same as nowPs (integer picoseconds). */
  get now(): number {
    return this.currentPs;
  }

  get pendingEvents(): number {
    return this.queue.size;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Schedules `handler.handleEvent(kind, payload)` after delayPs (lower priority fires first at equal times). */
  schedule(delayPs: number, handler: EventHandler, kind = 0, payload: unknown = undefined, priority = 0): void {
    const timePs = this.currentPs + delayPs;
    // One cheap test on the hot path; messages are built only when something is wrong.
    if (!(Number.isSafeInteger(delayPs) && delayPs >= 0 && timePs <= MAX_TIME_PS && Number.isSafeInteger(priority))) {
      this.timeAfter(delayPs, describeHandler(handler));
      throw badPriority(describeHandler(handler), priority);
    }
    this.queue.push(timePs, priority, handler, kind, payload);
  }

  /** Schedules `handler.handleEvent(kind, payload)` at an absolute time, which must not be in the past. */
  scheduleAt(timePs: number, handler: EventHandler, kind = 0, payload: unknown = undefined, priority = 0): void {
    if (!(Number.isSafeInteger(timePs) && timePs >= this.currentPs && Number.isSafeInteger(priority))) {
      const who = describeHandler(handler);
      assertTimePs(timePs, `event time requested by ${who}`);
      if (timePs < this.currentPs) throw pastError(who, timePs, this.currentPs);
      throw badPriority(who, priority);
    }
    this.queue.push(timePs, priority, handler, kind, payload);
  }

  /** Runs `fn` after delayPs. Allocates per call: meant for set-up, stimuli and tests. */
  call(delayPs: number, fn: () => void, priority = 0): void {
    this.scheduleAt(this.timeAfter(delayPs, 'a callback'), this.callbacks, 0, fn, priority);
  }

  /**
   * Time `delayPs` after now, validated. A negative integer delay is reported as scheduling in the
   * past, naming `who`, because that is the mistake it reveals.
   */
  timeAfter(delayPs: number, who: string): number {
    if (!Number.isSafeInteger(delayPs)) assertDurationPs(delayPs, `delay requested by ${who}`);
    const timePs = this.currentPs + delayPs;
    if (timePs < this.currentPs) throw pastError(who, timePs, this.currentPs);
    if (timePs > MAX_TIME_PS) {
      throw new KernelError(
        `${who} scheduled an event beyond Number.MAX_SAFE_INTEGER ps (now ${this.currentPs} ps + delay ${delayPs} ps)`,
      );
    }
    return timePs;
  }

  /** Connects two ports both ways; a message sent on either end arrives latencyPs (+ its extra delay) later. */
  link(a: Port, b: Port, latencyPs: number, options: LinkOptions = {}): Link {
    const link = connectPorts(a, b, latencyPs, options);
    this.links.push(link);
    return link;
  }

  /** The clock of this period (and priority), shared by every actor that asks for it, as in SST. */
  clock(periodPs: number, priority = 0): Clock {
    const key = `${periodPs}/${priority}`;
    let clock = this.clocks.get(key);
    if (clock === undefined) {
      clock = new Clock(this, periodPs, priority);
      this.clocks.set(key, clock);
    }
    return clock;
  }

  /**
   * Processes events in order until the queue is empty, the next event is later than untilPs,
   * maxEvents events were processed, or a handler called stop(). Can be called again to resume.
   */
  run(options: RunOptions = {}): RunSummary {
    if (this.running) throw new KernelError('run() was called from inside a running simulation');
    let untilPs = Infinity;
    if (options.untilPs !== undefined) {
      untilPs = assertTimePs(options.untilPs, 'run({ untilPs })');
      if (untilPs < this.currentPs) {
        throw new KernelError(`run({ untilPs: ${untilPs} }) is before the current time ${formatPs(this.currentPs)}`);
      }
    }
    let maxEvents = Infinity;
    if (options.maxEvents !== undefined) {
      maxEvents = options.maxEvents;
      if (!Number.isSafeInteger(maxEvents) || maxEvents < 0) {
        throw new KernelError(`run({ maxEvents }) must be a non-negative integer, got ${String(maxEvents)}`);
      }
    }
    this.running = true;
    this.stopRequested = false;
    const queue = this.queue;
    let events = 0;
    let reason: StopReason;
    try {
      for (;;) {
        if (events >= maxEvents) {
          reason = 'maxEvents';
          break;
        }
        if (!queue.shift(untilPs)) {
          if (queue.size === 0) {
            reason = 'empty';
          } else {
            reason = 'until';
            this.currentPs = untilPs;
          }
          break;
        }
        this.currentPs = queue.timePs;
        (queue.handler as EventHandler).handleEvent(queue.kind, queue.payload);
        events++;
        if (this.stopRequested) {
          reason = 'stopped';
          break;
        }
      }
    } finally {
      this.running = false;
      this.eventsProcessed += events;
    }
    // Running out of events before untilPs still advances time, so runs in windows chain exactly.
    if (reason === 'empty' && untilPs !== Infinity) this.currentPs = untilPs;
    queue.payload = undefined;
    return { events, nowPs: this.currentPs, reason, pendingEvents: queue.size };
  }

  /** Ends the current run() after the event being processed; queued events stay queued. */
  stop(): void {
    this.stopRequested = true;
  }

  /** @internal Called by the Actor constructor. */
  addActor(actor: Actor): void {
    if (actor.name.length === 0) throw new KernelError('an actor needs a non-empty name');
    if (this.actorsByName.has(actor.name)) throw new KernelError(`two actors are named "${actor.name}"`);
    this.actorsByName.set(actor.name, actor);
  }

  actor(name: string): Actor {
    const actor = this.actorsByName.get(name);
    if (actor === undefined) throw new KernelError(`no actor is named "${name}"`);
    return actor;
  }

  get actors(): readonly Actor[] {
    return [...this.actorsByName.values()];
  }

  get allLinks(): readonly Link[] {
    return this.links;
  }

  /**
   * Every registered counter, then per actor the events it handled (`<actor>.events`; always
   * counted, at the cost of one increment per event).
   */
  stats(): StatEntry[] {
    const entries = this.statRegistry.list();
    for (const actor of this.actorsByName.values()) {
      entries.push({
        name: `${actor.name}.events`,
        owner: actor.name,
        stat: 'events',
        unit: 'count',
        description: 'events handled (messages, retries, self-events, clock ticks)',
        value: actor.eventsHandled,
      });
    }
    return entries;
  }

  /** Attaches a sink (replacing any other) and announces every track registered so far. */
  attachTrace(sink: TraceSink): void {
    this.trace = sink;
    for (const track of this.tracks.list()) sink.registerTrack(track);
  }

  detachTrace(): void {
    this.trace = null;
  }

  /** Registers a named track and returns its id; a name registered twice is an error. */
  registerTrack(name: string, kind: TrackKind, unit?: string): number {
    const track = this.tracks.add(name, kind, unit);
    if (track === null) throw new KernelError(`trace track "${name}" is registered twice`);
    if (this.trace !== null) this.trace.registerTrack(track);
    return track.id;
  }

  get traceTracks(): readonly TrackInfo[] {
    return this.tracks.list();
  }
}

/** @internal How an error message names the owner of an event. */
function describeHandler(handler: EventHandler): string {
  const name = (handler as { describe?: unknown }).describe;
  if (typeof name === 'function') return String((name as () => unknown).call(handler));
  return `a ${handler.constructor.name}`;
}

function badPriority(who: string, priority: number): KernelError {
  return new KernelError(`priority of an event of ${who} must be a safe integer, got ${String(priority)}`);
}
