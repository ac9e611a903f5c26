// Each layer that sends packets from a tile has a share of the tile's output buffer, a virtual
// channel of its own, in proportion to the bits each of its pixels sends off the tile: a packet
// holds credit there until its tail is ejected (outbox.ts),
// so a producer running ahead of the chip's pace, its packets queued on busy links, could
// otherwise fill the buffer while a layer on the same tile, which its consumer waits for, holds
// its finished pixels for want of room. (resnet18 on the default chip: the stem's packets to the
// max pool's bands filled the 8 KB output buffers of tiles 0-2, and the pool, the chip's
// bottleneck, on the same tiles, held its pixels 30-48 us per image.) Forwards along replicas
// have a share of their own (replicas.ts). Equal shares throttled a layer whose pixels go to more
// bands than its neighbours': resnet50 on isaac (3 KB output buffers), the residual add of
// layer1.0 sends each pixel twice (to layer1.1.conv1's band and, as the skip, to layer1.1.add)
// beside conv3 and the downsample on tiles 9-11, and with a third of the buffer it left the
// chip's busiest link, (2,0) x+, idle 6% of the time: +7.96% interval at eight images, +2.64%
// per pixel. Per image instead (the layer's lanes on the tile counted too) gave resnet18's stem,
// running ahead, 71-77% of tiles 0-15 and starved the max pool (docs/ppa-model.md).
import { CreditPool } from './credits.js';
import type { LayerActor } from './actors/layer.js';

/** Per tile: the layers with a lane on it that send to a consumer band on another tile. */
export function sendersByTile(actors: ReadonlyArray<LayerActor | undefined>, tileCount: number): number[][] {
  const senders: number[][] = Array.from({ length: tileCount }, () => []);
  for (const a of actors) {
    if (a === undefined) continue;
    const consumerTiles = new Set(a.consumers.flatMap((c) => c.actor.bands.map((b) => b.tile)));
    for (const tile of new Set(a.lanes.map((l) => l.tile))) {
      if ([...consumerTiles].some((t) => t !== tile)) senders[tile].push(a.index);
    }
  }
  return senders;
}

/** Per tile, per sending layer (by index): its share of the tile's output buffer of `outBits`,
 *  in proportion to the bits each of its pixels made on the tile sends off it (remoteBitsPerPixel). */
export function outputShares(actors: ReadonlyArray<LayerActor | undefined>, tileCount: number, outBits: number): Array<Map<number, CreditPool>> {
  return sendersByTile(actors, tileCount).map((layers, tile) => {
    const bits = layers.map((i) => remoteBitsPerPixel(actors[i]!, tile));
    const total = bits.reduce((a, b) => a + b, 0);
    // Equal shares if no traffic is counted (a consumer with no rows planned yet).
    const part = (k: number) => (total > 0 ? bits[k] / total : 1 / layers.length);
    return new Map(layers.map((i, k) => [i, new CreditPool(`tile${tile}.outputBuffer.${actors[i]!.mapped.name}`, outBits * part(k))]));
  });
}

/** Bits a pixel of layer `a` made on `tile` sends to its consumers' bands on other tiles, on
 *  average over the rows its bands with a lane on the tile make: a lane is freed only when every
 *  delivery of its pixel has credit, so a layer sending each pixel to two bands needs twice the
 *  room of one sending it to one to free its lanes as fast (layer.ts delivers a row to every band
 *  that reads it: two where windows straddle them). */
export function remoteBitsPerPixel(a: LayerActor, tile: number): number {
  let rows = 0;
  let away = 0;
  for (const band of a.bands) {
    if (!band.lanes.some((l) => l.tile === tile)) continue;
    for (const y of band.rows) {
      rows++;
      for (const c of a.consumers) {
        const readers = a.out.c === c.actor.slots[c.slot].c ? c.actor.bandsOfRow[c.slot][y] : [0];
        for (const b of readers) if (c.actor.bands[b].tile !== tile) away++;
      }
    }
  }
  return rows === 0 ? 0 : (away / rows) * a.out.c;
}
