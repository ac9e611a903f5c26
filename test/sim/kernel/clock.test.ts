import { describe, expect, it } from 'vitest';
import { Actor, type Port, Simulator } from '../../../sim/kernel/index.js';

/** Processes one queued job per cycle of a 1 ns clock, sleeping when the queue is empty. */
class Worker extends Actor {
  readonly in = this.definePort('in');
  readonly ticks: Array<[number, number]> = [];
  readonly done: number[] = [];
  private readonly jobs: number[] = [];
  readonly ticker = this.clocked(this.sim.clock(1_000), (cycle) => this.step(cycle));

  override receive(_port: Port, payload: unknown): boolean {
    this.jobs.push(payload as number);
    this.ticker.wake();
    return true;
  }

  private step(cycle: number): boolean {
    this.ticks.push([this.sim.nowPs, cycle]);
    const job = this.jobs.shift();
    if (job !== undefined) this.done.push(job);
    return this.jobs.length > 0;
  }
}

class Feeder extends Actor {
  readonly out = this.definePort('out');
}

function setup(): { sim: Simulator; feeder: Feeder; worker: Worker } {
  const sim = new Simulator();
  const feeder = new Feeder(sim, 'feeder');
  const worker = new Worker(sim, 'worker');
  sim.link(feeder.out, worker.in, 0);
  return { sim, feeder, worker };
}

describe('Clock: actors are ticked only while they have work', () => {
  it('an idle clocked actor costs no events at all', () => {
    const { sim, worker } = setup();
    expect(sim.run({ untilPs: 1_000_000 })).toEqual({ events: 0, nowPs: 1_000_000, reason: 'empty', pendingEvents: 0 });
    expect(worker.ticks).toEqual([]);
    expect(sim.clock(1_000).edges).toBe(0);
  });

  it('wakes on the first edge after the work arrives, ticks while busy, then sleeps', () => {
    const { sim, feeder, worker } = setup();
    sim.call(2_500, () => {
      for (const j of [1, 2, 3]) feeder.out.send(j);
    });
    const summary = sim.run({ untilPs: 100_000 });
    expect(worker.ticks).toEqual([[3_000, 3], [4_000, 4], [5_000, 5]]);
    expect(worker.done).toEqual([1, 2, 3]);
    // 1 callback + 3 deliveries + 3 clock edges: no events between 5 ns and 100 ns.
    expect(summary.events).toBe(7);
    expect(worker.ticker.active).toBe(false);
  });

  it('aligns a re-registration to the next edge strictly after now, even at an edge', () => {
    const { sim, feeder, worker } = setup();
    sim.call(7_000, () => feeder.out.send(1)); // exactly on an edge: first tick at 8 ns
    sim.call(20_001, () => feeder.out.send(2)); // just after an edge: first tick at 21 ns
    sim.run();
    expect(worker.ticks.map(([t]) => t)).toEqual([8_000, 21_000]);
    expect(worker.ticks.map(([, c]) => c)).toEqual([8, 21]);
  });

  it('keeps a handler that returned false when it was woken during its own tick', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    const actor = new Actor(sim, 'self-waking');
    let budget = 3;
    const ticker = actor.clocked(sim.clock(10), (cycle) => {
      seen.push(cycle);
      if (--budget > 0) ticker.wake(); // "new work arrived" during the tick
      return false;
    });
    ticker.wake();
    sim.run();
    expect(seen).toEqual([1, 2, 3]);
  });

  it('ticks several actors on one shared clock event per edge, in registration order', () => {
    const sim = new Simulator();
    const order: string[] = [];
    const clock = sim.clock(100);
    expect(sim.clock(100)).toBe(clock);
    const make = (name: string, cycles: number) => {
      let left = cycles;
      const actor = new Actor(sim, name);
      return actor.clocked(clock, (cycle) => {
        order.push(`${name}@${cycle}`);
        return --left > 0;
      });
    };
    const b = make('b', 1);
    const a = make('a', 3);
    b.wake();
    a.wake();
    a.wake(); // idempotent while registered
    const summary = sim.run();
    expect(order).toEqual(['b@1', 'a@1', 'a@2', 'a@3']);
    expect(summary.events).toBe(3);
    expect(clock.edges).toBe(3);
    expect(sim.actor('a').eventsHandled).toBe(3);
  });

  it('does not tick at the current edge a handler registered before that edge fired', () => {
    const sim = new Simulator();
    const clock = sim.clock(100, 1); // fires after priority-0 events of the same time
    const ticks: string[] = [];
    const x = new Actor(sim, 'x');
    const y = new Actor(sim, 'y');
    const tx = x.clocked(clock, (c) => (ticks.push(`x@${c}`), c < 2));
    const ty = y.clocked(clock, (c) => (ticks.push(`y@${c}`), false));
    tx.wake();
    sim.call(100, () => ty.wake()); // at edge 100, before the clock event of that time
    sim.run();
    expect(ticks).toEqual(['x@1', 'x@2', 'y@2']);
  });

  it('rejects a zero or fractional period', () => {
    const sim = new Simulator();
    expect(() => sim.clock(0)).toThrow(/positive/);
    expect(() => sim.clock(2.5)).toThrow(/periodPs.*not an integer/);
  });
});
