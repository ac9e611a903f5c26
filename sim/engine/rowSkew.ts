// How many input rows a layer's line buffer holds when its producers run as far ahead as the data
// lets them: the residual skew. An add reads a skip branch that is ready rows before the main
// branch (1x1 convs on one side, 3x3 windows on the other); the skip rows produced meanwhile wait
// in the add's buffer. Each layer's output row y is given the fraction of the data entering its
// segment (the network input or parked tensors) it depends on; a producer can have made every row
// that depends on no more than what the consumer's row needed.
import type { LayerActor } from './actors/layer.js';

/** Per layer (by index), per output row: the fraction of its segment's input it depends on. */
export function rowDemands(actors: ReadonlyArray<LayerActor | undefined>): Array<Float64Array | undefined> {
  const demand: Array<Float64Array | undefined> = actors.map(() => undefined);
  actors.forEach((a, i) => {
    if (a === undefined) return;
    const d = new Float64Array(a.out.h);
    for (let y = 0; y < a.out.h; y++) {
      let need = 0;
      a.slots.forEach((s, si) => {
        const [lo, hi] = a.slotRows(si, y);
        if (lo > hi) return;
        const top = Math.min(s.h - 1, Math.max(0, hi));
        const p = a.injected[si] ? undefined : demand[a.producers[si]];
        need = Math.max(need, p === undefined ? (top + 1) / s.h : p[top]);
      });
      d[y] = need;
    }
    demand[i] = d;
  });
  return demand;
}

/** Last row (-1 when none) a producer with `demand` can have made once `need` of the input is in. */
function rowsMadeBy(demand: Float64Array, need: number): number {
  let lo = -1;
  let hi = demand.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (demand[mid] <= need) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Line-buffer bits band `bi` of `a` holds at most for one of its output rows: each sent slot's
 *  rows from the window's top to the last row its producer can have made by then. */
export function skewedWindowBits(a: LayerActor, bi: number, demand: ReadonlyArray<Float64Array | undefined>): number {
  const own = demand[a.index]!;
  let most = 0;
  for (const oy of a.bands[bi].rows) {
    let bits = 0;
    a.slots.forEach((s, si) => {
      if (a.injected[si]) return;
      const [lo] = a.slotRows(si, oy);
      const made = Math.min(s.h - 1, rowsMadeBy(demand[a.producers[si]]!, own[oy]));
      bits += Math.max(0, made - Math.max(0, lo) + 1) * a.slotRowBits(si);
    });
    most = Math.max(most, bits);
  }
  return most;
}
