// Each layer that sends packets from a tile has an equal share of the tile's output buffer, a
// virtual channel of its own: a packet holds credit there until its tail is ejected (outbox.ts),
// so a producer running ahead of the chip's pace, its packets queued on busy links, could
// otherwise fill the buffer while a layer on the same tile, which its consumer waits for, holds
// its finished pixels for want of room. (resnet18 on the default chip: the stem's packets to the
// max pool's bands filled the 8 KB output buffers of tiles 0-2, and the pool, the chip's
// bottleneck, on the same tiles, held its pixels 30-48 us per image.) Forwards along replicas
// have a share of their own (replicas.ts).
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
 *  the buffer divided equally among the layers sending from the tile. */
export function outputShares(actors: ReadonlyArray<LayerActor | undefined>, tileCount: number, outBits: number): Array<Map<number, CreditPool>> {
  return sendersByTile(actors, tileCount).map((layers, tile) =>
    new Map(layers.map((i) => [i, new CreditPool(`tile${tile}.outputBuffer.${actors[i]!.mapped.name}`, outBits / layers.length)])));
}
