// Time one pipeline stage (one layer) needs per image, as a function of its duplication. Both the
// duplication policy (to find the bottleneck) and the analytical model (hw/ppa) use it, so they
// cannot disagree. Formulas and assumptions: docs/ppa-model.md, "Latency".
import type { Arch } from '../arch/schema.js';
import { crossbarPixelPs, crossbarsPerAdc, cyclePs, sharedAdcPixelPs } from '../timing.js';
import type { MappedLayer } from './types.js';

export { cyclePs };

/** Time of one output pixel on one copy, ps (hw/timing.ts, over the partition's read shapes).
 *  When ADCs span crossbars, copies placed side by side share ADCs, so it depends on `dup`. */
export function pixelTimePs(layer: MappedLayer, arch: Arch, dup: number = layer.duplication): number {
  if (!layer.partition) return 0;
  if (crossbarsPerAdc(arch) > 1) return sharedAdcPixelPs(arch, layer.partition.readSequence, dup);
  return crossbarPixelPs(arch, layer.partition.readShapes);
}

/** PEs a crossbar layer occupies with `dup` copies (whole PEs; copies of one layer share PEs). */
export function pesFor(layer: MappedLayer, arch: Arch, dup: number): number {
  if (!layer.partition) return 0;
  const resident = Math.ceil(layer.partition.crossbarsPerCopy / layer.folds);
  return Math.ceil((dup * resident) / arch.tile.pe.crossbar.count);
}

/**
 * Buffer-to-PE bus time per image, ps: the input bits the layer reads, over the buses of the
 * fewest tiles its PEs can occupy (each tile has one bus).
 */
function busTimePs(layer: MappedLayer, arch: Arch, dup: number): number {
  const tiles = Math.max(1, Math.ceil(pesFor(layer, arch, dup) / arch.tile.peCount));
  const bits = layer.folds * layer.inputValuesRead * arch.precision.inputBits;
  return Math.ceil(bits / (arch.tile.bus.widthBits * tiles)) * cyclePs(arch);
}

/** Digital MAC lanes of `dup` tiles' digital MAC PEs. */
export function digitalMacLanes(arch: Arch, dup: number): number {
  const mac = arch.tile.digitalMacPes;
  return mac ? dup * mac.count * mac.macsPerCycle : 0;
}

/** Per-image time of a layer's stage with `dup` copies, ps. */
export function stageTimePs(layer: MappedLayer, arch: Arch, dup: number = layer.duplication): number {
  switch (layer.engine) {
    case 'crossbar': {
      const computePs = layer.folds * Math.ceil(layer.outputPixels / dup) * pixelTimePs(layer, arch, dup);
      return Math.max(computePs, busTimePs(layer, arch, dup));
    }
    case 'digitalMac':
      return Math.ceil(layer.macs / digitalMacLanes(arch, dup)) * cyclePs(arch);
    case 'digitalUnit': {
      const ops = layer.digitalUnit === 'activation' ? layer.activationOps : layer.digitalUnitOps;
      return Math.ceil(ops / Math.max(1, layer.digitalLanes)) * cyclePs(arch);
    }
    case 'none':
      return 0;
  }
}
