// Weight duplication: copies of a layer's weights process different output pixels in parallel.
// 'auto' is greedy pipeline balancing (the DSE issue replaces it by simulated annealing): while
// PEs remain, give the current bottleneck stage just enough extra copies to shorten it by one
// pixel step; stop when the bottleneck cannot be shortened within the budget. Each step only
// lowers one stage's time, so the interval never gets worse than with one copy per layer.
import type { Arch } from '../arch/schema.js';
import { pesFor, stageTimePs } from './stageTime.js';
import type { DupPolicy, MappedLayer } from './types.js';

/** Smallest copy count that lowers ceil(pixels / dup) below its value at `dup`. */
function nextUsefulDup(pixels: number, dup: number): number {
  const steps = Math.ceil(pixels / dup);
  return steps <= 1 ? dup : Math.ceil(pixels / (steps - 1));
}

function greedy(layers: readonly MappedLayer[], arch: Arch, pesBudget: number): number[] {
  const dups = layers.map(() => 1);
  let pesUsed = layers.reduce((s, l) => s + pesFor(l, arch, 1), 0);
  let digitalTilesUsed = layers.filter((l) => l.engine === 'digitalMac').length;
  const times = layers.map((l) => stageTimePs(l, arch, 1));
  for (;;) {
    let b = -1;
    // Digital-unit stages are left out: their units come with the producer's tiles, not copies.
    for (let i = 0; i < layers.length; i++) {
      if (layers[i].engine === 'digitalUnit') continue;
      if (b < 0 || times[i] > times[b]) b = i;
    }
    if (b < 0 || times[b] === 0) break;
    const layer = layers[b];
    if (layer.engine === 'crossbar' && layer.folds > 1) {
      break; // a folded layer already time-shares the whole chip
    } else if (layer.engine === 'crossbar') {
      const next = nextUsefulDup(layer.outputPixels, dups[b]);
      if (next === dups[b]) break;
      const extra = pesFor(layer, arch, next) - pesFor(layer, arch, dups[b]);
      if (pesUsed + extra > pesBudget) break;
      pesUsed += extra;
      dups[b] = next;
    } else if (layer.engine === 'digitalMac') {
      // One more tile's digital MAC PEs; a tile lends its digital PEs to one layer at a time.
      if (digitalTilesUsed + 1 > arch.chip.tiles) break;
      digitalTilesUsed += 1;
      dups[b] += 1;
    } else {
      break; // a digital-unit stage is the bottleneck: copies of weights cannot help it
    }
    times[b] = stageTimePs(layers[b], arch, dups[b]);
  }
  return dups;
}

/** Copies per layer (1 for layers without weights) under `policy` within `pesBudget` PEs. */
export function chooseDuplication(layers: readonly MappedLayer[], arch: Arch, policy: DupPolicy, pesBudget: number): number[] {
  if (policy === 'auto') return greedy(layers, arch, pesBudget);
  if (typeof policy === 'object') {
    return layers.map((l) => (l.engine === 'crossbar' || l.engine === 'digitalMac' ? Math.max(1, Math.min(policy[l.name] ?? 1, l.engine === 'crossbar' ? l.outputPixels : arch.chip.tiles)) : 1));
  }
  const n = policy === 'none' ? 1 : policy;
  return layers.map((l) => (l.engine === 'crossbar' ? Math.max(1, Math.min(n, l.outputPixels)) : 1));
}
