// A layer's finished pixels on their way out, under credit (credits.ts): each pixel goes to every
// band of every consumer that reads its row, as a local write or a NoC packet. A delivery is sent
// only when the consumer's line buffer and, for a packet, the sender's tile output buffer have
// room; until then the lane holds the pixel, and the layer retries when credit comes back
// (gem5's sendRetry). When every buffer on the way is full of data its owner needs later, the
// engine spills the oldest held delivery past its buffer (spill()).
import type { EngineContext } from '../context.js';
import type { CreditPool, RetryTarget } from '../credits.js';
import type { Packet } from './noc.js';
import { PACKET, type ImageState, type Lane } from './layerState.js';
import type { LayerActor } from './layer.js';

/** A finished output pixel whose deliveries wait for credit (its lane holds it meanwhile). */
export interface HeldPixel {
  lane: Lane;
  img: ImageState;
  pixel: number;
  values: Int8Array;
  readyPs: number;
  deliveries: Array<{ actor: LayerActor; slot: number; band: number }>;
  /** Deliveries before this index are sent. */
  next: number;
  /** The credit it last waited for (the wait's cause in the report). */
  blockedOn?: 'lineBuffer' | 'outputQueue';
  /** Refused credit past its lane's output stage: it counts in the lane's lookahead again. */
  stalled?: boolean;
}

/** What the outbox needs of its layer. */
interface OutboxOwner extends RetryTarget {
  readonly index: number;
  readonly ctx: EngineContext;
  /** Waits for room in `pool`, granted oldest image first, to send image `image`. */
  waitAged(pool: CreditPool, image: number): void;
  /** The pixel's output is out of its lane at `sentPs`. */
  completePixel(h: HeldPixel, sentPs: number): void;
}

/** The packet leaves its source tile's output buffer (and its sender's share of it). */
export function releaseSourceCredit(ctx: EngineContext, p: Packet): void {
  const tile = p.creditTile!;
  // (Out of its channel's injection slot, it wakes the senders refused there all the same.)
  if (p.injectionSlot === true) ctx.outQueues[tile].wakeWaiters();
  else ctx.outQueues[tile].give(p.bits);
  ctx.outShares[tile].get(p.producer)?.give(p.bits);
}

export class Outbox {
  /** Pixels held for want of credit, oldest first. */
  private readonly held: HeldPixel[] = [];

  constructor(private readonly owner: OutboxOwner) {}

  get size(): number {
    return this.held.length;
  }

  get oldest(): HeldPixel | undefined {
    return this.held[0];
  }

  /** Sends the pixel's deliveries from `readyPs`; holds it if credit runs out. */
  send(h: HeldPixel): void {
    if (this.trySend(h, h.readyPs)) this.owner.completePixel(h, h.readyPs);
    else {
      // The output stage hides the merge and requantize, not back-pressure: a pixel its consumers
      // have no room for stalls the copy's crossbars as one without a stage would (let run ahead
      // of credit, the small DenseNets of scheduleHold.test.ts and outputShares.test.ts read
      // +12% and +18% against +7% and +8%; docs/ppa-model.md).
      if (h.lane.outputDepth > 0) {
        h.lane.computing++;
        h.stalled = true;
      }
      this.held.push(h);
    }
  }

  /** Resends the held pixels, oldest first, at `nowPs` or when each was ready. */
  retry(nowPs: number): void {
    const done: HeldPixel[] = [];
    for (let i = 0; i < this.held.length; ) {
      const h = this.held[i];
      if (this.trySend(h, Math.max(nowPs, h.readyPs))) {
        this.held.splice(i, 1);
        done.push(h);
      } else i++;
    }
    for (const h of done) this.owner.completePixel(h, Math.max(nowPs, h.readyPs));
  }

  /** Sends the oldest held pixel's next delivery beyond capacity (counted as an overflow of that
   *  buffer, as if it spilled to a backing store); false when nothing is held. */
  spill(nowPs: number): boolean {
    const h = this.held[0];
    if (h === undefined) return false;
    const at = Math.max(nowPs, h.readyPs);
    if (this.trySend(h, at, true)) {
      this.held.shift();
      this.owner.completePixel(h, at);
    }
    return true;
  }

