// How a crossbar layer's copies spread over PEs and tiles, and what that costs (docs/ppa-model.md,
// "Where work runs"). Copies fill consecutive crossbars from the layer's first PE in partition
// order (pack, array set, row block, column block), so one copy may span several PEs or tiles.
// - Line buffers: every tile of the layer keeps the input rows its crossbars read (a tile holding a
//   whole copy: all channels; a tile holding some row blocks of a copy: the input channels of
//   those), fed by forwarding each packet tile to tile from the layer's first tile, with the
//   channels that tile or a later one keeps.
// - A copy's crossbars on each tile read their window slice from that tile's buffer over its bus.
// - Partial sums of one output channel held by several PEs of a tile are merged over its bus into
//   its shift-add units; the tiles of a copy then pass theirs down a chain to the copy's first
//   tile, which requantizes: part i (tiles ascending) adds what part i + 1 sends to its own, then
//   sends to part i - 1. Sums travel one packet per column block (the output channels one crossbar
//   column range produces), so the chain pipelines: a block moves on as soon as it is added. Every
//   link and ejection port carries each sum once per pixel (trees made the first tile's ejection
//   port, or links shared by their long edges, the busiest resource of VGG-8 on the default chip).
// Formulas from the partition geometry; the engine derives the same from its crossbar layout.
import type { Arch } from '../arch/schema.js';
import type { MappedLayer } from './types.js';

/** What one tile holding crossbars of a copy moves per output pixel. */
export interface SpanPart {
  tile: number;
  /** Window values its crossbars read (each row block's rows once; row blocks are disjoint). Of a
   *  pixel's fetch (all window values, or the new ones only where inputs are reused), a part gets
   *  the share windowValues / CopySpan.windowValues. */
  windowValues: number;
  /** Partial sums moved over its bus to be merged on it: per output channel, PEs holding one - 1. */
  mergeValues: number;
  /** Column blocks it holds partial sums of: [block, output channels]. */
  blocks: Array<[number, number]>;
  /** Column blocks it sends to the previous part, one packet each: its own and every later part's
   *  (none for the copy's first tile). */
  sends: Array<[number, number]>;
  /** Partial sums it adds of what the next part sends (the blocks it holds too); the rest passes. */
  addValues: number;
}

export interface CopySpan {
  /** Tile of the copy's first crossbar (its lane): where it is dispatched and requantizes. */
  tile: number;
  /** Tiles holding its crossbars, ascending (parts[0] is the copy's tile). */
  parts: SpanPart[];
  /** Window values of all its row blocks. */
  windowValues: number;
  /** Copies of a layer with the same shape hold the same parts relative to their tile (they start
   *  at the same crossbar of a tile), so per-copy work can be worked out once per shape. */
  shape: number;
}

/** A tile's line buffer of a crossbar layer: the share of each input pixel's channels it keeps,
 *  and the share a packet forwarded to it carries (the channels it or a later tile keeps). */
export interface LineBufferTile {
  tile: number;
  fraction: number;
  carried: number;
}

/**
 * Width of a moved partial sum, bits: the exact dot product of `n` products of an inputBits-bit
 * input and a weightBits-bit weight needs at most inputBits + weightBits + ceil(log2 n) bits
 * ((2^a - 1)(2^b - 1) n < 2^(a+b) n), n = Cin/g x Kh x Kw (dense: inFeatures). Every partial sum of
 * the layer fits in it: one fixed width per layer, as a hardware accumulator.
 */
export function partialSumBits(layer: MappedLayer, arch: Arch): number {
  const p = layer.partition;
  const n = p ? p.rowsPerGroup * p.arraySets : 1;
  return arch.precision.inputBits + arch.precision.weightBits + Math.ceil(Math.log2(Math.max(1, n)));
}

/** Crossbar layers whose copies are placed as described (a layer folded over the whole chip by
 *  reloading rewrites its crossbars between folds: it keeps one line buffer and one part). */
function spreads(layer: MappedLayer): boolean {
  return layer.engine === 'crossbar' && layer.partition !== undefined && layer.folds === 1;
}

/** Span of every copy (one part on the copy's tile for a folded layer). */
export function copySpans(layer: MappedLayer, arch: Arch): CopySpan[] {
  return layerSpans(layer, arch).spans;
}

/** The layer's line buffers: its first tile, then its other tiles ascending (the forwarding chain). */
export function lineBuffers(layer: MappedLayer, arch: Arch): LineBufferTile[] {
  return layerSpans(layer, arch).buffers;
}

export interface LayerSpans {
  spans: CopySpan[];
  buffers: LineBufferTile[];
}

/** A copy's span with tiles counted from its first tile, and the input channel range each of its
 *  row blocks reads there: the same for every copy that starts at the same crossbar of a tile. */
export interface RelativeSpan {
  parts: SpanPart[];
  windowValues: number;
  channels: Array<[number, number, number]>;
}

