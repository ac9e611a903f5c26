// Each layer that sends packets from a tile has a share of the tile's output buffer, a virtual
// channel of its own: a packet holds credit there until its tail is ejected (outbox.ts), so a
// producer running ahead of the chip's pace, its packets queued on busy links, could otherwise
// fill the buffer while a layer on the same tile, which its consumer waits for, holds its
// finished pixels for want of room. (resnet18 on the default chip: the stem's packets to the
// max pool's bands filled the 8 KB output buffers of tiles 0-2, and the pool, the chip's
// bottleneck, on the same tiles, held its pixels 30-48 us per image.) Forwards along replicas
// have a share of their own (replicas.ts).
// Shares are in proportion to each layer's flit-hops from the tile per image (bits times links
// crossed, ejection port included): at the chip's pace every layer sends an image's bits once per
// interval, and a packet holds its credit while it crosses, and queues at, each link on its way;
// by Little's law the credit a layer keeps in flight grows with both. Equal shares starved the
// busy senders of a dense block, where a concat whose consumers sit on its own tiles sends nothing
// remote yet took a third of each tile's buffer (densenet121 at 64x64, eight images: +26.6%
// interval on isaac, +10.6% on the default chip; docs/ppa-model.md).
import { CreditPool } from './credits.js';
import { routerOf } from '../../hw/mapping/placement.js';
import type { Arch } from '../../hw/arch/schema.js';
import type { LayerActor } from './actors/layer.js';

/** Per tile: flit-hops (in bits times links) per image each layer (by index) sends from it to
 *  consumer bands on other tiles, its rows' pixels spread evenly over its band's lanes (as
 *  dispatch deals them). A layer that sends nothing off the tile is absent. */
export function remoteBitHopsByTile(actors: ReadonlyArray<LayerActor | undefined>, arch: Arch): Array<Map<number, number>> {
  // Links a packet crosses from tile s to tile d: its mesh hops (XY routing) and the ejection port.
  const links = (s: number, d: number): number => {
    const [sx, sy] = routerOf(s, arch);
    const [dx, dy] = routerOf(d, arch);
    return Math.abs(sx - dx) + Math.abs(sy - dy) + 1;
  };
  const sent: Array<Map<number, number>> = Array.from({ length: arch.chip.tiles }, () => new Map());
  for (const a of actors) {
    if (a === undefined) continue;
    const rowBits = a.out.c * a.out.w * arch.precision.inputBits;
    for (const b of a.bands) {
      for (const y of b.rows) {
        for (const lane of b.lanes) {
          let linkRows = 0;
          for (const c of a.consumers) {
            // A consumer reading the input flattened (a dense layer) has one band (layer.ts).
            const bands = a.out.c === c.actor.slots[c.slot].c ? c.actor.bandsOfRow[c.slot][y] : [0];
            for (const cb of bands) if (c.actor.bands[cb].tile !== lane.tile) linkRows += links(lane.tile, c.actor.bands[cb].tile);
          }
          if (linkRows === 0) continue;
          const m = sent[lane.tile];
          m.set(a.index, (m.get(a.index) ?? 0) + (linkRows * rowBits) / b.lanes.length);
        }
      }
    }
  }
  return sent;
}

/** Per tile: the layers that send from it to a consumer band on another tile, by index. */
export function sendersByTile(actors: ReadonlyArray<LayerActor | undefined>, arch: Arch): number[][] {
  return remoteBitHopsByTile(actors, arch).map((m) => [...m.keys()].sort((x, y) => x - y));
}

/** Per tile, per sending layer (by index): its share of the tile's output buffer of `outBits`, in
 *  proportion to its flit-hops from the tile per image. */
export function outputShares(actors: ReadonlyArray<LayerActor | undefined>, arch: Arch, outBits: number): Array<Map<number, CreditPool>> {
  return remoteBitHopsByTile(actors, arch).map((sent, tile) => {
    const total = [...sent.values()].reduce((s, x) => s + x, 0);
    return new Map([...sent].sort(([x], [y]) => x - y).map(([i, bitHops]) =>
      [i, new CreditPool(`tile${tile}.outputBuffer.${actors[i]!.mapped.name}`, (outBits * bitHops) / total)]));
  });
}
