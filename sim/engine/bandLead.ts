// How many input rows a line buffer holds beyond its window because its producer makes several
// rows at once. A unit layer with lanes on several tiles (a pool or concat on its producer's
// tiles) deals its output rows round-robin to one band per tile, each band working on its own
// row; a crossbar layer with more copies than its output is wide has lanes on consecutive rows.
// The consumer's window takes the rows in order, so those ahead of it wait in its buffer; without
// room for them the producer's lanes stall on their finished pixels and its rows come one at a
// time (squeezenet1_0 on the default chip: the first max pool's 14 bands, fed to a squeeze conv
// that admitted 2.5 rows ahead, ran one after another, and eight images took 1446.6 us each
// against the model's 285.4).
import type { LayerActor } from './actors/layer.js';

/** Per layer (by index): how many of its output rows its lanes work on at once (per band, the
 *  rows its lanes span when they take consecutive pixels). */
export function rowsAtOnce(actors: ReadonlyArray<LayerActor | undefined>): number[] {
  return actors.map((a) => {
    if (a === undefined) return 1;
    let rows = 0;
    for (const b of a.bands) rows += Math.min(b.rows.length, Math.ceil((b.lanes.length - 1) / a.out.w) + 1);
    return Math.max(1, rows);
  });
}

/** Bits of the rows band `bi` of `a` (or a replica of band 0) holds ahead of its window while its
 *  producers work on several rows at once: of the producer's rows made at once beyond the one the
 *  window waits for, those the band reads (in proportion to the input rows it reads), at most the
 *  input. (Every such row in every band of a consumer split into bands sized a tile short on each
 *  ISAAC run of the committed fixtures; squeezenet1_0 at eight images read +8.5% / +12.1% that
 *  way on default / isaac against +15.0% / +14.6%, resnet18 on isaac +29.8% against +17.8%.) */
export function bandLeadBits(a: LayerActor, bi: number, atOnce: readonly number[]): number {
  let bits = 0;
  a.slots.forEach((s, si) => {
    if (a.injected[si]) return;
    const read = a.bandsOfRow[si].filter((bands) => bands.includes(bi)).length;
    const ahead = Math.ceil(((atOnce[a.producers[si]] - 1) * read) / s.h);
    bits += Math.min(ahead, s.h) * a.slotRowBits(si);
  });
  return bits;
}
