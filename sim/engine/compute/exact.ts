// `exact` fidelity: each crossbar's partial sums computed directly as integer dot products over the
// weights the block holds (valid because the ADC is proven lossless), accumulated digitally across
// row blocks and kernel-split array sets into int32 accumulators.
import type { CrossbarLayout } from '../layout.js';

/** acc[oc] += sum over blocks of the block's partial sums; `window` holds int8 codes, zx the input zero point. */
export function accumulateExact(layout: CrossbarLayout, window: Int32Array, zx: number, acc: Int32Array, scratch: Int32Array[]): void {
  for (let s = 0; s < layout.setRows.length; s++) {
    const rows = layout.setRows[s];
    const v = scratch[s];
    for (let j = 0; j < rows.length; j++) v[j] = window[rows[j]] - zx;
  }
  for (const b of layout.blocks) {
    const v = scratch[b.set];
    const w = b.weights;
    const n = b.outChannels.length;
    for (let j = 0; j < n; j++) {
      const base = j * b.rows;
      const lo = b.lo[j];
      const hi = b.hi[j];
      let sum = 0;
      for (let i = lo; i < hi; i++) sum = (sum + Math.imul(w[base + i], v[b.r0 + i])) | 0;
      const oc = b.outChannels[j];
      acc[oc] = (acc[oc] + sum) | 0;
    }
  }
}

/** Scratch vectors, one per set, sized to the set's rows. */
export function layoutScratch(layout: CrossbarLayout): Int32Array[] {
  return layout.setRows.map((r) => new Int32Array(r.length));
}
