import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Actor, type Port, Random, Simulator } from '../../../sim/kernel/index.js';

interface Token {
  id: number;
  hopsLeft: number;
  /** When the sender expects it to arrive: send time + extra delay + link latency. */
  expectedPs: number;
}

type LogEntry = [timePs: number, actor: string, port: string, tokenId: number, hopsLeft: number];

/** Forwards each token to a pseudo-randomly chosen port, sometimes after a self-scheduled pause. */
class Node extends Actor {
  private readonly rng: Random;
  private readonly outs: Port[] = [];

  constructor(sim: Simulator, name: string, seed: number, private readonly log: LogEntry[]) {
    super(sim, name);
    this.rng = new Random(seed);
  }

  addPort(name: string): Port {
    const port = this.definePort(name);
    this.outs.push(port);
    return port;
  }

  override receive(port: Port, payload: unknown): boolean {
    const token = payload as Token;
    expect(this.sim.nowPs).toBe(token.expectedPs);
    this.log.push([this.sim.nowPs, this.name, port.name, token.id, token.hopsLeft]);
    if (token.hopsLeft > 0) {
      if (this.rng.next() < 0.2) this.schedule(this.rng.int(0, 30), 0, token, this.rng.int(-1, 1));
      else this.forward(token);
    }
    return true;
  }

  override onEvent(_kind: number, payload: unknown): void {
    this.forward(payload as Token);
  }

  forward(token: Token): void {
    const out = this.outs[this.rng.int(0, this.outs.length - 1)];
    const extraPs = this.rng.next() < 0.5 ? 0 : this.rng.int(0, 20);
    out.send({ id: token.id, hopsLeft: token.hopsLeft - 1, expectedPs: this.sim.nowPs + extraPs + out.latencyPs }, extraPs);
  }
}

const graphSpec = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  actors: fc.integer({ min: 1, max: 8 }),
  links: fc.array(fc.record({ from: fc.nat(), to: fc.nat(), latencyPs: fc.integer({ min: 0, max: 50 }) }), { minLength: 1, maxLength: 16 }),
  tokens: fc.array(fc.record({ at: fc.nat(), hops: fc.integer({ min: 0, max: 40 }) }), { minLength: 1, maxLength: 12 }),
});

type GraphSpec = typeof graphSpec extends fc.Arbitrary<infer T> ? T : never;

function simulate(spec: GraphSpec): { log: LogEntry[]; events: number; nowPs: number } {
  const sim = new Simulator();
  const log: LogEntry[] = [];
  const nodes = Array.from({ length: spec.actors }, (_, i) => new Node(sim, `n${i}`, spec.seed + i, log));
  spec.links.forEach((l, i) => {
    // Both ends get a port; a link from an actor to itself uses two ports of that actor.
    sim.link(nodes[l.from % spec.actors].addPort(`l${i}a`), nodes[l.to % spec.actors].addPort(`l${i}b`), l.latencyPs);
  });
  // An actor without links cannot hold a token; start tokens on actors that have ports.
  const linked = nodes.filter((n) => n.ports.length > 0);
  spec.tokens.forEach((t, id) => linked[t.at % linked.length].forward({ id, hopsLeft: t.hops + 1, expectedPs: 0 }));
  const summary = sim.run();
  expect(summary.reason).toBe('empty');
  return { log, events: summary.events, nowPs: summary.nowPs };
}

describe('properties of random actor graphs', () => {
  it('deliver every message at send time + delay + latency, in non-decreasing time, losing none', () => {
    fc.assert(
      fc.property(graphSpec, (spec) => {
        const { log } = simulate(spec);
        for (let i = 1; i < log.length; i++) expect(log[i][0]).toBeGreaterThanOrEqual(log[i - 1][0]);
        // Every token is delivered once per hop: hops + 1 deliveries in total.
        const expected = spec.tokens.reduce((sum, t) => sum + t.hops + 1, 0);
        expect(log).toHaveLength(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('give the identical event sequence for the same seed', () => {
    fc.assert(
      fc.property(graphSpec, (spec) => {
        const first = simulate(spec);
        const second = simulate(spec);
        expect(second).toEqual(first);
      }),
      { numRuns: 100 },
    );
  });

  it('fire events scheduled up front exactly in (time, priority, scheduling order) order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ timePs: fc.integer({ min: 0, max: 20 }), priority: fc.integer({ min: -3, max: 3 }) }), { maxLength: 200 }),
        (schedule) => {
          const sim = new Simulator();
          const fired: number[] = [];
          const actor = new (class extends Actor {
            override onEvent(kind: number): void {
              fired.push(kind);
            }
          })(sim, 'a');
          schedule.forEach((e, i) => actor.scheduleAt(e.timePs, i, undefined, e.priority));
          sim.run();
          const expected = schedule
            .map((e, i) => ({ ...e, i }))
            .sort((a, b) => a.timePs - b.timePs || a.priority - b.priority || a.i - b.i)
            .map((e) => e.i);
          expect(fired).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