/** Relative spans already worked out, by partition geometry and start crossbar: layers of the
 *  same shape (a ResNet's repeated blocks) share them. Scoped to one caller's use of one arch
 *  (edgeFlows makes one per call); entries are read only. */
export type RelativeSpanCache = Map<string, RelativeSpan>;

function cachedRelativeSpan(p: NonNullable<MappedLayer['partition']>, arch: Arch, start: number, taps: number, cache?: RelativeSpanCache): RelativeSpan {
  if (cache === undefined) return relativeSpan(p, arch, start, taps);
  const { rows } = arch.tile.pe.crossbar;
  const key = [
    rows, arch.tile.pe.crossbar.count, arch.tile.peCount, start, taps,
    p.packs, p.groupsPerPack, p.groups, p.rowsPerGroup, p.outChannelsPerGroup, p.arraySets, p.weightsPerCrossbarRow, p.colBlocks,
  ].join(',');
  let rel = cache.get(key);
  if (rel === undefined) cache.set(key, (rel = relativeSpan(p, arch, start, taps)));
  return rel;
}

/** Copies' spans and the layer's line buffers (`cache`: relative spans shared with the caller's other layers). */
export function layerSpans(layer: MappedLayer, arch: Arch, cache?: RelativeSpanCache): LayerSpans {
  const p = layer.partition;
  const perPe = arch.tile.pe.crossbar.count;
  const perTile = perPe * arch.tile.peCount;
  const firstXbar = layer.placement.firstPe * perPe;
  const home = layer.placement.tiles[0] ?? 0;
  if (!spreads(layer) || !p) {
    const resident = p ? Math.ceil(p.crossbarsPerCopy / layer.folds) : 0;
    const spans = Array.from({ length: layer.duplication }, (_, c) => {
      const tile = Math.floor((firstXbar + c * resident) / perTile);
      return { tile, parts: [{ tile, windowValues: 1, mergeValues: 0, blocks: [], sends: [], addValues: 0 }], windowValues: 1, shape: 0 };
    });
    return { spans, buffers: [{ tile: home, fraction: 1, carried: 1 }] };
  }
  const taps = p.scheme === 'kernel-split' ? 1 : layer.kernel[0] * layer.kernel[1];
  const inChannels = (p.rowsPerGroup / taps) * p.groups;
  // Input channel ranges whose values each tile's line buffer keeps.
  const channelsOn = new Map<number, Array<[number, number]>>();
  const byOffset = new Map<number, RelativeSpan & { shape: number }>();
  // The tile each shape last started on: a copy of the same shape on the same tile reads the same
  // channels there as the one before it.
  const lastBase = new Map<number, number>();
  const spans: CopySpan[] = [];
  for (let c = 0; c < layer.duplication; c++) {
    const start = firstXbar + c * p.crossbarsPerCopy;
    const base = Math.floor(start / perTile);
    let rel = byOffset.get(start % perTile);
    if (rel === undefined) byOffset.set(start % perTile, (rel = { ...cachedRelativeSpan(p, arch, start % perTile, taps, cache), shape: byOffset.size }));
    spans.push({ tile: base, parts: rel.parts.map((q) => ({ ...q, tile: base + q.tile })), windowValues: rel.windowValues, shape: rel.shape });
    if (lastBase.get(rel.shape) === base) continue;
    lastBase.set(rel.shape, base);
    for (const [t, lo, hi] of rel.channels) {
      let ranges = channelsOn.get(base + t);
      if (ranges === undefined) channelsOn.set(base + t, (ranges = []));
      ranges.push([lo, hi]);
    }
  }
  // The copies fill tiles upward from the layer's first tile, so ascending order starts there.
  const order = [...channelsOn.keys()].sort((x, y) => x - y);
  const carried = new Array<number>(order.length);
  let later: Array<[number, number]> = [];
  for (let i = order.length - 1; i >= 0; i--) {
    later = union([...later, ...channelsOn.get(order[i])!]);
    carried[i] = covered(later) / inChannels;
  }
  const buffers = order.map((tile, i) => ({ tile, fraction: covered(union(channelsOn.get(tile)!)) / inChannels, carried: carried[i] }));
  return { spans, buffers };
}

/** Inclusive integer ranges merged into disjoint ones, ascending. */
function union(ranges: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [lo, hi] of [...ranges].sort((x, y) => x[0] - y[0])) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function covered(disjoint: Array<[number, number]>): number {
  return disjoint.reduce((n, [lo, hi]) => n + hi - lo + 1, 0);
}

