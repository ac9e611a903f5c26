// A hash map from an integer time (ps) to an int32 id, for the event queue's open bins: open
// addressing with linear probing on typed arrays, grown to stay at most half full.
//
// Why not a Map from time to bin: with ~4,000 distinct pending times (arbitrary-ps latencies) every event
// opens, finds and closes a bin, and Map's set/get/delete cost ~25 ns each, most of the per-event
// budget. Why not the direct-mapped table this replaces: at one pending time per slot about a
// third of the times collide and fell back to such a Map.

/** Marks an empty slot; never a valid time, since times are non-negative. */
const EMPTY = -1;

/** What get() returns for a time that is not in the table. */
export const ABSENT = -1;

export class TimeTable {
  private keys: Float64Array;
  private ids: Int32Array;
  private mask: number;
  /** Fibonacci hashing keeps the top bits of a 32-bit product: shift = 32 - log2(capacity). */
  private shift: number;
  /** Number of keys stored. */
  size = 0;

  /** `initialBits`: log2 of the starting capacity; the table doubles whenever it would be over half full. */
  constructor(initialBits: number) {
    if (!Number.isInteger(initialBits) || initialBits < 1 || initialBits > 24) {
      throw new RangeError(`initialBits must be 1..24, got ${initialBits}`);
    }
    this.keys = new Float64Array(1 << initialBits).fill(EMPTY);
    this.ids = new Int32Array(1 << initialBits);
    this.mask = (1 << initialBits) - 1;
    this.shift = 32 - initialBits;
  }

  get capacity(): number {
    return this.mask + 1;
  }

  /** Home slot of a time; `| 0` keeps its low 32 bits exactly for any safe integer. */
  private home(timePs: number): number {
    return Math.imul(timePs | 0, 0x9e3779b1) >>> this.shift;
  }

  /** The id stored under timePs, or ABSENT. */
  get(timePs: number): number {
    let i = this.home(timePs);
    // The first probe hits for nearly every lookup of a clocked design; keep it outside the loop.
    if (this.keys[i] === timePs) return this.ids[i];
    const keys = this.keys;
    const mask = this.mask;
    for (;;) {
      const key = keys[i];
      if (key === timePs) return this.ids[i];
      if (key === EMPTY) return ABSENT;
      i = (i + 1) & mask;
    }
  }

  /** Stores an id under a time that is not in the table (the caller has just missed it with get). */
  insert(timePs: number, id: number): void {
    if ((this.size + 1) * 2 > this.capacity) this.grow();
    const keys = this.keys;
    const mask = this.mask;
    let i = this.home(timePs);
    while (keys[i] !== EMPTY) i = (i + 1) & mask;
    keys[i] = timePs;
    this.ids[i] = id;
    this.size++;
  }

  /** Removes a time (no-op when absent), shifting later entries of its probe run back so no tombstones accrue. */
  delete(timePs: number): void {
    const keys = this.keys;
    const ids = this.ids;
    const mask = this.mask;
    let i = this.home(timePs);
    for (;;) {
      const key = keys[i];
      if (key === timePs) break;
      if (key === EMPTY) return;
      i = (i + 1) & mask;
    }
    this.size--;
    // Backward-shift deletion: an entry after the hole moves into it unless its home lies
    // cyclically in (hole, entry], where the hole would not be on its probe path.
    let hole = i;
    for (;;) {
      i = (i + 1) & mask;
      const key = keys[i];
      if (key === EMPTY) break;
      const home = this.home(key);
      if (((i - home) & mask) < ((i - hole) & mask)) continue;
      keys[hole] = key;
      ids[hole] = ids[i];
      hole = i;
    }
    keys[hole] = EMPTY;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldIds = this.ids;
    const capacity = oldKeys.length * 2;
    if (capacity > 1 << 30) throw new RangeError('TimeTable cannot grow beyond 2^30 slots');
    this.keys = new Float64Array(capacity).fill(EMPTY);
    this.ids = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.shift--;
    this.size = 0;
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] !== EMPTY) this.insert(oldKeys[i], oldIds[i]);
    }
  }
}
