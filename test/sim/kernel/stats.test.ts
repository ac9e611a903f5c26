import { describe, expect, it } from 'vitest';
import { Actor, type Port, Simulator } from '../../../sim/kernel/index.js';

class Crossbar extends Actor {
  readonly in = this.definePort('in');
  readonly conversions = this.stat('adcConversions', 'count', 'ADC conversions');
  readonly energy = this.stat('energy', 'pJ', 'dynamic energy');

  override receive(_port: Port, payload: unknown): boolean {
    this.conversions.add(payload as number);
    this.energy.add(0.5 * (payload as number));
    return true;
  }
}

describe('statistics', () => {
  it('lists counters with owner, unit and description, then per-actor event counts', () => {
    const sim = new Simulator();
    const xbar = new Crossbar(sim, 'xbar0');
    const driver = new (class extends Actor {
      readonly out = this.definePort('out');
    })(sim, 'driver');
    sim.link(driver.out, xbar.in, 10);
    driver.out.send(128);
    driver.out.send(64);
    sim.run();
    expect(sim.stats()).toEqual([
      { name: 'xbar0.adcConversions', owner: 'xbar0', stat: 'adcConversions', unit: 'count', description: 'ADC conversions', value: 192 },
      { name: 'xbar0.energy', owner: 'xbar0', stat: 'energy', unit: 'pJ', description: 'dynamic energy', value: 96 },
      expect.objectContaining({ name: 'xbar0.events', unit: 'count', value: 2 }),
      expect.objectContaining({ name: 'driver.events', unit: 'count', value: 0 }),
    ]);
    expect(sim.eventsProcessed).toBe(2);
  });

  it('refuses a statistic registered twice for one actor', () => {
    const sim = new Simulator();
    const a = new Actor(sim, 'a');
    a.stat('reads', 'count', 'reads');
    expect(() => a.stat('reads', 'count', 'again')).toThrow('statistic "a.reads" is registered twice');
    new Actor(sim, 'b').stat('reads', 'count', 'same name, other actor');
    expect(sim.stats().filter((s) => s.stat === 'reads')).toHaveLength(2);
  });
});
