// Quantities that follow from an arch and that every later model needs the same way: columns per
// weight, weights per crossbar row, reads per input, the time of one read step and peak MAC rate.
import type { Arch } from './schema.js';
import { inputBitPlanes, readStepPs } from '../timing.js';

export { inputBitPlanes, readStepPs };

/** Columns one weight occupies: ceil(weightBits / cellBits), doubled by differential encoding. */
export function weightSlices(arch: Arch): number {
  const slices = Math.ceil(arch.precision.weightBits / arch.tile.pe.crossbar.cellBits);
  return arch.precision.weightEncoding === 'differential' ? 2 * slices : slices;
}

/** Whole weights one crossbar row holds side by side (output channels per crossbar). */
export function weightsPerCrossbarRow(arch: Arch): number {
  return Math.floor(arch.tile.pe.crossbar.cols / weightSlices(arch));
}

/** Reads to cover all rows once with activeRows rows per read. */
export function rowGroups(arch: Arch): number {
  const { rows, activeRows } = arch.tile.pe.crossbar;
  return Math.ceil(rows / activeRows);
}

/** Full-precision MACs one crossbar completes per second when every cell holds a weight. */
function crossbarMacsPerSecond(arch: Arch): number {
  const { rows } = arch.tile.pe.crossbar;
  const macsPerPass = rows * weightsPerCrossbarRow(arch);
  const passPs = inputBitPlanes(arch) * rowGroups(arch) * readStepPs(arch);
  return (macsPerPass * 1e12) / passPs;
}

/** Peak MACs per second of the chip: all crossbars busy, plus the digital MAC PEs. */
export function peakMacsPerSecond(arch: Arch): number {
  const crossbars = arch.chip.tiles * arch.tile.peCount * arch.tile.pe.crossbar.count;
  const digital = arch.tile.digitalMacPes;
  const digitalMacsPerSecond = digital ? arch.chip.tiles * digital.count * digital.macsPerCycle * arch.clockHz : 0;
  return crossbars * crossbarMacsPerSecond(arch) + digitalMacsPerSecond;
}
