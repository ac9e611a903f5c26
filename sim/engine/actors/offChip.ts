// The chip's off-chip links, used only with weight reloading: tensors parked between segments are
// written out and read back through them. Each direction is one reservation at the links' total
// bandwidth (a transfer is striped over every link; a link's two directions run at once), so
// transfers in one direction queue and are serialized at that bandwidth. Handles no events.
import { Actor, type Counter, type Simulator } from '../../kernel/index.js';
import { Reservation } from '../reservation.js';
import { offChipTransferPs } from '../../../hw/mapping/offChip.js';

export class OffChipLinkActor extends Actor {
  static readonly description = {
    params: { bandwidthBytesPerS: 'all links together, each direction, bytes/s' },
    stats: ['outBits', 'inBits', 'outBusyPs', 'inBusyPs', 'outWaitPs', 'inWaitPs'],
  };

  /** Chip to off-chip memory (parking) and back (read-back). */
  readonly out = new Reservation('offChip.out');
  readonly in = new Reservation('offChip.in');
  readonly outBits: Counter;
  readonly inBits: Counter;
  private readonly busy: Array<[Counter, () => number]> = [];

  constructor(sim: Simulator, readonly bandwidthBytesPerS: number) {
    super(sim, 'offChip');
    this.outBits = this.stat('outBits', 'bits', 'bits written off chip (parked outputs)');
    this.inBits = this.stat('inBits', 'bits', 'bits read back from off chip (parked inputs)');
    this.busy.push([this.stat('outBusyPs', 'ps', 'outbound links busy time'), () => this.out.busyPs]);
    this.busy.push([this.stat('inBusyPs', 'ps', 'inbound links busy time'), () => this.in.busyPs]);
    this.busy.push([this.stat('outWaitPs', 'ps', 'time write-outs queued for the links'), () => this.out.waitPs]);
    this.busy.push([this.stat('inWaitPs', 'ps', 'time read-backs queued for the links'), () => this.in.waitPs]);
  }

  /** Serialization time of `bits` at the links' bandwidth, whole ps (the model's formula). */
  transferPs(bits: number): number {
    return offChipTransferPs(bits, this.bandwidthBytesPerS);
  }

  /** Writes `bits` out from `readyPs` (queued behind earlier write-outs); returns when done, ps. */
  writeOut(readyPs: number, bits: number): number {
    this.outBits.add(bits);
    const ps = this.transferPs(bits);
    return this.out.reserve(readyPs, ps) + ps;
  }

  /** Reads `bits` back from `nowPs` (queued behind earlier read-backs); returns when they are on chip, ps. */
  readBack(nowPs: number, bits: number): number {
    this.inBits.add(bits);
    const ps = this.transferPs(bits);
    return this.in.reserve(nowPs, ps) + ps;
  }

  /** Copies reservation totals into the kernel's counters (call once, after the run). */
  publishStats(): void {
    for (const [counter, read] of this.busy) counter.value = read();
  }
}
