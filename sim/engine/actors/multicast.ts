// A pixel's deliveries in the order the outbox sends them, grouped into multicasts: the consumer
// bands whose tiles lie on one XY route from the sending tile get one packet, which the routers on
// the way eject a copy of at each (hw/mapping/multicast.ts, the same grouping the analytical model
// charges its links by; docs/ppa-model.md).
import type { Arch } from '../../../hw/arch/schema.js';
import { multicastChains } from '../../../hw/mapping/multicast.js';
import type { LayerActor } from './layer.js';

export interface Delivery {
  actor: LayerActor;
  slot: number;
  band: number;
}

/** Deliveries reordered, and for each index the end (exclusive) of the multicast it belongs to
 *  (a local delivery, written straight into its consumer's buffer, is a group of one). */
export interface DeliveryPlan {
  deliveries: Delivery[];
  groupEnd: number[];
}

/** Orders `deliveries` (in consumer, input, band order) from `srcTile` into multicast chains, the
 *  local ones last. */
export function planDeliveries(srcTile: number, deliveries: readonly Delivery[], arch: Arch): DeliveryPlan {
  const sorted = [...deliveries].sort((a, b) => a.actor.index - b.actor.index || a.slot - b.slot || a.band - b.band);
  const tiles = sorted.map((d) => d.actor.bands[d.band].tile);
  const out: Delivery[] = [];
  const groupEnd: number[] = [];
  for (const chain of multicastChains(srcTile, tiles, arch)) {
    const end = out.length + chain.length;
    for (const i of chain) {
      out.push(sorted[i]);
      groupEnd.push(end);
    }
  }
  sorted.forEach((d, i) => {
    if (tiles[i] !== srcTile) return;
    out.push(d);
    groupEnd.push(out.length);
  });
  return { deliveries: out, groupEnd };
}

/** Links a chain's packet crosses from `srcTile` (mesh hops to its last tile, and one ejection
 *  port per copy), per chain of the plan: what the output-buffer shares weigh (outputShares.ts). */
export function planLinks(srcTile: number, plan: DeliveryPlan, hops: (s: number, d: number) => number): number {
  let links = 0;
  for (let i = 0; i < plan.deliveries.length; ) {
    const end = plan.groupEnd[i];
    const last = plan.deliveries[end - 1];
    const lastTile = last.actor.bands[last.band].tile;
    if (lastTile !== srcTile) links += hops(srcTile, lastTile) + (end - i);
    i = end;
  }
  return links;
}
