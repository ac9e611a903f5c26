import { describe, expect, it } from 'vitest';
import { Actor, KernelError, MAX_TIME_PS, Simulator } from '../../../sim/kernel/index.js';

/** Records every self-event it gets as [time, kind]. */
class Recorder extends Actor {
  readonly log: Array<[number, number]> = [];
  override onEvent(kind: number): void {
    this.log.push([this.sim.nowPs, kind]);
  }
}

describe('Simulator: ordering', () => {
  it('fires events by time, then priority (lower first), then scheduling order', () => {
    const sim = new Simulator();
    const r = new Recorder(sim, 'r');
    r.schedule(20, 1);
    r.schedule(10, 2, undefined, 5);
    r.schedule(10, 3, undefined, 0);
    r.schedule(10, 4, undefined, 5);
    r.schedule(10, 5, undefined, -1);
    r.scheduleAt(10, 6);
    r.schedule(0, 7);
    sim.run();
    expect(r.log).toEqual([[0, 7], [10, 5], [10, 3], [10, 6], [10, 2], [10, 4], [20, 1]]);
  });

  it('gives identical order for ties across runs (deterministic, not heap-order dependent)', () => {
    const orders = [0, 1].map(() => {
      const sim = new Simulator();
      const r = new Recorder(sim, 'r');
      for (let k = 0; k < 200; k++) r.schedule((k * 37) % 5, k, undefined, k % 3);
      sim.run();
      return r.log.map(([, k]) => k);
    });
    expect(orders[0]).toEqual(orders[1]);
    // Within a time, priority then sequence: check the first time bin explicitly.
    const atZero = orders[0].filter((k) => (k * 37) % 5 === 0);
    const expected = [...atZero].sort((a, b) => (a % 3) - (b % 3) || a - b);
    expect(atZero).toEqual(expected);
  });

  it('runs zero-delay chains at the same time, after events already queued for that time', () => {
    const sim = new Simulator();
    const seen: string[] = [];
    sim.call(5, () => {
      seen.push('a');
      sim.call(0, () => seen.push('c'));
    });
    sim.call(5, () => seen.push('b'));
    sim.run();
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(sim.nowPs).toBe(5);
  });
});

describe('Simulator: run, stop, untilPs, maxEvents', () => {
  function ticking(): { sim: Simulator; r: Recorder } {
    const sim = new Simulator();
    const r = new Recorder(sim, 'r');
    for (let t = 0; t < 10; t++) r.scheduleAt(t * 100, t);
    return { sim, r };
  }

  it('runs until the queue is empty', () => {
    const { sim, r } = ticking();
    expect(sim.run()).toEqual({ events: 10, nowPs: 900, reason: 'empty', pendingEvents: 0 });
    expect(r.log).toHaveLength(10);
    expect(sim.eventsProcessed).toBe(10);
  });

  it('processes events at times <= untilPs, then sets the time to untilPs, and resumes', () => {
    const { sim, r } = ticking();
    expect(sim.run({ untilPs: 300 })).toEqual({ events: 4, nowPs: 300, reason: 'until', pendingEvents: 6 });
    expect(sim.run({ untilPs: 450 })).toEqual({ events: 1, nowPs: 450, reason: 'until', pendingEvents: 5 });
    expect(sim.run()).toMatchObject({ events: 5, nowPs: 900, reason: 'empty' });
    expect(r.log.map(([t]) => t)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
  });

  it('advances to untilPs when the events run out before it', () => {
    const { sim } = ticking();
    expect(sim.run({ untilPs: 5000 })).toEqual({ events: 10, nowPs: 5000, reason: 'empty', pendingEvents: 0 });
  });

  it('stops after maxEvents events and resumes where it stopped', () => {
    const { sim, r } = ticking();
    expect(sim.run({ maxEvents: 3 })).toEqual({ events: 3, nowPs: 200, reason: 'maxEvents', pendingEvents: 7 });
    expect(sim.run({ maxEvents: 0 })).toMatchObject({ events: 0, reason: 'maxEvents' });
    sim.run();
    expect(r.log.map(([, k]) => k)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('stops after the event that called stop(), keeping the rest queued (also mid-bin)', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      sim.call(10, () => {
        seen.push(i);
        if (i === 2) sim.stop();
      });
    }
    expect(sim.run()).toEqual({ events: 3, nowPs: 10, reason: 'stopped', pendingEvents: 2 });
    expect(seen).toEqual([0, 1, 2]);
    expect(sim.run()).toMatchObject({ events: 2, reason: 'empty' });
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('forbids run() from inside a handler', () => {
    const sim = new Simulator();
    sim.call(1, () => sim.run());
    expect(() => sim.run()).toThrow(/inside a running simulation/);
    expect(sim.isRunning).toBe(false);
  });
});

describe('Simulator: bad times and scheduling in the past', () => {
  it.each([Number.NaN, Infinity, 1.5, -0.5, MAX_TIME_PS + 1])('rejects the delay %s', (delayPs) => {
    const sim = new Simulator();
    const r = new Recorder(sim, 'pe7');
    expect(() => r.schedule(delayPs)).toThrow(KernelError);
    expect(() => r.schedule(delayPs)).toThrow(/actor "pe7"/);
    expect(sim.pendingEvents).toBe(0);
  });

  it('reports scheduling in the past with the actor, the time and now', () => {
    const sim = new Simulator();
    const r = new Recorder(sim, 'adc3');
    r.scheduleAt(2000, 0);
    sim.run();
    expect(() => r.scheduleAt(1500, 1)).toThrow('actor "adc3" scheduled an event at 1500 ps (1.5 ns), in the past: now is 2000 ps (2 ns)');
    expect(() => r.schedule(-1, 1)).toThrow('actor "adc3" scheduled an event at 1999 ps (1.999 ns), in the past: now is 2000 ps (2 ns)');
  });

  it('rejects times beyond MAX_SAFE_INTEGER reached by a delay', () => {
    const sim = new Simulator();
    const r = new Recorder(sim, 'r');
    r.scheduleAt(MAX_TIME_PS - 10, 0);
    sim.run();
    expect(() => r.schedule(11)).toThrow(/beyond Number.MAX_SAFE_INTEGER/);
    r.schedule(10);
    expect(sim.run().nowPs).toBe(MAX_TIME_PS);
  });

  it('rejects bad priorities, run options and duplicate actor names', () => {
    const sim = new Simulator();
    const r = new Recorder(sim, 'r');
    expect(() => r.schedule(1, 0, undefined, 0.5)).toThrow(/priority/);
    expect(() => sim.run({ untilPs: -1 })).toThrow(/untilPs.*negative/);
    expect(() => sim.run({ maxEvents: 1.5 })).toThrow(/maxEvents/);
    expect(() => new Recorder(sim, 'r')).toThrow(/two actors are named "r"/);
    r.schedule(10);
    sim.run();
    expect(() => sim.run({ untilPs: 5 })).toThrow(/before the current time/);
  });

  it('throws when an actor gets an event it does not handle', () => {
    const sim = new Simulator();
    const plain = new Actor(sim, 'plain');
    plain.schedule(1, 42);
    expect(() => sim.run()).toThrow(/actor "plain" got a self-event of kind 42 but does not override onEvent/);
  });
});
