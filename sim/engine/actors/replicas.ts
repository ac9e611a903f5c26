// A crossbar layer's copies of its band's line buffer on its other tiles ("replicas"): the band
// multicasts every packet it receives along them over the NoC, each keeping the input channels
// its tile's crossbars read; a copy on such a tile starts a pixel once its replica has the rows.
// A forward leaves through the band tile's output buffer, as any packet does: it holds credit
// in the forwards' share of it until its first copy is ejected, and waits, in arrival order,
// while that share is full. (Without that credit, rows admitted images ahead were multicast at
// once and booked the links of the replica chain far ahead, and packets of the image the
// consumers were waiting for queued behind them: the CIFAR CNN on the default chip, at 24 images,
// read +27% interval, +8.6% with it.)
import type { Packet } from './noc.js';
import { FORWARD, type ImageState, type Replica } from './layerState.js';
import type { LayerActor } from './layer.js';

/** A packet multicast from the band along the replicas (its copy for replica `leg`). */
export interface Forwarded extends Packet {
  /** The layer whose output it carries (buffer writes are charged to it). */
  origin: number;
  /** Bits of output-buffer credit it holds on its source tile (what its first leg carries). */
  creditBits: number;
}

/** Multicasts the packet from the band's tile along the replicas, as soon as the tile's output
 *  buffer has room (sendForwards): each gets a copy, and the packet carries on with the channels
 *  later replicas keep. */
export function forwardToReplicas(layer: LayerActor, p: Packet): void {
  const ctx = layer.ctx;
  const carriedBits = (r: Replica) => Math.ceil(p.bits * r.carried - 1e-9);
  const flits = (r: Replica) => ctx.noc.flitsFor(carriedBits(r));
  const srcTile = layer.bands[p.band].tile;
  // Every field named, in one order (no spread of p): one object shape, which the NoC's copy per
  // replica clones fast.
  const q: Forwarded = {
    dest: layer, destKind: FORWARD, srcTile, dstTile: layer.replicas[0].tile, flits: flits(layer.replicas[0]), bits: p.bits,
    producer: layer.index, consumer: layer.index, band: p.band, image: p.image, pixel: p.pixel, slot: p.slot, data: p.data,
    creditTile: srcTile, next: layer.replicas.slice(1).map((r) => ({ tile: r.tile, flits: flits(r) })), leg: 0, x: 0, y: 0, tailPs: 0, traceFlow: 0,
    origin: p.producer, creditBits: carriedBits(layer.replicas[0]),
  };
  layer.forwards.push(q);
  sendForwards(layer);
}

/** Share of a tile's output buffer that forwards may fill: a virtual channel of their own, so
 *  that rows forwarded images ahead never take the room of the tile's results, which consumers
 *  may be waiting for (refused senders are woken in no order of age: with the whole buffer open
 *  to forwards, a pool's results on the band's tile waited behind them for 100 us). */
export const FORWARD_SHARE = 0.5;

/** Injects the waiting forwards, oldest first, while their tile's output buffer (and the
 *  forwards' share of it) has room; the layer is asked to retry (RETRY) when credit comes back. */
export function sendForwards(layer: LayerActor): void {
  const ctx = layer.ctx;
  let sent = 0;
  for (const q of layer.forwards) {
    const tile = q.creditTile!;
    const share = ctx.forwardQueues[tile];
    const queue = ctx.outQueues[tile];
    if (!share.fits(q.creditBits)) {
      share.wait(layer);
      break;
    }
    if (!queue.fitsAged(q.creditBits, q.image, layer)) {
      layer.waitAged(queue, q.image);
      break;
    }
    share.take(q.creditBits, layer);
    queue.take(q.creditBits, layer);
    ctx.noc.inject(q, layer.sim.nowPs);
    sent++;
  }
  if (sent > 0) layer.forwards.splice(0, sent);
}

/** A replica's copy of a forwarded packet arrived: written there (its share of the channels);
 *  returns the replica, or -1 when its image is already done. */
export function acceptForwarded(layer: LayerActor, q: Forwarded): number {
  const ctx = layer.ctx;
  const ri = q.leg ?? 0;
  const r = layer.replicas[ri];
  // The first copy's tail is ejected: every flit has left the source tile (the routers replicate
  // them for the later copies), so the forward leaves its output buffer.
  if (ri === 0) {
    ctx.forwardQueues[q.creditTile!].give(q.creditBits);
    ctx.outQueues[q.creditTile!].give(q.creditBits);
  }
  const bits = q.bits * r.fraction;
  ctx.trace?.at(layer.index, q.image);
  const { readablePs, waitPs } = ctx.tiles[r.tile].write(layer.sim.nowPs, bits);
  layer.waits.bufferWrite += waitPs;
  ctx.tallies[q.origin].bufferWriteBits += bits;
  ctx.trace?.bufferWrite(layer.index, q.origin, r.tile, q.image, bits, q);
  const img = layer.images[q.image];
  // Rows no copy on this tile needed may come after the image is done.
  if (img === undefined) return -1;
  img.replicaAvailablePs[ri] = Math.max(img.replicaAvailablePs[ri], readablePs);
  const s = layer.slots[q.slot];
  if (q.data.length === s.c) img.replicaRows[ri][q.slot][Math.floor(q.pixel / s.w)]++;
  else img.replicaRows[ri][q.slot].fill(s.w);
  return ri;
}

/** Whether replica `ri` has every input row output pixel `pixel`'s window reads. */
export function replicaHasWindow(layer: LayerActor, img: ImageState, ri: number, pixel: number): boolean {
  const oy = Math.floor(pixel / layer.out.w);
  for (let s = 0; s < layer.slots.length; s++) {
    const counts = img.replicaRows[ri][s];
    const w = layer.slots[s].w;
    const [lo, hi] = layer.slotRows(s, oy);
    for (let y = Math.max(0, lo); y <= Math.min(layer.slots[s].h - 1, hi); y++) if (counts[y] !== w) return false;
  }
  return true;
}
