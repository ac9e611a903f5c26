// A tile's shared resources: input-buffer ports, the buffer-to-PE bus, the output buffer and the
// digital unit banks (requantize, activation, pooling, residual add, and the shift-add units that
// merge partial sums of copies spanning PEs or tiles). Every PE and layer on the
// tile competes for them through reservations; the tile itself handles no events.
import { Actor, type Counter, type Simulator } from '../../kernel/index.js';
import type { Arch } from '../../../hw/arch/schema.js';
import { Reservation, ReservationBank } from '../reservation.js';

export type UnitKind = 'requantize' | 'activation' | 'maxPool' | 'avgPool' | 'residualAdd' | 'shiftAdd';

export class TileActor extends Actor {
  static readonly description = {
    params: { bufferPorts: 'input buffer ports', bufferBitsPerCycle: 'bits per port per cycle', busWidthBits: 'bus width, bits', units: 'digital units per kind' },
    stats: ['bufferBusyPs', 'bufferWaitPs', 'busBusyPs', 'busWaitPs', '<unit>BusyPs', '<unit>WaitPs'],
  };

  readonly inputBuffer: ReservationBank;
  readonly outputBuffer: Reservation;
  readonly bus: Reservation;
  readonly units: Record<UnitKind, Reservation>;
  readonly unitCount: Record<UnitKind, number>;
  private readonly stats: Array<[Counter, () => number]> = [];

  constructor(sim: Simulator, readonly index: number, readonly arch: Arch, readonly cyclePs: number) {
    super(sim, `tile${index}`);
    const t = arch.tile;
    this.inputBuffer = new ReservationBank(`${this.name}.inputBuffer`, t.inputBuffer.ports);
    this.outputBuffer = new Reservation(`${this.name}.outputBuffer`);
    this.bus = new Reservation(`${this.name}.bus`);
    const d = t.digital;
    // A kind with no units on the tile is costed as one (the mapping warns about it).
    this.unitCount = {
      requantize: Math.max(1, d.requantize.count), activation: Math.max(1, d.activation.count), maxPool: Math.max(1, d.maxPool.count),
      avgPool: Math.max(1, d.avgPool.count), residualAdd: Math.max(1, d.residualAdd.count), shiftAdd: Math.max(1, d.shiftAdd.count),
    };
    this.units = {
      requantize: new Reservation(`${this.name}.requantize`), activation: new Reservation(`${this.name}.activation`),
      maxPool: new Reservation(`${this.name}.maxPool`), avgPool: new Reservation(`${this.name}.avgPool`), residualAdd: new Reservation(`${this.name}.residualAdd`),
      shiftAdd: new Reservation(`${this.name}.shiftAdd`),
    };
    this.track2('bufferBusyPs', 'input buffer port busy time', () => this.inputBuffer.busyPs);
    this.track2('bufferWaitPs', 'time requests waited for an input buffer port', () => this.inputBuffer.waitPs);
    this.track2('busBusyPs', 'buffer-to-PE bus busy time', () => this.bus.busyPs);
    this.track2('busWaitPs', 'time fetches waited for the bus', () => this.bus.waitPs);
    for (const k of Object.keys(this.units) as UnitKind[]) {
      this.track2(`${k}BusyPs`, `${k} units busy time`, () => this.units[k].busyPs);
      this.track2(`${k}WaitPs`, `time requests waited for ${k} units`, () => this.units[k].waitPs);
    }
  }

  private track2(name: string, description: string, read: () => number): void {
    this.stats.push([this.stat(name, 'ps', description), read]);
  }

  /** Copies reservation totals into the kernel's counters (call once, after the run). */
  publishStats(): void {
    for (const [counter, read] of this.stats) counter.value = read();
  }

  /** Cycles to move `bits` through a port of `widthBits` per cycle, as ps. */
  transferPs(bits: number, widthBits: number): number {
    return Math.ceil(bits / widthBits) * this.cyclePs;
  }

  /** Reserves the input buffer port (and, for a PE fetch, the bus) for `bits`; returns the end time. */
  fetch(nowPs: number, bits: number, viaBus: boolean): { endPs: number; waitPs: number } {
    const bufferPs = this.transferPs(bits, this.arch.tile.inputBuffer.bandwidthBitsPerCycle);
    if (!viaBus) {
      const start = this.inputBuffer.reserve(nowPs, bufferPs);
      return { endPs: start + bufferPs, waitPs: start - nowPs };
    }
    const busPs = this.transferPs(bits, this.arch.tile.bus.widthBits);
    // Buffer read and bus transfer are one streamed path: it starts when both are free.
    const ready = Math.max(nowPs, this.bus.freePs);
    const start = this.inputBuffer.reserve(ready, bufferPs);
    const busStart = this.bus.reserve(start, busPs);
    this.bus.waitPs += ready - nowPs;
    return { endPs: Math.max(start + bufferPs, busStart + busPs), waitPs: busStart - nowPs };
  }

  /** Writes `bits` into the input buffer; returns when the data is readable. */
  write(nowPs: number, bits: number): { readablePs: number; waitPs: number } {
    const durationPs = this.transferPs(bits, this.arch.tile.inputBuffer.bandwidthBitsPerCycle);
    const start = this.inputBuffer.reserve(nowPs, durationPs);
    return { readablePs: start + durationPs, waitPs: start - nowPs };
  }

  /** Moves `bits` of partial sums over the bus into the shift-add units, which add `ops` of them
   *  (one streamed path, as a fetch: it starts when both are free); returns the end time. */
  merge(nowPs: number, bits: number, ops: number): number {
    const busPs = this.transferPs(bits, this.arch.tile.bus.widthBits);
    const addPs = Math.ceil(ops / this.unitCount.shiftAdd) * this.cyclePs;
    const ready = Math.max(nowPs, this.bus.freePs);
    const start = this.units.shiftAdd.reserve(ready, addPs);
    const busStart = this.bus.reserve(start, busPs);
    this.bus.waitPs += ready - nowPs;
    return Math.max(start + addPs, busStart + busPs);
  }

  /** Runs `ops` operations on the tile's bank of `kind` units; returns the end time. */
  unit(kind: UnitKind, nowPs: number, ops: number): number {
    const durationPs = Math.ceil(ops / this.unitCount[kind]) * this.cyclePs;
    return this.units[kind].reserve(nowPs, durationPs) + durationPs;
  }
}