/** The span of a copy starting at crossbar `start` of a tile (tiles and PEs counted from there). */
function relativeSpan(p: NonNullable<MappedLayer['partition']>, arch: Arch, start: number, taps: number): RelativeSpan {
  const rows = arch.tile.pe.crossbar.rows;
  const perPe = arch.tile.pe.crossbar.count;
  const peCount = arch.tile.peCount;
  const wpr = p.weightsPerCrossbarRow;
  const inPerGroup = p.rowsPerGroup / taps;
  // Crossbars come in tile order from tile 0 (start is within a tile), so each tile's sums are
  // complete when the next tile begins. Per (pack, column block) key: its output channels, and on
  // the current tile the PEs holding its partial sums (a new PE is one other than the last seen).
  const keyCount = p.packs * p.colBlocks;
  const channelsOf = new Int32Array(keyCount);
  const pesOn = new Int32Array(keyCount);
  const lastPe = new Int32Array(keyCount);
  const seenOn = new Int32Array(keyCount).fill(-1);
  const keysOn: number[][] = [];
  const mergeOn: number[] = [];
  const windowOn: number[] = [];
  const closeTile = (t: number) => {
    let merge = 0;
    for (const key of keysOn[t]) merge += (pesOn[key] - 1) * channelsOf[key];
    mergeOn[t] = merge;
  };
  const channels: Array<[number, number, number]> = [];
  let windowValues = 0;
  let k = 0;
  for (let pack = 0; pack < p.packs; pack++) {
    const groupsIn = Math.min(p.groupsPerPack, p.groups - pack * p.groupsPerPack);
    const physRows = groupsIn * p.rowsPerGroup;
    const physCols = groupsIn * p.outChannelsPerGroup;
    const rowBlocks = Math.ceil(physRows / rows);
    const colBlocks = Math.ceil(physCols / wpr);
    // A block row's input channel: g0*inPerGroup + group-local channel, ascending with the row.
    const g0 = pack * p.groupsPerPack;
    const icOf = (j: number) => (g0 + Math.floor(j / p.rowsPerGroup)) * inPerGroup + Math.floor((j % p.rowsPerGroup) / taps);
    for (let a = 0; a < p.arraySets; a++) {
      for (let rb = 0; rb < rowBlocks; rb++) {
        const r0 = rb * rows;
        const r1 = Math.min(physRows, r0 + rows);
        const firstTile = Math.floor(Math.floor((start + k) / perPe) / peCount);
        for (let cb = 0; cb < colBlocks; cb++, k++) {
          const pe = Math.floor((start + k) / perPe);
          const tile = Math.floor(pe / peCount);
          if (tile === keysOn.length) {
            if (tile > 0) closeTile(tile - 1);
            keysOn.push([]);
          }
          const key = pack * p.colBlocks + cb;
          if (seenOn[key] !== tile) {
            seenOn[key] = tile;
            keysOn[tile].push(key);
            channelsOf[key] = Math.min(wpr, physCols - cb * wpr);
            pesOn[key] = 0;
            lastPe[key] = -1;
          }
          if (lastPe[key] !== pe) {
            pesOn[key]++;
            lastPe[key] = pe;
          }
        }
        // A row block's window values go to every tile holding one of its crossbars (consecutive).
        for (let t = firstTile; t < keysOn.length; t++) {
          windowOn[t] = (windowOn[t] ?? 0) + (r1 - r0);
          channels.push([t, icOf(r0), icOf(r1 - 1)]);
        }
        windowValues += r1 - r0;
      }
    }
  }
  if (keysOn.length > 0) closeTile(keysOn.length - 1);
  // One [block, channels] pair per key, shared by every list that names it (read only).
  const pairs: Array<[number, number]> = [];
  const pairOf = (key: number) => (pairs[key] ??= [key, channelsOf[key]]);
  // From the last part down: a part sends its own column blocks and every later part's, in block
  // order, and adds those it holds of what the next part sends.
  const parts = new Array<SpanPart>(keysOn.length);
  const later = new Uint8Array(keyCount);
  let sent: number[] = [];
  // Parts that send the same blocks share one list (read only).
  let sentPairs: Array<[number, number]> = [];
  for (let t = keysOn.length - 1; t >= 0; t--) {
    const own = keysOn[t].sort((x, y) => x - y);
    let addValues = 0;
    const fresh: number[] = [];
    for (const key of own) {
      if (later[key]) addValues += channelsOf[key];
      else fresh.push(key);
    }
    if (t > 0 && fresh.length > 0) {
      for (const key of fresh) later[key] = 1;
      sent = mergeSorted(sent, fresh);
      sentPairs = sent.map(pairOf);
    }
    const blocks = own.map(pairOf);
    parts[t] = { tile: t, windowValues: windowOn[t] ?? 0, mergeValues: mergeOn[t], blocks, sends: t > 0 ? sentPairs : [], addValues };
  }
  return { parts, windowValues, channels };
}

/** Two ascending lists of distinct numbers merged into one. */
function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) out[n++] = a[i] < b[j] ? a[i++] : b[j++];
  while (i < a.length) out[n++] = a[i++];
  while (j < b.length) out[n++] = b[j++];
  return out;
}
