// Line-buffer credit of a layer (back-pressure, credits.ts): each band keeps the input rows its
// windows read in its tile's input buffer, and each replica its share of them on its own tile. A
// producer takes credit before it sends a row; the band gives it back once no later pixel of it
// reads the row. The sizes the buffers need follow from the windows and the producers' skew.
import { skewedWindowBits } from '../rowSkew.js';
import { bandLeadBits } from '../bandLead.js';
import { nextWindowBits } from '../nextWindow.js';
import type { CreditPool, RetryTarget } from '../credits.js';
import type { ImageState } from './layerState.js';
import type { LayerActor } from './layer.js';

/** Output row of the band's next pixel, or undefined when its current image is done. */
function nextRow(layer: LayerActor, band: number): number | undefined {
  const b = layer.bands[band];
  const k = layer.images[b.current]?.nextPixel[band] ?? 0;
  if (k >= b.rows.length * layer.out.w) return undefined;
  return b.rows[Math.floor(k / layer.out.w)];
}

/** Bits of the band's next window not yet holding credit. */
function missingRowBits(layer: LayerActor, band: number): number {
  const oy = nextRow(layer, band);
  if (oy === undefined) return 0;
  const img = layer.images[layer.bands[band].current];
  let bits = 0;
  layer.slots.forEach((sl, si) => {
    if (layer.injected[si]) return;
    const needed = layer.slotRows(si, oy);
    const rowBits = layer.slotRowBits(si);
    for (let r = Math.max(0, needed[0]); r <= Math.min(sl.h - 1, needed[1]); r++) bits += Math.max(0, rowBits - (img?.heldBits[si][band][r] ?? 0));
  });
  return bits;
}

/** Bits of line buffer `i`'s next window not yet holding credit (data sent from the NoC or a
 *  local producer; the network input is injected whole and takes none). `i` counts the bands,
 *  then the replicas (which miss the band's rows, their share of them). */
export function missingWindowBits(layer: LayerActor, i: number): number {
  const b = layer.bands.length;
  return i < b ? missingRowBits(layer, i) * layer.lineFraction : missingRowBits(layer, 0) * layer.replicas[i - b].fraction;
}

/** Images beyond the one a band dispatches whose rows its line buffer admits before they are
 *  needed: one, so a producer keeps working on the next image while its consumer finishes this
 *  one (double buffering), but a producer faster than the chip's pace cannot fill the buffers,
 *  and through them the output buffers and links on its way, with rows of images far ahead. (With
 *  no limit the ShuffleNet fixture's stem, twice the pace, had the output buffers of its ten
 *  tiles full of rows three and four images ahead while the max pool on the same tiles waited to
 *  send image 1: at eight images the second result came 35 us after the first, against 20.9.)
 *  A join's or a fork consumer's input may admit more (layer.imagesAhead, scheduleHold.ts). */
const IMAGES_AHEAD = 1;

/**
 * Takes line-buffer credit in band `band` for a packet of `values` values of input `slot` (or
 * registers `who` for a retry). The rows the band's next pixel needs are always admitted: refusing
 * them could only deadlock a band whose buffer is full of rows it needs later.
 */
