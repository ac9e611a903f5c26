// Placement: a segment's layers fill consecutive PEs in network order (a layer starts on a fresh
// PE), so a layer's blocks share tiles and neighbouring layers sit on neighbouring tiles. Routers
// are numbered along a serpentine over the mesh, so consecutive tiles are at most one hop apart.
import type { Arch } from '../arch/schema.js';
import { digitalMacLanes, pesFor } from './stageTime.js';
import type { MappedLayer, Placement } from './types.js';

/** Mesh coordinates [x, y] of a tile's router (serpentine row order). */
export function routerOf(tile: number, arch: Arch): [number, number] {
  const router = Math.floor(tile / arch.noc.tilesPerRouter);
  const y = Math.floor(router / arch.noc.cols);
  const i = router % arch.noc.cols;
  return [y % 2 === 0 ? i : arch.noc.cols - 1 - i, y];
}

/** XY-routing hops between two tiles' routers. */
export function hopsBetween(a: number, b: number, arch: Arch): number {
  const [ax, ay] = routerOf(a, arch);
  const [bx, by] = routerOf(b, arch);
  return Math.abs(ax - bx) + Math.abs(ay - by);
}

function span(firstTile: number, lastTile: number, arch: Arch, firstPe: number, endPe: number): Placement {
  const tiles: number[] = [];
  for (let t = firstTile; t <= lastTile; t++) tiles.push(t);
  return { firstPe, endPe, tiles, routers: tiles.map((t) => routerOf(t, arch)) };
}

/** The input of this segment placed last (the largest end PE; the first such in input order): the
 *  producer whose tiles a digital-unit layer runs on, and whose PEs count its units. A channel
 *  product reads [x, gate]: it follows its feature map x, since the [C, 1, 1] gate, though placed
 *  last, holds one value per channel and says nothing of where x's pixels arrive. */
export function lastPlaced(layer: Pick<MappedLayer, 'kind' | 'inputs' | 'segment'>, placed: ReadonlyMap<string, MappedLayer>): MappedLayer | undefined {
  const inputs = layer.kind === 'mul' ? layer.inputs.slice(0, 1) : layer.inputs;
  const segment = layer.segment;
  let best: MappedLayer | undefined;
  for (const name of inputs) {
    const p = placed.get(name);
    if (p === undefined || p.segment !== segment || p.placement.tiles.length === 0) continue;
    if (best === undefined || p.placement.endPe > best.placement.endPe) best = p;
  }
  return best;
}

/**
 * Places the layers of one segment (dups already chosen). Digital MAC layers borrow the digital
 * PEs of `duplication` consecutive tiles from the current one; digital-unit and flatten layers run
 * on the tiles where their input placed last was produced.
 */
export function placeSegment(layers: MappedLayer[], arch: Arch, placed: Map<string, MappedLayer>): MappedLayer[] {
  const perTile = arch.tile.peCount;
  const lastTile = arch.chip.tiles - 1;
  let cursorPe = 0;
  return layers.map((layer) => {
    let out: MappedLayer;
    const currentTile = Math.min(lastTile, Math.floor(cursorPe / perTile));
    if (layer.engine === 'crossbar') {
      const pes = pesFor(layer, arch, layer.duplication);
      const placement = span(Math.floor(cursorPe / perTile), Math.floor((cursorPe + pes - 1) / perTile), arch, cursorPe, cursorPe + pes);
      cursorPe += pes;
      out = { ...layer, pes, crossbars: layer.duplication * Math.ceil(layer.partition!.crossbarsPerCopy / layer.folds), placement };
    } else if (layer.engine === 'digitalMac') {
      const first = Math.max(0, Math.min(currentTile, arch.chip.tiles - layer.duplication));
      out = {
        ...layer,
        digitalLanes: digitalMacLanes(arch, layer.duplication),
        placement: span(first, first + layer.duplication - 1, arch, cursorPe, cursorPe),
      };
    } else {
      // Outputs are produced spread over the producer's tiles; each tile's digital units handle
      // the share produced there, so the layer uses the units of all of them. Of several inputs
      // (add, concat), the one placed last: on the first one's tiles, a chain of joins and
      // gathers (a ShuffleNet stage's concat, shuffle and split, unit after unit) piled every
      // line buffer of the stage into one tile's input buffer.
      const producer = lastPlaced(layer, placed);
      const tiles = producer ? producer.placement.tiles : [currentTile];
      out = { ...layer, placement: span(tiles[0], tiles[tiles.length - 1], arch, cursorPe, cursorPe) };
    }
    placed.set(out.name, out);
    return out;
  });
}
