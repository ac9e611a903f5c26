// How many input rows a band's line buffer fills while the band computes its current window: the
// rows of its next window that the current one does not read (double buffering the window). A
// one-band stride-1 layer moves down one row; a layer in bands skips the rows the other bands
// read (a 3x3 stride-2 pool in four bands: its next window is eight rows further down, three rows
// all new), and a stride-2 layer moves two. With room for only one, the producer, making rows in
// order, is refused the band's next rows until the band finishes its current row, and meanwhile
// makes nothing for the other bands (resnet18 at 224x224 on the default chip: the max pool's four
// bands, the chip's bottleneck, starved 38-81 us per image waiting for the stem).
import type { LayerActor } from './actors/layer.js';

/** Bits band `bi` of `a` writes for its next window while it reads the current one: per sent
 *  slot, the most rows a window of the band reads that the band's previous window did not (at
 *  least one row, the one being written). */
export function nextWindowBits(a: LayerActor, bi: number): number {
  const rows = a.bands[bi].rows;
  let bits = 0;
  a.slots.forEach((s, si) => {
    if (a.injected[si]) return;
    let most = 1;
    for (let k = 1; k < rows.length; k++) {
      const [plo, phi] = a.slotRows(si, rows[k - 1]);
      const [lo, hi] = a.slotRows(si, rows[k]);
      const top = Math.max(0, lo);
      const bottom = Math.min(s.h - 1, hi);
      if (top > bottom) continue;
      const prevTop = Math.max(0, plo);
      const prevBottom = Math.min(s.h - 1, phi);
      const overlap = prevTop > prevBottom ? 0 : Math.max(0, Math.min(bottom, prevBottom) - Math.max(top, prevTop) + 1);
      most = Math.max(most, bottom - top + 1 - overlap);
    }
    bits += most * a.slotRowBits(si);
  });
  return bits;
}
