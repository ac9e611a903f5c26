// The chip's off-chip links, used only with weight reloading: tensors parked between segments are
// written out and read back through them. Each direction is one reservation at the links' total
// bandwidth (a transfer is striped over every link; a link's two directions run at once), so
// transfers in one direction queue and are serialized at that bandwidth. Handles no events.
import { Actor, type Counter, type Simulator } from '../../kernel/index.js';
import { Reservation } from '../reservation.js';
import { registerStats, type ComponentDeclaration } from '../declaration.js';
import { offChipTransferPs } from '../../../hw/mapping/offChip.js';

const OFF_CHIP_STATS = {
  outBits: { unit: 'bits', description: 'bits written off chip (parked outputs)' },
  inBits: { unit: 'bits', description: 'bits read back from off chip (parked inputs)' },
  outBusyPs: { unit: 'ps', description: 'outbound links busy time' },
  inBusyPs: { unit: 'ps', description: 'inbound links busy time' },
  outWaitPs: { unit: 'ps', description: 'time write-outs queued for the links' },
  inWaitPs: { unit: 'ps', description: 'time read-backs queued for the links' },
};

export class OffChipLinkActor extends Actor {
  static readonly declaration: ComponentDeclaration<keyof typeof OFF_CHIP_STATS> = {
    kind: 'offChipLink',
    description: 'links to off-chip memory, used with weight reloading: tensors parked between segments go out and come back through them',
    params: ['chip.offChipLinks.count', 'chip.offChipLinks.kind'],
    ports: { out: 'parked outputs of a segment, from the tiles', in: 'parked inputs of the next segment, to the tiles' },
    stats: OFF_CHIP_STATS,
    tracks: {},
  };

  /** Chip to off-chip memory (parking) and back (read-back). */
  readonly out = new Reservation('offChip.out');
  readonly in = new Reservation('offChip.in');
  private readonly stats = registerStats(this, OffChipLinkActor.declaration);
  readonly outBits: Counter = this.stats.outBits;
  readonly inBits: Counter = this.stats.inBits;

  constructor(sim: Simulator, readonly bandwidthBytesPerS: number) {
    super(sim, 'offChip');
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
    this.stats.outBusyPs.value = this.out.busyPs;
    this.stats.inBusyPs.value = this.in.busyPs;
    this.stats.outWaitPs.value = this.out.waitPs;
    this.stats.inWaitPs.value = this.in.waitPs;
  }
}
