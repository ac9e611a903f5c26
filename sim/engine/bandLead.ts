// How many input rows a line buffer holds beyond its window because its producer makes several
// rows at once: a unit layer with lanes on several tiles (a pool or concat on its producer's
// tiles) deals its output rows round-robin to one band per tile, and each band works on its own
// row. The consumer's window needs them in order, so the rows ahead of it wait in its buffer;
// without room for them the producer's bands run one after another. (squeezenet1_0 on the default
// chip: the first max pool's 14 bands, feeding a squeeze conv that admitted 2.5 rows ahead, ran
// nearly one at a time, and eight images took 1446.6 us each against the model's 285.4.) Copies of
// a crossbar layer spanning rows are not counted, nor is a consumer band's share of the rows
// taken: either way each ISAAC run of the committed fixtures warned of 67-69 short tiles.
import type { LayerActor } from './actors/layer.js';

/** Per layer (by index): how many of its output rows it makes at once (its bands). */
export function rowsAtOnce(actors: ReadonlyArray<LayerActor | undefined>): number[] {
  return actors.map((a) => a?.bands.length ?? 1);
}

/** Bits of the rows `a`'s producers make ahead of its window, one per producer band but the one
 *  making the window's last row, at most the whole input. */
export function bandLeadBits(a: LayerActor, atOnce: readonly number[]): number {
  let bits = 0;
  a.slots.forEach((s, si) => {
    if (a.injected[si]) return;
    bits += Math.min(atOnce[a.producers[si]] - 1, s.h) * a.slotRowBits(si);
  });
  return bits;
}
