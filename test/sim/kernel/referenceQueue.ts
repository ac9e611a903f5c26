// A deliberately naive event queue for tests: a sorted array of (time, priority, sequence), the
// specification the binned EventQueue must match.
export interface ReferenceEvent {
  timePs: number;
  priority: number;
  sequence: number;
  kind: number;
}

export class ReferenceQueue {
  private readonly events: ReferenceEvent[] = [];
  private sequence = 0;

  push(timePs: number, priority: number, kind: number): void {
    this.events.push({ timePs, priority, sequence: this.sequence++, kind });
    this.events.sort((a, b) => a.timePs - b.timePs || a.priority - b.priority || a.sequence - b.sequence);
  }

  shift(): ReferenceEvent | undefined {
    return this.events.shift();
  }

  get size(): number {
    return this.events.length;
  }
}
