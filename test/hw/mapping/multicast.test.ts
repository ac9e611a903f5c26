import { describe, expect, it } from 'vitest';
import { loadArch } from '../../../hw/arch/index.js';
import { multicastChains } from '../../../hw/mapping/multicast.js';
import { routerOf } from '../../../hw/mapping/placement.js';

describe('multicastChains', () => {
  const arch = loadArch();
  // Tile at router (x, y) (the default chip has one tile per router, numbered in a snake).
  const at = (x: number, y: number): number => {
    for (let t = 0; t < arch.chip.tiles; t++) {
      const [tx, ty] = routerOf(t, arch);
      if (tx === x && ty === y) return t;
    }
    throw new Error(`no tile at (${x},${y})`);
  };

  it('sends once along an XY route, copies in route order, leaving local ones out', () => {
    const src = at(5, 3);
    const dsts = [at(2, 3), src, at(4, 3), at(2, 5), at(3, 3), at(2, 3)];
    // (2,5) is furthest: its route runs west along y = 3 then south, through every other tile.
    expect(multicastChains(src, dsts, arch)).toEqual([[2, 4, 0, 5, 3]]);
  });

  it('splits destinations off the route into chains of their own', () => {
    const src = at(3, 3);
    const chains = multicastChains(src, [at(5, 3), at(1, 3), at(3, 1), at(4, 3)], arch);
    expect(chains).toEqual([[3, 0], [1], [2]]);
  });
});
