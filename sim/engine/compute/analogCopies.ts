// `analog` fidelity's crossbars of one layer: every weight copy's cells vary on their own, drawn
// from the copy's seed when it is first programmed (device.ts: variation, stuck-at faults, drift,
// IR drop, on/off ratio); copies beyond VARIATION_CELL_BUDGET cells per
// layer reuse the draws of copy (index mod sets). Read noise comes from the stream given, which
// the caller owns (the engine: one per layer in event order; the functional runner: per image).
// The copies' packed images share WebAssembly memories (PackedArena).
import type { CrossbarLayout } from '../layout.js';
import type { BitSerialParams } from './bitSerial.js';
import type { ExactKernel } from './exact.js';
import { NormalStream, variationRng, VARIATION_CELL_BUDGET, type AnalogParams } from './analog.js';
import type { ReadNoise } from './readNoise.js';
import { PackedAdcCrossbar, PackedArena } from './packedAdc.js';
import { cellProgrammer, readEffects } from './device.js';

export function analogCopies(
  layout: CrossbarLayout,
  params: BitSerialParams,
  kernel: ExactKernel,
  a: AnalogParams,
  layer: number,
  noise: ReadNoise,
  rows: number,
): (copy: number) => PackedAdcCrossbar {
  const cells = layout.blocks.reduce((n, b) => n + b.usedCols * b.rows, 0);
  const maxLevel = 2 ** params.cellBits - 1;
  const read = readEffects(a, maxLevel);
  const sets = Math.max(1, Math.floor(VARIATION_CELL_BUDGET / Math.max(1, cells)));
  const programmed = new Map<number, PackedAdcCrossbar>();
  const arena = new PackedArena();
  return (copy) => {
    const set = copy % sets;
    let path = programmed.get(set);
    if (path === undefined) {
      const draws = new NormalStream(variationRng(a.seed, layer, set));
      const programmer = cellProgrammer(a, maxLevel, rows, draws, layer, set);
      path = new PackedAdcCrossbar(layout, params, kernel, { programmer, read, noise }, arena);
      programmed.set(set, path);
    }
    return path;
  };
}
