// The row kernel's conductance codes of one chip's copies, kept for the next chip that programs
// the same cells on the same device. An accuracy study's ADC settings of one (variation, trial)
// differ only in what the ADC sets (tables, thresholds): their conductances are the same draws from
// the same streams, so a chip after the first copies its codes in instead of drawing them again
// (programming is most of a chip's build). Outputs are the same, bit for bit, hit or miss.
import type { RowLayer } from './analogRowLayer.js';

/** Whether two layers' copies write the same codes from the same draws: the same cells in the same
 *  programming order (runs, levels), the same code scale and the same codes region. */
function sameCells(a: RowLayer, b: RowLayer): boolean {
  if (a === b) return true;
  if (a.codeOne !== b.codeOne || a.codeTop !== b.codeTop || a.noiseByte - a.codesByte !== b.noiseByte - b.codesByte) return false;
  if (a.runs.length !== b.runs.length || a.levels.length !== b.levels.length) return false;
  for (let i = 0; i < a.runs.length; i++) if (a.runs[i] !== b.runs[i]) return false;
  for (let i = 0; i < a.levels.length; i++) if (a.levels[i] !== b.levels[i]) return false;
  return true;
}

/** One copy's entry: where it sits in the cache. */
export interface KeptCodes {
  readonly cache: RowCodeCache;
  /** device.ts programmingKey: everything of the device that programming reads. */
  readonly device: string;
  /** The copy's draw streams: its layer index and copy set. */
  readonly copy: string;
}

/** Codes of one device's copies; a new device empties it (one chip's worth of memory at most). */
export class RowCodeCache {
  private device = '';
  private readonly kept = new Map<string, { layer: RowLayer; codes: Int32Array }>();
  /** sameCells per new layer, against the layer its copies' codes were kept from. */
  private readonly checked = new WeakMap<RowLayer, { from: RowLayer; same: boolean }>();
  /** Copies whose codes came from the cache (for tests and profiles). */
  hits = 0;

  /** The codes kept for `k`'s copy, if they were programmed for cells like `layer`'s. */
  codes(k: KeptCodes, layer: RowLayer): Int32Array | undefined {
    if (k.device !== this.device) return undefined;
    const entry = this.kept.get(k.copy);
    if (entry === undefined) return undefined;
    let check = this.checked.get(layer);
    if (check?.from !== entry.layer) {
      check = { from: entry.layer, same: sameCells(layer, entry.layer) };
      this.checked.set(layer, check);
    }
    if (!check.same) return undefined;
    this.hits++;
    return entry.codes;
  }

  /** Keeps `codes` (the copy's codes region) as `k`'s, programmed for `layer`. */
  keep(k: KeptCodes, layer: RowLayer, codes: Int32Array): void {
    if (k.device !== this.device) {
      this.kept.clear();
      this.device = k.device;
    }
    this.kept.set(k.copy, { layer, codes });
  }
}
