// A crossbar layer's copies of its band's line buffer on its other tiles ("replicas"): the band
// multicasts every packet it receives along them over the NoC, each keeping the input channels
// its tile's crossbars read; a copy on such a tile starts a pixel once its replica has the rows.
import type { Packet } from './noc.js';
import { FORWARD, type ImageState, type Replica } from './layerState.js';
import type { LayerActor } from './layer.js';

/** A packet multicast from the band along the replicas (its copy for replica `leg`). */
export interface Forwarded extends Packet {
  /** The layer whose output it carries (buffer writes are charged to it). */
  origin: number;
}

/** Multicasts the packet from the band's tile along the replicas, now: each gets a copy, and the
 *  packet carries on with the channels later replicas keep. */
export function forwardToReplicas(layer: LayerActor, p: Packet): void {
  const ctx = layer.ctx;
  const flits = (r: Replica) => ctx.noc.flitsFor(Math.ceil(p.bits * r.carried - 1e-9));
  // Every field named, in one order (no spread of p): one object shape, which the NoC's copy per
  // replica clones fast.
  const q: Forwarded = {
    dest: layer, destKind: FORWARD, srcTile: layer.bands[p.band].tile, dstTile: layer.replicas[0].tile, flits: flits(layer.replicas[0]), bits: p.bits,
    producer: layer.index, consumer: layer.index, band: p.band, image: p.image, pixel: p.pixel, slot: p.slot, data: p.data,
    creditTile: undefined, next: layer.replicas.slice(1).map((r) => ({ tile: r.tile, flits: flits(r) })), leg: 0, x: 0, y: 0, tailPs: 0, traceFlow: 0,
    origin: p.producer,
  };
  ctx.noc.inject(q, layer.sim.nowPs);
}

/** A replica's copy of a forwarded packet arrived: written there (its share of the channels);
 *  returns the replica, or -1 when its image is already done. */
export function acceptForwarded(layer: LayerActor, q: Forwarded): number {
  const ctx = layer.ctx;
  const ri = q.leg ?? 0;
  const r = layer.replicas[ri];
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
