// A tile's shared resources: input-buffer ports, the buffer-to-PE bus, the output buffer and the
// digital unit banks (requantize, activation, pooling, residual add, and the shift-add units that
// merge partial sums of copies spanning PEs or tiles). Every PE and layer on the
// tile competes for them through reservations; the tile itself handles no events.
import { Actor, type Simulator } from '../../kernel/index.js';
import { registerStats, type ComponentDeclaration, type StatDeclaration } from '../declaration.js';
import type { Arch } from '../../../hw/arch/schema.js';
import { Reservation, ReservationBank, reserveTogether } from '../reservation.js';
import { commonStartPs } from '../../../hw/ppa/calendar.js';

export type UnitKind = 'requantize' | 'activation' | 'maxPool' | 'avgPool' | 'residualAdd' | 'shiftAdd';
const UNIT_KINDS: readonly UnitKind[] = ['requantize', 'activation', 'maxPool', 'avgPool', 'residualAdd', 'shiftAdd'];

type TileStat = 'bufferBusyPs' | 'bufferWaitPs' | 'busBusyPs' | 'busWaitPs' | `${UnitKind}BusyPs` | `${UnitKind}WaitPs`;

function tileStats(): Record<TileStat, StatDeclaration> {
  const stats: Partial<Record<TileStat, StatDeclaration>> = {
    bufferBusyPs: { unit: 'ps', description: 'input buffer port busy time' },
    bufferWaitPs: { unit: 'ps', description: 'time requests waited for an input buffer port' },
    busBusyPs: { unit: 'ps', description: 'buffer-to-PE bus busy time' },
    busWaitPs: { unit: 'ps', description: 'time fetches waited for the bus' },
  };
  for (const k of UNIT_KINDS) {
    stats[`${k}BusyPs`] = { unit: 'ps', description: `${k} units busy time` };
    stats[`${k}WaitPs`] = { unit: 'ps', description: `time requests waited for ${k} units` };
  }
  return stats as Record<TileStat, StatDeclaration>;
}

const BUFFER: ComponentDeclaration = {
  kind: 'buffer',
  description: 'a tile buffer (eDRAM or SRAM): the input buffer holds line buffers of the layers on the tile, the output buffer packets not yet ejected, each sending layer within an equal share of it',
  params: ['tile.inputBuffer.sizeBytes', 'tile.inputBuffer.ports', 'tile.inputBuffer.bandwidthBitsPerCycle', 'tile.outputBuffer.sizeBytes', 'tile.outputBuffer.bandwidthBitsPerCycle'],
  ports: { write: 'arriving activations', read: 'windows to the bus', credit: 'space given back when a row leaves' },
  stats: {},
  tracks: { 'input buffer port N': 'one slice per read or write', 'output buffer': 'one slice per result written', 'input buffer occupancy': 'counter, bytes' },
};

const BUS: ComponentDeclaration = {
  kind: 'bus',
  description: 'the buffer-to-PE bus of a tile: windows to the PEs and partial sums between them',
  params: ['tile.bus.widthBits'],
  ports: { buffer: 'from the input buffer', pes: 'to and from the PEs', shiftAdd: 'into the tile\'s shift-add units' },
  stats: {},
  tracks: { bus: 'one slice per transfer' },
};

const DIGITAL_UNITS: ComponentDeclaration = {
  kind: 'digitalUnits',
  description: 'a tile\'s banks of digital units: requantizers, activation, max/avg pooling, residual adders and shift-adders merging PE partial sums',
  params: UNIT_KINDS.map((k) => `tile.digital.${k}.count`),
  ports: { in: 'partial sums or activations from the bus', out: 'int8 results to the output buffer or NoC' },
  stats: {},
  tracks: { '{requantize|activation|maxPool|avgPool|residualAdd|shiftAdd} units': 'one slice per operation batch' },
};

export class TileActor extends Actor {
  static readonly declaration: ComponentDeclaration<TileStat> = {
    kind: 'tile',
    description: 'a tile: its PEs, input and output buffers, buffer-to-PE bus and digital units; every layer on it competes for them by reservation',
    params: ['tile.peCount'],
    ports: { noc: 'packets in and out through its router' },
    stats: tileStats(),
    tracks: { 'tile N': 'one slice per pixel computed on one of its lanes' },
    parts: [BUFFER, BUS, DIGITAL_UNITS],
  };

  readonly inputBuffer: ReservationBank;
  readonly outputBuffer: Reservation;
  readonly bus: Reservation;
  readonly units: Record<UnitKind, Reservation>;
  readonly unitCount: Record<UnitKind, number>;
  private readonly stats = registerStats(this, TileActor.declaration);

  constructor(sim: Simulator, readonly index: number, readonly arch: Arch, readonly cyclePs: number) {
    super(sim, `tile${index}`);
    const t = arch.tile;
    // The input buffer's ports run on the simulator's clock: a write or a unit's fetch uses the
    // idle gap a fetch over the bus leaves before it (booked for when the bus is free too) instead
    // of queueing behind it. Queued behind such gaps, tile 2 of vgg11 on the default chip kept its
    // port booked ~1 us ahead while 18% busy, and its max pool waited on it. (The bus, output
    // buffer and unit banks on the clock too moved vgg16 at 32 on the default chip +9.8% -> +14.4%
    // and resnet18 at 64 +0.1% -> -5.3%, with a change since reverted; not traced, not kept.)
    this.inputBuffer = new ReservationBank(`${this.name}.inputBuffer`, t.inputBuffer.ports, () => sim.nowPs);
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
      maxPool: new Reservation(`${this.name}.maxPool`), avgPool: new Reservation(`${this.name}.avgPool`),
      residualAdd: new Reservation(`${this.name}.residualAdd`), shiftAdd: new Reservation(`${this.name}.shiftAdd`),
    };
  }

  /** Copies reservation totals into the kernel's counters (call once, after the run). */
  /** Busy time of the tile's busiest shared resource (an input-buffer port, the bus, the output
   *  buffer, a bank of digital units), ps. */
  busiestPs(): number {
    const ports = this.inputBuffer.units.length;
    return Math.max(this.inputBuffer.busyPs / ports, this.bus.busyPs, this.outputBuffer.busyPs, ...Object.values(this.units).map((u) => u.busyPs));
  }

  publishStats(): void {
    const s = this.stats;
    s.bufferBusyPs.value = this.inputBuffer.busyPs;
    s.bufferWaitPs.value = this.inputBuffer.waitPs;
    s.busBusyPs.value = this.bus.busyPs;
    s.busWaitPs.value = this.bus.waitPs;
    for (const k of UNIT_KINDS) {
      s[`${k}BusyPs`].value = this.units[k].busyPs;
      s[`${k}WaitPs`].value = this.units[k].waitPs;
    }
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
    const start = this.inputBuffer.reserveWith(nowPs, bufferPs, [[this.bus, busPs]]);
    return { endPs: start + Math.max(bufferPs, busPs), waitPs: start - nowPs };
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
    const uses = [[this.units.shiftAdd, addPs], [this.bus, busPs]] as const;
    const start = reserveTogether(commonStartPs(nowPs, uses), nowPs, uses);
    return start + Math.max(addPs, busPs);
  }

  /** Runs `ops` operations on the tile's bank of `kind` units; returns the end time. */
  unit(kind: UnitKind, nowPs: number, ops: number): number {
    const durationPs = Math.ceil(ops / this.unitCount[kind]) * this.cyclePs;
    return this.units[kind].reserve(nowPs, durationPs) + durationPs;
  }
}
