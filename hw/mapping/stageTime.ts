// Time one pipeline stage (one layer) needs per image, as a function of its duplication. Both the
// duplication policy (to find the bottleneck) and the analytical model (hw/ppa) use it, so they
// cannot disagree. Formulas and assumptions: docs/ppa-model.md, "Latency".
import type { Arch } from '../arch/schema.js';
import type { MappedLayer } from './types.js';

/** One digital clock cycle, ps. */
export function cyclePs(arch: Arch): number {
  return 1e12 / arch.clockHz;
}

/**
 * One read step, ps: the crossbar read and the conversion of the columns behind one ADC are
 * pipelined through the sample-and-hold, so the slower of the two sets the pace.
 */
export function readStepPs(arch: Arch): number {
  const { crossbar, adc } = arch.tile.pe;
  return Math.max(crossbar.readLatencyPs, (adc.columnsPerAdc * 1e12) / adc.sampleRateHz);
}

/** Input bit-planes per value: ceil(inputBits / dacBits). */
export function inputPlanes(arch: Arch): number {
  return Math.ceil(arch.precision.inputBits / arch.tile.pe.dac.bits);
}

/** Time of one output pixel on one copy, ps: planes x sequential reads per plane x read step. */
export function pixelTimePs(layer: MappedLayer, arch: Arch): number {
  if (!layer.partition) return 0;
  return inputPlanes(arch) * layer.partition.readRoundsPerPlane * readStepPs(arch);
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
export function busTimePs(layer: MappedLayer, arch: Arch, dup: number): number {
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
      const computePs = layer.folds * Math.ceil(layer.outputPixels / dup) * pixelTimePs(layer, arch);
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
