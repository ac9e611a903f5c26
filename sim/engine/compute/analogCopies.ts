// `analog` fidelity's crossbars of one layer: every weight copy's cells vary on their own, drawn
// from the copy's seed when it is first programmed (device.ts: variation, stuck-at faults, drift,
// IR drop, on/off ratio); copies beyond VARIATION_CELL_BUDGET cells per
// layer reuse the draws of copy (index mod sets). Read noise comes from the stream given, which
// the caller owns (the engine: one per layer in event order; the functional runner: per image).
// The copies' packed images share WebAssembly memories (PackedArena). Where the row kernel fits
// (analogRows.ts: the module converts, 1-bit DACs, no flips) it computes the copies, with the
// same results, several times faster.
import type { CrossbarLayout } from '../layout.js';
import type { BitSerialParams } from './bitSerial.js';
import type { ExactKernel } from './exact.js';
import { NormalStream, variationRng, VARIATION_CELL_BUDGET, type AnalogParams } from './analog.js';
import type { ReadNoise } from './readNoise.js';
import { PackedAdcCrossbar, PackedArena } from './packedAdc.js';
import { cellProgrammer, readEffects } from './device.js';
import { RowAnalogCrossbar, rowShapeFor } from './analogRows.js';
import { rowLayer } from './analogRowLayer.js';
import type { RowCodeCache } from './rowCodeCache.js';
import { RowBatch, type RowBatchSpec } from './rowBatch.js';

/** What a copy computes per pixel: acc[oc] += its partial sums for the window; the row kernel's
 *  copies also take the window as taps into the input (RowAnalogCrossbar.accumulateTaps), or run
 *  a pixel over a batch of images (accumulateBatch). */
interface AnalogCopy {
  accumulate(window: Int32Array, zx: number, acc: Int32Array): void;
  accumulateTaps?(input: Int8Array, taps: Int32Array, zx: number, acc: Int32Array): void;
  accumulateBatch?(batch: RowBatch, pixel: number): Int32Array;
}

/** A layer's copies by index (programmed on first use), and the batch their row-kernel copies
 *  share where the caller described its batches and the row kernel serves them. */
interface AnalogCopies {
  copyOf(copy: number): AnalogCopy;
  batch?: RowBatch;
}

export function analogCopies(
  layout: CrossbarLayout,
  params: BitSerialParams,
  kernel: ExactKernel,
  a: AnalogParams,
  layer: number,
  noise: ReadNoise,
  rows: number,
  /** The row kernel's codes kept across chips (rowCodeCache.ts), if the caller keeps them, under
   *  the chip's device.ts archProgrammingKey. */
  kept?: { cache: RowCodeCache; device: string },
  /** The caller's batches (the functional chip), for the row kernel's batch calls. */
  batchSpec?: RowBatchSpec,
): AnalogCopies {
  const cells = layout.blocks.reduce((n, b) => n + b.usedCols * b.rows, 0);
  const maxLevel = 2 ** params.cellBits - 1;
  const read = readEffects(a, maxLevel);
  const sets = Math.max(1, Math.floor(VARIATION_CELL_BUDGET / Math.max(1, cells)));
  // An array, not a Map: looked up once per pixel (LeNet-5's first conv: 784 copies).
  const programmed: Array<AnalogCopy | undefined> = [];
  const rowShape = kernel === 'wasm' ? rowShapeFor(layout, params, read) : undefined;
  // What the row kernel's copies share (their plan and tables), made once for the layer.
  const shared = rowShape === undefined ? undefined : rowLayer(layout, params, rowShape);
  const batch = shared !== undefined && batchSpec !== undefined && RowBatch.fits(shared, batchSpec) ? new RowBatch(shared, batchSpec) : undefined;
  const arena = new PackedArena(undefined, batch?.scratchBytes);
  const copyOf = (copy: number): AnalogCopy => {
    const set = copy % sets;
    let path = programmed[set];
    if (path === undefined) {
      const draws = new NormalStream(variationRng(a.seed, layer, set));
      const programmer = cellProgrammer(a, maxLevel, rows, draws, layer, set);
      path = shared !== undefined
        ? new RowAnalogCrossbar(shared, { programmer, read, noise, kept: kept && { ...kept, copy: `${layer}:${set}` } }, arena)
        : new PackedAdcCrossbar(layout, params, kernel, { programmer, read, noise }, arena);
      programmed[set] = path;
    }
    return path;
  };
  return { copyOf, batch };
}