export function admitRows(
  layer: LayerActor, slot: number, band: number, image: number, pixel: number, values: number, bits: number, who: RetryTarget, force: boolean,
): boolean {
  const b = layer.bands[band];
  const s = layer.slots[slot];
  const y = values === s.c ? Math.floor(pixel / s.w) : 0;
  const oy = nextRow(layer, band);
  const needed = oy === undefined ? undefined : layer.slotRows(slot, oy);
  // The rows of the band's next pixel (current image) are always admitted; any other row only
  // if it leaves room for the rows every band on the tile still misses for its next pixel (so,
  // windows moving down their inputs without growing, the buffer never holds more than its
  // capacity and no band starves for space another filled with rows it needs later).
  const neededNow = force || (image === b.current && needed !== undefined && y >= needed[0] && y <= needed[1]);
  // Replicas hold the same rows as the band (their share of them): admitted with it, on the
  // same terms in their own tiles' buffers.
  const pools: Array<[number, CreditPool, number, CreditPool]> = [
    [b.tile, b.buffer, bits * layer.lineFraction, b.share],
    ...layer.replicas.map((r): [number, CreditPool, number, CreditPool] => [r.tile, r.buffer, bits * r.fraction, r.share]),
  ];
  // (Only with finite buffers: without back-pressure the queues are meant to grow.)
  if (!neededNow && image > b.current + (layer.imagesAhead[slot] ?? IMAGES_AHEAD) && Number.isFinite(b.buffer.capacityBits)) {
    b.buffer.wait(who);
    return false;
  }
  if (!neededNow) {
    // A row read later stays within its line buffer's own share of the tile's buffer: the
    // shares cover every line buffer's windows, so a producer that runs images ahead into one
    // line buffer never holds back a producer whose consumer on the same tile is waiting.
    // (The refusal waits on the tile's buffer, which is given back whenever the share is, and
    // is where the report counts refusals.)
    for (const [, pool, kept, share] of pools) {
      if (!share.fits(kept)) {
        pool.wait(who);
        return false;
      }
    }
    for (const [tile, pool, kept] of pools) {
      if (pool.usedBits === 0) continue;
      let missingBits = 0;
      for (const [actor, i] of layer.ctx.lineBuffersOnTile[tile]) missingBits += missingWindowBits(actor, i);
      if (pool.usedBits + kept + missingBits > pool.capacityBits) {
        pool.wait(who);
        return false;
      }
    }
  }
  for (const [, pool, kept, share] of pools) {
    pool.take(kept, who, true);
    share.take(kept, who, true);
  }
  layer.imageState(image).heldBits[slot][band][y] += bits;
  return true;
}

/** Gives back the line-buffer credit of the input rows whose last reader is band row `k`. */
export function releaseRows(layer: LayerActor, img: ImageState, band: number, k: number): void {
  let bits = 0;
  for (const [slot, y] of layer.bands[band].releaseAfter[k]) {
    bits += img.heldBits[slot][band][y];
    img.heldBits[slot][band][y] = 0;
  }
  layer.bands[band].buffer.give(bits * layer.lineFraction);
  layer.bands[band].share.give(bits * layer.lineFraction);
  for (const r of layer.replicas) {
    r.buffer.give(bits * r.fraction);
    r.share.give(bits * r.fraction);
  }
}

/** The band's window moved on (to its next row or image): rows it refused as not needed yet may
 *  be the ones it needs now, so every sender refused by its buffers tries again. Without this,
 *  a producer whose held pixels carry the rows of the new window waits for credit that no one
 *  gives back (its consumer waits for those very rows) until the run loop spills. */
export function windowMoved(layer: LayerActor, band: number): void {
  layer.bands[band].buffer.wakeWaiters();
  for (const r of layer.replicas) r.buffer.wakeWaiters();
}

/** Line-buffer bits line buffer `i` holds at most: the window of its largest output row plus the
 *  rows its producers can make meanwhile (residual skew, rowSkew.ts; a banded producer's rows made
 *  at once, bandLead.ts), and the rows of its next window being written (double-buffered: one row
 *  for a one-band stride-1 layer, more where the band skips rows, nextWindow.ts); a replica holds
 *  its share of them. */
export function minBufferBits(layer: LayerActor, i: number, demand: ReadonlyArray<Float64Array | undefined>, atOnce: readonly number[]): number {
  const b = layer.bands.length;
  const band = i < b ? i : 0;
  const fraction = i < b ? layer.lineFraction : layer.replicas[i - b].fraction;
  return (skewedWindowBits(layer, band, demand) + bandLeadBits(layer, atOnce) + nextWindowBits(layer, band)) * fraction;
}
