// Static per-link load of each flow (producer layer), per image, as a chip's compiler would work
// it out from the mapping to configure a weighted arbiter's per-flow weights (agedLink.ts, rule
// 'wfq'): each row a layer's lanes send to a consumer band on another tile, along its XY route,
// and each packet a band with replicas multicasts along them (flow: that consumer). Partial sums
// between a copy's tiles are left out (their flow is their layer's, which its forwards give a
// weight where both cross).
import type { Arch } from '../../hw/arch/schema.js';
import type { LayerActor } from './actors/layer.js';

/** Per link key (NocActor.routeLinks), per producer layer index: bits per image. */
export function linkFlowBits(actors: ReadonlyArray<LayerActor | undefined>, arch: Arch, route: (src: number, dst: number) => number[]): Map<number, Map<number, number>> {
  const loads = new Map<number, Map<number, number>>();
  const add = (src: number, dst: number, flow: number, bits: number): void => {
    for (const key of route(src, dst)) {
      let m = loads.get(key);
      if (m === undefined) loads.set(key, (m = new Map()));
      m.set(flow, (m.get(flow) ?? 0) + bits);
    }
  };
  for (const a of actors) {
    if (a === undefined) continue;
    const rowBits = a.out.c * a.out.w * arch.precision.inputBits;
    for (const b of a.bands) {
      for (const y of b.rows) {
        for (const lane of b.lanes) {
          const bits = rowBits / b.lanes.length;
          for (const c of a.consumers) {
            const bands = a.out.c === c.actor.slots[c.slot].c ? c.actor.bandsOfRow[c.slot][y] : [0];
            for (const cb of bands) {
              const tile = c.actor.bands[cb].tile;
              if (tile !== lane.tile) add(lane.tile, tile, a.index, bits);
              let from = tile;
              for (const r of c.actor.replicas) {
                add(from, r.tile, c.actor.index, bits * r.carried);
                from = r.tile;
              }
            }
          }
        }
      }
    }
  }
  return loads;
}
