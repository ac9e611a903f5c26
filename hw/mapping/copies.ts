// Where each part of a layer's work runs, from its placement: the tile of every weight copy, the
// share of the output pixels each tile produces, and, for a layer on tile digital units, which
// tile computes which output row. Both the analytical model and the engine place work this way
// (docs/ppa-model.md, "Where work runs"), so counts and timing refer to the same tiles.
import type { Arch } from '../arch/schema.js';
import type { MappedLayer } from './types.js';

/** Input rows one output row's window covers: Kh, or (Kh - 1) * dh + 1 for a dilated conv. */
const windowRows = (layer: MappedLayer): number => (layer.kernel[0] - 1) * (layer.dilation?.[0] ?? 1) + 1;

/** Tile of each weight copy: copies fill consecutive crossbars from the layer's first PE. */
export function copyTiles(layer: MappedLayer, arch: Arch): number[] {
  if (layer.engine !== 'crossbar' || !layer.partition) return [layer.placement.tiles[0] ?? 0];
  const resident = Math.ceil(layer.partition.crossbarsPerCopy / layer.folds);
  const perPe = arch.tile.pe.crossbar.count;
  return Array.from({ length: layer.duplication }, (_, c) => Math.floor((layer.placement.firstPe + Math.floor((c * resident) / perPe)) / arch.tile.peCount));
}

/** Share of a layer's output pixels computed on each tile (copies split the pixels evenly). */
export function tileShares(layer: MappedLayer, arch: Arch): Map<number, number> {
  const shares = new Map<number, number>();
  if (layer.engine === 'crossbar') {
    const tiles = copyTiles(layer, arch);
    for (const t of tiles) shares.set(t, (shares.get(t) ?? 0) + 1 / tiles.length);
    return shares;
  }
  const bands = bandTiles(layer);
  const rows = outputRows(layer);
  for (let oy = 0; oy < rows; oy++) {
    const t = bands[oy % bands.length];
    shares.set(t, (shares.get(t) ?? 0) + 1 / rows);
  }
  return shares;
}

/** Output rows of a layer (1 for vectors). */
export function outputRows(layer: MappedLayer): number {
  return layer.outShape.length === 3 ? layer.outShape[1] : 1;
}

/**
 * Tiles holding the layer's line buffers ("bands"), each dealt output rows. A crossbar layer has
 * one band on its first tile, whose pixels go to all its copies (its other tiles keep replicas of
 * that line buffer, fed by multicast: hw/mapping/spans.ts lineBuffers); so does a layer that
 * needs its whole input (global pooling). A digital-unit layer has one band per tile it uses and
 * deals its output rows to them round-robin (row oy on band oy mod bands), so every band works at
 * the producer's frontier.
 */
export function bandTiles(layer: MappedLayer): number[] {
  const tiles = layer.placement.tiles.length > 0 ? layer.placement.tiles : [0];
  if (layer.engine !== 'digitalUnit' || layer.kind === 'globalavgpool') return [tiles[0]];
  return [...tiles];
}

/**
 * For each of the `sourceRows` rows of a producer's output, the consumer bands (indices into
 * bandTiles) whose windows read it: none for a row a strided window skips, two when overlapping
 * windows of rows dealt to different bands both read it. A consumer that needs its whole input
 * (dense, global pooling) reads every row into its one band.
 */
export function rowBands(consumer: MappedLayer, sourceRows: number): number[][] {
  const out: number[][] = Array.from({ length: sourceRows }, () => []);
  const windowed = consumer.outShape.length === 3 && consumer.kind !== 'globalavgpool' && consumer.kind !== 'dense';
  if (!windowed) {
    for (const r of out) r.push(0);
    return out;
  }
  const bands = bandTiles(consumer).length;
  const kh = windowRows(consumer);
  const [sh] = consumer.stride;
  const pt = consumer.padding[0];
  const isWindow = consumer.kind === 'conv2d' || consumer.kind === 'maxpool' || consumer.kind === 'avgpool';
  for (let oy = 0; oy < consumer.outShape[1]; oy++) {
    const lo = isWindow ? oy * sh - pt : oy;
    const hi = isWindow ? lo + kh - 1 : oy;
    const band = oy % bands;
    for (let y = Math.max(0, lo); y <= Math.min(sourceRows - 1, hi); y++) if (!out[y].includes(band)) out[y].push(band);
  }
  return out;
}

/** Input rows [lo, hi] (clipped to the input) that output row `oy` reads; all rows for a layer
 *  that needs its whole input. */
export function inputRowsOf(layer: MappedLayer, oy: number): [number, number] {
  const inRows = layer.inShape.length === 3 ? layer.inShape[1] : 1;
  if (layer.kind === 'dense' || layer.kind === 'globalavgpool' || layer.outShape.length !== 3) return [0, inRows - 1];
  if (layer.kind === 'conv2d' || layer.kind === 'maxpool' || layer.kind === 'avgpool') {
    const top = oy * layer.stride[0] - layer.padding[0];
    return [Math.max(0, top), Math.min(inRows - 1, top + windowRows(layer) - 1)];
  }
  return [oy, oy];
}
