// Named statistics with a unit and a description (as gem5 registers them), owned by actors and
// listed by the simulator for reports.
import { KernelError } from './errors.js';

/** A counter an actor increments; plain field access so updating it in a hot path is one add. */
export class Counter {
  value = 0;

  constructor(
    readonly name: string,
    readonly unit: string,
    readonly description: string,
  ) {}

  add(amount = 1): void {
    this.value += amount;
  }
}

/** One statistic as listed for a report: `name` is `<owner>.<stat>`. */
export interface StatEntry {
  readonly name: string;
  readonly owner: string;
  readonly stat: string;
  readonly unit: string;
  readonly description: string;
  readonly value: number;
}

/** All counters of one simulation, in registration order. */
export class StatRegistry {
  private readonly counters = new Map<string, { owner: string; counter: Counter }>();

  register(owner: string, name: string, unit: string, description: string): Counter {
    if (name.length === 0) throw new KernelError(`a statistic of "${owner}" has an empty name`);
    const fullName = `${owner}.${name}`;
    if (this.counters.has(fullName)) throw new KernelError(`statistic "${fullName}" is registered twice`);
    const counter = new Counter(name, unit, description);
    this.counters.set(fullName, { owner, counter });
    return counter;
  }

  list(): StatEntry[] {
    const entries: StatEntry[] = [];
    for (const [name, { owner, counter }] of this.counters) {
      entries.push({
        name,
        owner,
        stat: counter.name,
        unit: counter.unit,
        description: counter.description,
        value: counter.value,
      });
    }
    return entries;
  }
}
