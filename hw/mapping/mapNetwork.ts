// mapNetwork: network + chip + options -> MappedNetwork. Reads shapes only (never weight arrays).
// Steps: describe layers and partition weights -> digital assignment -> segments (reload) ->
// duplication per segment -> placement -> pipeline edges and segment write costs.
import { OhmflowError } from '../../workloads/errors.js';
import type { NetworkSkeleton } from '../../workloads/ir/types.js';
import type { Arch } from '../arch/schema.js';
import { cellWriteCost } from './cellWrite.js';
import { loadTech } from '../tech/load.js';
import type { TechTable } from '../tech/schema.js';
import { assignDigital } from './digital.js';
import { chooseDuplication } from './duplication.js';
import { describeLayers } from './layers.js';
import { pipelineEdges } from './pipeline.js';
import { lastPlaced, placeSegment } from './placement.js';
import { assignSegments, chipCrossbars, chipPes } from './segments.js';
import { assumedLinkWarning, offChipLinks, parkedBits } from './offChip.js';
import { inputBitPlanes } from '../timing.js';
import type { DupPolicy, MapOptions, MappedLayer, MappedNetwork, Segment } from './types.js';

/** A duplication policy as text: auto, none, N, or NAME=N,NAME=N (the form --dup accepts). */
export function formatDup(dup: DupPolicy): string {
  return typeof dup === 'object' ? Object.entries(dup).map(([k, v]) => `${k}=${v}`).join(',') : String(dup);
}

export const DEFAULT_MAP_OPTIONS: MapOptions = { mapping: 'im2col', dup: 'auto', batch: 1, reload: false, digital: 'auto' };

function checkOptions(o: MapOptions): void {
  if (!Number.isSafeInteger(o.batch) || o.batch < 1) {
    throw new OhmflowError(`batch must be a whole number >= 1, got ${o.batch}`, { field: '--batch', fix: 'pass --batch 1 or more' });
  }
  if (typeof o.dup === 'number' && (!Number.isSafeInteger(o.dup) || o.dup < 1)) {
    throw new OhmflowError(`duplication must be a whole number >= 1, got ${o.dup}`, { field: '--dup', fix: 'pass --dup auto, none or a count such as 4' });
  }
  if (typeof o.dup === 'object') {
    for (const [name, n] of Object.entries(o.dup)) {
      if (!Number.isSafeInteger(n) || n < 1) {
        throw new OhmflowError(`duplication of ${name} must be a whole number >= 1, got ${n}`, { field: '--dup', fix: 'use NAME=COUNT pairs with counts >= 1' });
      }
    }
  }
}

/** Per-layer duplication must name layers of the network (a typo would be silently ignored;
 *  layers without weight copies are named by the search's records and keep one). */
function checkDupNames(dup: MapOptions['dup'], layers: readonly MappedLayer[]): void {
  if (typeof dup !== 'object') return;
  const names = new Set(layers.map((l) => l.name));
  const unknown = Object.keys(dup).filter((name) => !names.has(name));
  if (unknown.length === 0) return;
  const copyable = layers.filter((l) => l.engine === 'crossbar').map((l) => l.name);
  const shown = copyable.slice(0, 12).join(', ') + (copyable.length > 12 ? ', ...' : '');
  throw new OhmflowError(`--dup names ${unknown.map((n) => `"${n}"`).join(', ')}, which ${unknown.length === 1 ? 'is not a layer' : 'are not layers'} of this network`, {
    field: '--dup', fix: `name its crossbar layers (\`ohmflow map\` lists them): ${shown}`,
  });
}

function segmentCost(index: number, layers: readonly MappedLayer[], arch: Arch, reloading: boolean, latencyPsPerRow: number): Segment {
  const mine = layers.filter((l) => l.segment === index);
  const crossbarLayers = mine.filter((l) => l.partition);
  // PEs are programmed in parallel, the rows of one PE one after another (they share the write
  // drivers as they share ADCs); a layer spreads its rows evenly over its PEs.
  const rowsPerPe = crossbarLayers.map((l) => Math.ceil((l.duplication * l.partition!.rowsUsed) / Math.max(1, l.pes)));
  return {
    index,
    layers: mine.map((l) => l.name),
    crossbars: mine.reduce((s, l) => s + l.crossbars, 0),
    pes: mine.reduce((s, l) => s + l.pes, 0),
    cellsWritten: reloading ? crossbarLayers.reduce((s, l) => s + l.duplication * l.partition!.cellsUsed, 0) : 0,
    writeLatencyPs: reloading ? Math.max(0, ...rowsPerPe) * latencyPsPerRow : 0,
    parkedInBits: 0,
    parkedOutBits: 0,
  };
}

/** `tech` (the arch's table) supplies the cell-write cost when the arch has none; loaded from
 *  arch.tech when not given. */
export function mapNetwork(net: NetworkSkeleton, arch: Arch, options: Partial<MapOptions> = {}, tech?: TechTable): MappedNetwork {
  const o: MapOptions = { ...DEFAULT_MAP_OPTIONS, ...options };
  checkOptions(o);
  return mapLayers(net, arch, o, describeLayers(net, arch, o.mapping, o.kernelSplitFallback), tech);
}