  /** Sends the held pixel's remaining deliveries while credit lasts; true when all are sent.
   *  `spill`: the first one goes regardless. */
  private trySend(h: HeldPixel, sendPs: number, spill = false): boolean {
    const { ctx, index } = this.owner;
    const bits = h.values.length * ctx.arch.precision.inputBits;
    for (; h.next < h.deliveries.length; h.next++) {
      const d = h.deliveries[h.next];
      const dstTile = d.actor.bands[d.band].tile;
      const remote = dstTile !== h.lane.tile;
      // A remote packet waits in this tile's output buffer until its tail has left the source
      // router (noc.ts SOURCE_LEFT: virtual cut-through, the next router's input buffer then holds
      // it); a local one is written straight into the consumer's buffer. (Held till its tail was
      // ejected at the destination, a packet on a path of near-full links kept its credit through
      // every queue on the way: vgg11's features.5 on tile 8, 3 packets in its share, 5.5 us a
      // trip to tile 28, starved while forwards, free of credit past their first copy, filled the
      // links; docs/ppa-model.md.)
      const queue = remote ? ctx.outQueues[h.lane.tile] : undefined;
      // The layer's own share of that buffer (outputShares.ts). A refusal waits on the tile's
      // buffer, which is given back whenever the share is, and is where the report counts it.
      const share = remote ? ctx.outShares[h.lane.tile].get(index) : undefined;
      const force = spill;
      spill = false;
      if (queue !== undefined && share !== undefined && !force && !share.fits(bits)) {
        queue.wait(this.owner);
        h.blockedOn = 'outputQueue';
        return false;
      }
      const refused = queue !== undefined && !force && !queue.fitsAged(bits, h.img.index, this.owner);
      // A layer with nothing in flight from the tile, refused by the tile's full buffer, sends
      // into its virtual channel's buffer at the router's injection port, which holds one
      // packet (virtual cut-through keeps room for a packet per channel) outside the tile's
      // buffer. Without it, two busy senders (one held back downstream, and the forwards) kept
      // tile 4's buffer of mobilenet_v3_small full while the depthwise conv's share there was
      // empty, its copies stalled 20-30 us (docs/ppa-model.md).
      const slot = refused && share !== undefined && share.usedBits === 0;
      if (refused && !slot) {
        this.owner.waitAged(queue, h.img.index);
        h.blockedOn = 'outputQueue';
        return false;
      }
      if (!d.actor.admit(d.slot, d.band, h.img.index, h.pixel, h.values.length, bits, this.owner, force)) {
        h.blockedOn = 'lineBuffer';
        return false;
      }
      const p: Packet = {
        dest: d.actor, destKind: PACKET, srcTile: h.lane.tile, dstTile, band: d.band, flits: 0, bits, producer: index, consumer: d.actor.index,
        image: h.img.index, pixel: h.pixel, slot: d.slot, data: h.values, x: 0, y: 0, tailPs: 0, traceFlow: 0,
      };
      if (queue === undefined) {
        d.actor.scheduleAt(sendPs, PACKET, p);
      } else {
        if (slot) p.injectionSlot = true;
        else queue.take(bits, this.owner, force);
        share?.take(bits, this.owner, true);
        p.creditTile = h.lane.tile;
        p.sourceCredit = true;
        p.flits = ctx.noc.flitsFor(bits);
        ctx.noc.inject(p, sendPs);
      }
    }
    return true;
  }

  /** What the oldest held pixel waits for, for a deadlock report; undefined when none is held. */
  blockedOn(layerName: string): string | undefined {
    const h = this.held[0];
    if (h === undefined) return undefined;
    const d = h.deliveries[h.next];
    const out = this.owner.ctx.outQueues[h.lane.tile];
    const share = this.owner.ctx.outShares[h.lane.tile].get(this.owner.index);
    const buffer = d.actor.bands[d.band].buffer;
    const where = h.blockedOn === 'outputQueue'
      ? `space in tile ${h.lane.tile}'s output buffer (${out.usedBits} of ${out.capacityBits} bits used${share === undefined ? '' : `, ${share.usedBits} of its share's ${share.capacityBits}`})`
      : `space in ${d.actor.name}'s line buffer on tile ${d.actor.bands[d.band].tile} (${buffer.usedBits} of ${buffer.capacityBits} bits used)`;
    return `${layerName}: ${this.held.length} finished pixel(s) held (image ${h.img.index} pixel ${h.pixel} first), waiting for ${where}`;
  }
}
