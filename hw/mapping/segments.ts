// Segments for limited resources (AERO): when one copy of every layer does not fit the chip's PEs,
// consecutive layers are grouped into segments that each fit; a segment's weights are written into
// the crossbars before it runs a batch. With reloading off this is an error that says what is missing.
import { OhmflowError } from '../../workloads/errors.js';
import type { Arch } from '../arch/schema.js';
import { pesFor } from './stageTime.js';
import type { MappedLayer } from './types.js';

export function chipPes(arch: Arch): number {
  return arch.chip.tiles * arch.tile.peCount;
}

export function chipCrossbars(arch: Arch): number {
  return chipPes(arch) * arch.tile.pe.crossbar.count;
}

/** Smallest fold count that makes one copy's resident share fit `budget` PEs. */
function foldsToFit(layer: MappedLayer, arch: Arch, budget: number): number {
  let folds = Math.ceil(pesFor(layer, arch, 1) / budget);
  while (pesFor({ ...layer, folds }, arch, 1) > budget) folds += 1;
  return folds;
}

/** Segment index per layer (all 0 when everything fits), and folds per layer. */
export function assignSegments(layers: readonly MappedLayer[], arch: Arch, reload: boolean): { segments: number[]; folds: number[] } {
  const budget = chipPes(arch);
  const needPes = layers.reduce((s, l) => s + pesFor(l, arch, 1), 0);
  const needCrossbars = layers.reduce((s, l) => s + (l.partition?.crossbarsPerCopy ?? 0), 0);
  const ones = layers.map(() => 1);
  if (needPes <= budget) return { segments: layers.map(() => 0), folds: ones };
  if (!reload) {
    throw new OhmflowError(
      `the weights need ${needCrossbars} crossbars (${needPes} PEs of ${arch.tile.pe.crossbar.count}) but arch "${arch.name}" has ${chipCrossbars(arch)} (${budget} PEs)`,
      { field: 'chip.tiles', fix: `pass --reload to run in segments with weight reloading, or grow chip.tiles to at least ${Math.ceil(needPes / arch.tile.peCount)}` },
    );
  }
  const segments: number[] = [];
  const folds = [...ones];
  let current = 0;
  let used = 0;
  layers.forEach((layer, i) => {
    let pes = pesFor(layer, arch, 1);
    if (pes > budget) {
      // Larger than the whole chip: the layer gets segments of its own and loads its weights in
      // folds (AERO's limited-resource case at its extreme).
      folds[i] = foldsToFit(layer, arch, budget);
      pes = budget + 1; // forces a fresh segment before and after it
    }
    if (used > 0 && used + pes > budget) {
      current += 1;
      used = 0;
    }
    used += pes;
    segments.push(current);
  });
  return { segments, folds };
}