/**
 * mapNetwork with the layers already described (describeLayers with the options' mapping and
 * fallback) for a chip of the same tile design: the description reads the tile, not the tile
 * count or mesh, so a search placing one network on chips of one tile design describes it once.
 */
export function mapDescribed(
  net: NetworkSkeleton, arch: Arch, options: Partial<MapOptions>, described: readonly MappedLayer[], tech?: TechTable,
): MappedNetwork {
  const o: MapOptions = { ...DEFAULT_MAP_OPTIONS, ...options };
  checkOptions(o);
  return mapLayers(net, arch, o, described, tech);
}

function mapLayers(net: NetworkSkeleton, arch: Arch, o: MapOptions, layersOfNet: readonly MappedLayer[], tech: TechTable | undefined): MappedNetwork {
  const described = assignDigital(layersOfNet, arch, o.digital);
  checkDupNames(o.dup, described);
  const { segments: segmentOf, folds } = assignSegments(described, arch, o.reload);
  const segmentCount = Math.max(...segmentOf) + 1;
  const reloading = segmentCount > 1;
  if (reloading && o.schedule === 'layer-by-layer') {
    throw new OhmflowError(`the layer-by-layer schedule needs every weight on chip, but "${net.name}" needs ${segmentCount} reload segments on arch "${arch.name}"`, {
      field: '--schedule', fix: 'use the pipelined schedule with --reload, or a larger chip',
    });
  }
  const placed = new Map<string, MappedLayer>();
  const layers: MappedLayer[] = [];
  for (let s = 0; s < segmentCount; s++) {
    const members = described.flatMap((l, i) => (segmentOf[i] === s ? [{ ...l, segment: s, folds: folds[i] }] : []));
    const dups = chooseDuplication(members, arch, o.dup, chipPes(arch));
    layers.push(...placeSegment(members.map((l, i) => ({ ...l, duplication: dups[i] })), arch, placed));
  }
  const warnings: string[] = [];
  const used = layers.reduce((s, l) => s + l.pes, 0);
  if (!reloading && used > chipPes(arch)) {
    // Only a fixed --dup N can get here (auto and none stay within the budget).
    throw new OhmflowError(`--dup ${formatDup(o.dup)} needs ${used} PEs but the chip has ${chipPes(arch)}`, { field: '--dup', fix: 'use --dup auto, a smaller count, or --reload' });
  }
  const digitalKinds = arch.tile.digital;
  const byName = new Map(layers.map((l) => [l.name, l]));
  for (const l of layers) {
    if (l.engine === 'digitalUnit') {
      const count = digitalKinds[l.digitalUnit!].count;
      if (count === 0) warnings.push(`${l.name}: arch has no ${l.digitalUnit} units on a tile; costed as one unit (add tile.digital.${l.digitalUnit}.count)`);
      // Units of every tile the producer's PEs fill (a function of its PE count, so more copies
      // upstream never mean fewer units here).
      const producer = lastPlaced(l, byName);
      const producerTiles = producer ? Math.ceil(producer.pes / arch.tile.peCount) : 1;
      l.digitalLanes = Math.max(1, count) * Math.max(1, producerTiles);
    }
    const bufferBytes = Math.max(1, l.placement.tiles.length) * arch.tile.inputBuffer.sizeBytes;
    if (l.lineBufferBytes > bufferBytes) {
      warnings.push(`${l.name}: line buffer of ${l.lineBufferBytes} B exceeds the ${bufferBytes} B input buffers of its tiles (tile.inputBuffer.sizeBytes)`);
    }
  }
  const table = tech ?? loadTech(arch.tech);
  const cellWrite = cellWriteCost(arch, arch.cellWrite ? undefined : table);
  const edges = pipelineEdges(layers, arch);
  const parked = parkedBits(edges, new Map(layers.map((l) => [l.name, l.segment])), segmentCount);
  const segments = Array.from({ length: segmentCount }, (_, s) => ({ ...segmentCost(s, layers, arch, reloading, cellWrite.latencyPsPerRow), ...parked[s] }));
  const offChip = offChipLinks(arch, table);
  if (reloading && offChip.assumed) warnings.push(assumedLinkWarning(offChip));
  return {
    format: 1,
    network: net.name,
    arch: arch.name,
    tech: arch.tech,
    options: { ...o, dup: typeof o.dup === 'object' ? { ...o.dup } : o.dup, digital: o.digital === 'auto' ? 'auto' : [...o.digital] },
    precision: {
      weightBits: arch.precision.weightBits,
      inputBits: arch.precision.inputBits,
      cellBits: arch.tile.pe.crossbar.cellBits,
      dacBits: arch.tile.pe.dac.bits,
      weightEncoding: arch.precision.weightEncoding,
      inputBitPlanes: inputBitPlanes(arch),
    },
    budget: {
      crossbarsAvailable: chipCrossbars(arch),
      pesAvailable: chipPes(arch),
      crossbarsNeededNoDup: described.reduce((s, l) => s + (l.partition?.crossbarsPerCopy ?? 0), 0),
      crossbarsUsed: reloading ? Math.max(...segments.map((g) => g.crossbars)) : layers.reduce((s, l) => s + l.crossbars, 0),
      pesUsed: reloading ? Math.max(...segments.map((g) => g.pes)) : used,
    },
    reloading,
    cellWrite,
    offChip,
    layers,
    edges,
    segments,
    warnings,
  };
}
