// Which of a pixel's packets travel as one multicast. A producer sends each output pixel to every
// consumer band that reads its row; where several of those bands' tiles lie on one XY route from
// the sending tile, the pixel goes once along that route and each router on the way ejects a copy
// at the tiles it serves (the NoC replicates flits, as a band's forwards to its replicas already
// do), instead of one packet per band over the same links. (densenet121's transition1 avg pool sent
// each result 13 times, to dense block 2's first norm and its 12 concats, over the same westward
// links; docs/ppa-model.md.) Used alike by the analytical model (hw/ppa/flow.ts) and the engine
// (sim/engine/actors/multicast.ts): it is geometry only.
import type { Arch } from '../arch/schema.js';
import { routerOf } from './placement.js';

/**
 * Groups destinations into multicast chains from `srcTile`: indices into `dstTiles`, each chain in
 * route order (the order given among tiles on one router). Destinations on `srcTile` itself are
 * left out (they are written locally). Greedy: the farthest remaining destination (the first of
 * equals) sets a route, and every remaining destination whose router lies on it joins its chain.
 */
export function multicastChains(srcTile: number, dstTiles: readonly number[], arch: Arch): number[][] {
  const [sx, sy] = routerOf(srcTile, arch);
  const remaining: number[] = [];
  for (let i = 0; i < dstTiles.length; i++) if (dstTiles[i] !== srcTile) remaining.push(i);
  const hopsTo = (t: number): number => {
    const [x, y] = routerOf(t, arch);
    return Math.abs(x - sx) + Math.abs(y - sy);
  };
  const chains: number[][] = [];
  while (remaining.length > 0) {
    let far = remaining[0];
    for (const i of remaining) if (hopsTo(dstTiles[i]) > hopsTo(dstTiles[far])) far = i;
    const [fx, fy] = routerOf(dstTiles[far], arch);
    // Position along the XY route src -> far (x first, then y), or -1 when off it.
    const position = (t: number): number => {
      const [x, y] = routerOf(t, arch);
      const dx = Math.abs(fx - sx);
      if (y === sy && (x - sx) * Math.sign(fx - sx) >= 0 && Math.abs(x - sx) <= dx && (fx !== sx || x === sx)) return Math.abs(x - sx);
      if (x === fx && (y - sy) * Math.sign(fy - sy) >= 0 && Math.abs(y - sy) <= Math.abs(fy - sy) && (fy !== sy || y === sy)) return dx + Math.abs(y - sy);
      return -1;
    };
    const members = remaining.filter((i) => position(dstTiles[i]) >= 0);
    members.sort((a, b) => position(dstTiles[a]) - position(dstTiles[b]) || a - b);
    chains.push(members);
    const taken = new Set(members);
    for (let k = remaining.length - 1; k >= 0; k--) if (taken.has(remaining[k])) remaining.splice(k, 1);
  }
  return chains;
}
