// The yardstick of bench:kernel: the smallest event queue of the kernel's shape (actors with named
// ports, a link latency per port, events delivered to a handler object with a kind and a payload,
// all events of one time in one FIFO bin, distinct times in a binary heap), written apart from
// sim/kernel with none of its checks, priorities, retries, stats or trace hooks. The kernel's events
// per CPU-second over this one's, on the same workload in the same process, is the kernel's overhead.

interface MinimalHandler {
  handleEvent(kind: number, payload: unknown): void;
}

/** The events of one time, in arrival order. */
class Bin {
  timePs = 0;
  head = 0;
  readonly handlers: MinimalHandler[] = [];
  readonly kinds: number[] = [];
  readonly payloads: unknown[] = [];
}

export class MinimalSim {
  nowPs = 0;
  private readonly heap: Bin[] = [];
  private readonly binsByTime = new Map<number, Bin>();
  private readonly freeBins: Bin[] = [];

  push(timePs: number, handler: MinimalHandler, kind: number, payload: unknown): void {
    let bin = this.binsByTime.get(timePs);
    if (bin === undefined) {
      bin = this.freeBins.pop() ?? new Bin();
      bin.timePs = timePs;
      this.binsByTime.set(timePs, bin);
      this.heapPush(bin);
    }
    bin.handlers.push(handler);
    bin.kinds.push(kind);
    bin.payloads.push(payload);
  }

  /** Runs at most maxEvents events; returns how many ran. */
  run(maxEvents: number): number {
    let events = 0;
    const heap = this.heap;
    while (events < maxEvents && heap.length > 0) {
      const bin = heap[0];
      this.nowPs = bin.timePs;
      // Events sent at the current time join this bin (it stays in the map until drained).
      while (bin.head < bin.handlers.length && events < maxEvents) {
        const i = bin.head++;
        bin.handlers[i].handleEvent(bin.kinds[i], bin.payloads[i]);
        events++;
      }
      if (bin.head === bin.handlers.length) {
        this.heapPop();
        this.binsByTime.delete(bin.timePs);
        bin.head = 0;
        bin.handlers.length = 0;
        bin.kinds.length = 0;
        bin.payloads.length = 0;
        this.freeBins.push(bin);
      }
    }
    return events;
  }

  private heapPush(bin: Bin): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(bin);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].timePs <= bin.timePs) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = bin;
  }

  private heapPop(): void {
    const heap = this.heap;
    const last = heap.pop() as Bin;
    const n = heap.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && heap[child + 1].timePs < heap[child].timePs) child++;
      if (heap[child].timePs >= last.timePs) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = last;
  }
}

export class MinimalActor {
  eventsHandled = 0;
  constructor(readonly sim: MinimalSim) {}
  receive(_port: MinimalPort, _payload: unknown): void {}
}

export class MinimalPort implements MinimalHandler {
  peer: MinimalPort | null = null;
  latencyPs = 0;
  constructor(readonly owner: MinimalActor) {}

  send(payload: unknown, extraDelayPs = 0): void {
    const sim = this.owner.sim;
    sim.push(sim.nowPs + this.latencyPs + extraDelayPs, this.peer as MinimalPort, 0, payload);
  }

  handleEvent(_kind: number, payload: unknown): void {
    this.owner.eventsHandled++;
    this.owner.receive(this, payload);
  }
}

export function linkMinimal(a: MinimalPort, b: MinimalPort, latencyPs: number): void {
  a.peer = b;
  b.peer = a;
  a.latencyPs = b.latencyPs = latencyPs;
}
