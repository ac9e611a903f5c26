// The routes of a producer's packets when its pixel goes as one multicast to the consumer bands
// on one XY route from its tile (hw/mapping/multicast.ts), across all the producer's edges: each
// band's leg runs from the tile of the previous copy on the chain (or the source) to its own, so
// a link on the shared route is charged once per pixel and each band's ejection port once; a
// router traversal is charged to the band whose leg crosses it (as the engine's NocActor does).
import type { Arch } from '../arch/schema.js';
import { hopsBetween } from '../mapping/placement.js';
import { multicastChains } from '../mapping/multicast.js';
import type { MappedNetwork } from '../mapping/types.js';
import { sourceTiles, type EdgeFlow, type Route } from './flow.js';

/** What an on-chip edge's routes are made from: which bands read each source row. */
export interface RowPlan {
  bandsOfRow: number[][];
  /** Each band's tile. */
  dst: number[];
  /** Source pixels per row. */
  width: number;
  /** The consumer's input the edge feeds (ties between bands on one tile go in the engine's order). */
  slot: number;
}

/** Replaces the routes (and their router traversals in flitHops) of every planned flow. */
export function multicastRoutes(flows: readonly EdgeFlow[], plans: ReadonlyMap<EdgeFlow, RowPlan>, mapped: MappedNetwork, arch: Arch): void {
  const indexOf = new Map(mapped.layers.map((l, i) => [l.name, i]));
  const bySource = new Map<string, EdgeFlow[]>();
  for (const f of flows) if (plans.has(f)) (bySource.get(f.source.name) ?? bySource.set(f.source.name, []).get(f.source.name)!).push(f);
  const chainCache = new Map<string, number[][]>();
  for (const group of bySource.values()) {
    // The engine's delivery order: consumer, its input, band.
    group.sort((a, b) => indexOf.get(a.consumer.name)! - indexOf.get(b.consumer.name)! || plans.get(a)!.slot - plans.get(b)!.slot);
    const rows = plans.get(group[0])!.bandsOfRow.length;
    const width = plans.get(group[0])!.width;
    const src = sourceTiles(group[0].source, arch, rows);
    const routes = group.map(() => new Map<string, Route>());
    for (let y = 0; y < rows; y++) {
      const entries: Array<{ g: number; tile: number }> = [];
      group.forEach((f, g) => {
        const p = plans.get(f)!;
        for (const b of [...p.bandsOfRow[y]].sort((u, v) => u - v)) entries.push({ g, tile: p.dst[b] });
      });
      const tiles = entries.map((e) => e.tile);
      for (const [s, share] of src[y]) {
        const packets = share * width;
        const add = (g: number, from: number, d: number) => {
          const key = `${s} ${from} ${d}`;
          let r = routes[g].get(key);
          if (r === undefined) {
            r = { srcTile: s, fromTile: from, dstTile: d, packets: 0, hops: from === d ? 0 : hopsBetween(from, d, arch) };
            routes[g].set(key, r);
          }
          r.packets += packets;
        };
        for (const e of entries) if (e.tile === s) add(e.g, s, s);
        const ckey = `${s}:${tiles.join(',')}`;
        let chains = chainCache.get(ckey);
        if (chains === undefined) chainCache.set(ckey, (chains = multicastChains(s, tiles, arch)));
        for (const chain of chains) {
          let prev = s;
          for (const i of chain) {
            add(entries[i].g, prev, entries[i].tile);
            prev = entries[i].tile;
          }
        }
      }
    }
    group.forEach((f, g) => {
      let old = 0;
      for (const r of f.routes) if (r.srcTile !== r.dstTile) old += r.packets * f.flitsPerPacket * (r.hops + (r.fromTile === r.srcTile ? 1 : 0));
      f.routes = [...routes[g].values()];
      let now = 0;
      for (const r of f.routes) if (r.srcTile !== r.dstTile) now += r.packets * f.flitsPerPacket * (r.hops + (r.fromTile === r.srcTile ? 1 : 0));
      f.flitHops += now - old;
    });
  }
}
