import { describe, expect, it } from 'vitest';
import { Actor, KernelError, type Port, Simulator } from '../../../sim/kernel/index.js';

/** Logs what it receives as [time, port, payload]. */
class Sink extends Actor {
  readonly in = this.definePort('in');
  readonly log: Array<[number, string, unknown]> = [];
  override receive(port: Port, payload: unknown): boolean {
    this.log.push([this.sim.nowPs, port.name, payload]);
    return true;
  }
}

class Source extends Actor {
  readonly out = this.definePort('out');
}

describe('Port and link: latency', () => {
  it('delivers at now + link latency, and + extraDelayPs when given', () => {
    const sim = new Simulator();
    const src = new Source(sim, 'src');
    const dst = new Sink(sim, 'dst');
    const link = sim.link(src.out, dst.in, 1_500);
    expect(link.latencyPs).toBe(1_500);
    sim.call(100, () => {
      src.out.send('a');
      src.out.send('b', 250);
    });
    sim.run();
    expect(dst.log).toEqual([
      [1_600, 'in', 'a'],
      [1_850, 'in', 'b'],
    ]);
  });

  it('is bidirectional with the same latency, and finds ports by name', () => {
    const sim = new Simulator();
    const a = new Sink(sim, 'a');
    const b = new Sink(sim, 'b');
    sim.link(a.port('in'), b.port('in'), 40);
    a.in.send(1);
    b.in.send(2, 2);
    sim.run();
    expect(b.log).toEqual([[40, 'in', 1]]);
    expect(a.log).toEqual([[42, 'in', 2]]);
  });

  it('keeps send order for equal arrival times and orders links by their priority', () => {
    const sim = new Simulator();
    const src = new Source(sim, 'src');
    const late = new Source(sim, 'late');
    const dst = new Sink(sim, 'dst');
    const urgent = new (class extends Sink {
      readonly in2 = this.definePort('in2');
    })(sim, 'dst2');
    sim.link(src.out, dst.in, 10);
    sim.link(late.out, urgent.in2, 10, { priority: -1 });
    const order: string[] = [];
    dst.receive = (_p, v) => order.push(`dst:${String(v)}`) > 0;
    urgent.receive = (_p, v) => order.push(`urgent:${String(v)}`) > 0;
    for (let i = 0; i < 3; i++) src.out.send(i);
    late.out.send('x');
    sim.run();
    expect(order).toEqual(['urgent:x', 'dst:0', 'dst:1', 'dst:2']);
  });

  it('rejects bad latencies, double links, unlinked sends and bad extra delays', () => {
    const sim = new Simulator();
    const src = new Source(sim, 'src');
    const dst = new Sink(sim, 'dst');
    expect(() => sim.link(src.out, dst.in, 0.5)).toThrow(/latencyPs.*not an integer/);
    expect(() => sim.link(src.out, dst.in, -3)).toThrow(/latencyPs.*negative/);
    expect(() => src.out.send(1)).toThrow('port "src.out" sent a message but is not linked');
    sim.link(src.out, dst.in, 5);
    expect(() => sim.link(src.out, new Sink(sim, 'other').in, 5)).toThrow(/already linked/);
    expect(() => src.out.send(1, 0.25)).toThrow(/extraDelayPs.*not an integer/);
    expect(() => src.out.send(1, -10)).toThrow(/actor "src".*in the past: now is 0 ps/);
    expect(() => src.port('nope')).toThrow(/has no port "nope"/);
    expect(sim.pendingEvents).toBe(0);
  });
});

/** A receiver with a buffer of fixed capacity, drained one entry per `drainPs`. */
class Buffer extends Actor {
  readonly in = this.definePort('in');
  readonly accepted: Array<[number, number]> = [];
  readonly refusals = this.stat('refusals', 'count', 'messages refused because the buffer was full');
  private occupancy = 0;

  constructor(sim: Simulator, name: string, private readonly capacity: number, private readonly drainPs: number) {
    super(sim, name);
  }

  override receive(_port: Port, payload: unknown): boolean {
    if (this.occupancy === this.capacity) {
      this.refusals.add();
      return false;
    }
    this.occupancy++;
    this.accepted.push([this.sim.nowPs, payload as number]);
    this.schedule(this.drainPs);
    return true;
  }

  override onEvent(): void {
    this.occupancy--;
    this.in.sendRetry();
  }
}

/** Sends 0..count-1 as fast as allowed, holding refused items until a retry. */
class Producer extends Actor {
  readonly out = this.definePort('out');
  readonly retries: number[] = [];
  private readonly pending: number[] = [];

  constructor(sim: Simulator, name: string, count: number) {
    super(sim, name);
    for (let i = 0; i < count; i++) this.pending.push(i);
  }

  pump(): void {
    while (!this.out.blocked && this.pending.length > 0) this.out.send(this.pending.shift());
  }

  override onRefused(port: Port, payload: unknown): void {
    expect(port).toBe(this.out);
    // Refused items go back in order: later in-flight items are refused after earlier ones.
    const refused = payload as number;
    let i = 0;
    while (i < this.pending.length && this.pending[i] < refused) i++;
    this.pending.splice(i, 0, refused);
  }

  override onRetry(port: Port): void {
    expect(port.blocked).toBe(false);
    this.retries.push(this.sim.nowPs);
    this.pump();
  }
}

describe('Port: back-pressure (refuse, then retry)', () => {
  it('refuses when full, retries when room frees, and loses or reorders nothing', () => {
    const sim = new Simulator();
    const producer = new Producer(sim, 'producer', 10);
    const buffer = new Buffer(sim, 'buffer', 2, 1_000);
    sim.link(producer.out, buffer.in, 100);
    producer.pump();
    sim.run();
    expect(buffer.accepted.map(([, v]) => v)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(buffer.refusals.value).toBeGreaterThan(0);
    // Two fit at 100 ps and drain at 1,100 ps; the retry then resends everything refused, which
    // arrives at 1,200 ps, where two fit again.
    expect(buffer.accepted.map(([t]) => t)).toEqual([100, 100, 1_200, 1_200, 2_300, 2_300, 3_400, 3_400, 4_500, 4_500]);
    expect(producer.retries.length).toBeGreaterThan(0);
    expect(producer.out.blocked).toBe(false);
    expect(buffer.in.owesRetry).toBe(false);
  });

  it('sends at most one retry per refusal episode and none without a refusal', () => {
    const sim = new Simulator();
    const producer = new Producer(sim, 'producer', 0);
    const buffer = new Buffer(sim, 'buffer', 0, 10);
    sim.link(producer.out, buffer.in, 5);
    expect(buffer.in.sendRetry()).toBe(false);
    producer.out.send(7);
    producer.out.send(8);
    sim.run();
    expect(producer.out.blocked).toBe(true);
    expect(buffer.in.sendRetry()).toBe(true);
    expect(buffer.in.sendRetry()).toBe(false);
    const summary = sim.run({ untilPs: sim.nowPs });
    expect(summary.events).toBe(1);
    expect(producer.retries).toEqual([5]);
    // The retry pumped both refused items again; both are refused again (capacity 0).
    sim.run();
    expect(buffer.refusals.value).toBe(4);
  });

  it('throws when a refused sender does not handle refusal', () => {
    const sim = new Simulator();
    const src = new Source(sim, 'src');
    const full = new Buffer(sim, 'full', 0, 1);
    sim.link(src.out, full.in, 1);
    src.out.send(1);
    expect(() => sim.run()).toThrow(KernelError);
    expect(src.out.blocked).toBe(true);
  });
});
