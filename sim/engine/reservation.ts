// A shared resource arbitrated by reservation: requests are served in the order they are made
// (event order, hence deterministic), each one starting when the resource is next free. Callers
// reserve at the simulated time they need the resource, never ahead, so request order is time order.
export class Reservation {
  /** First time the resource is free, ps. */
  freePs = 0;
  busyPs = 0;
  waitPs = 0;
  uses = 0;
  /** Set by the trace hooks (traceHooks.ts) to see each use; null when not tracing. */
  onReserve: ((startPs: number, durationPs: number) => void) | null = null;

  constructor(readonly name: string) {}

  /** Reserves `durationPs` from the first free time at or after `nowPs`; returns the start, ps. */
  reserve(nowPs: number, durationPs: number): number {
    const startPs = nowPs > this.freePs ? nowPs : this.freePs;
    this.waitPs += startPs - nowPs;
    this.busyPs += durationPs;
    this.freePs = startPs + durationPs;
    this.uses++;
    if (this.onReserve !== null) this.onReserve(startPs, durationPs);
    return startPs;
  }
}

/** `ports` identical reservations; a request takes the one free earliest (lowest index on ties). */
export class ReservationBank {
  readonly units: Reservation[];

  constructor(name: string, ports: number) {
    this.units = Array.from({ length: Math.max(1, ports) }, (_, i) => new Reservation(`${name}${i}`));
  }

  reserve(nowPs: number, durationPs: number): number {
    let best = this.units[0];
    for (const u of this.units) if (u.freePs < best.freePs) best = u;
    return best.reserve(nowPs, durationPs);
  }

  get busyPs(): number {
    return this.units.reduce((s, u) => s + u.busyPs, 0);
  }

  get waitPs(): number {
    return this.units.reduce((s, u) => s + u.waitPs, 0);
  }
}
