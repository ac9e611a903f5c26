// On-chip wires priced by their length (NeuroSim's HTree/Bus/XYBus model: a repeated wire costs a
// fixed energy per toggling bit per mm). The lengths come from the floorplan: a bit on the tile bus
// crosses about one tile side (an H-tree's root-to-leaf path in a square tile: S/2 + S/4 + ...),
// and a hop between routers one router pitch. First order: no layout, square tiles.
import type { TechTable } from '../tech/schema.js';

/** Energy to move one bit over `lengthMm` of wire, pJ (0 when the table has no wire model). */
export function wireBitPj(tech: TechTable, lengthMm: number): number {
  const w = tech.wire;
  return w === undefined ? 0 : w.energyPjPerBitMm.value * w.toggleRate.value * lengthMm;
}
