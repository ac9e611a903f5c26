// Where each copy's crossbars sit and what that makes it move per pixel, read off the crossbar
// layout the engine computes with: copies fill consecutive crossbars from the layer's first PE in
// layout order, so a copy's blocks may sit in several PEs and tiles. Per tile of a copy: the window
// values its blocks read, the partial sums its PEs merge over its bus, and the column blocks
// (output channel ranges) it sends down the chain of the copy's tiles; per tile of the layer, the
// share of input channels its line buffer keeps. (The analytical model derives the same from the
// partition geometry in hw/mapping/spans.ts.)
import type { CrossbarLayout } from './layout.js';

export interface EnginePart {
  tile: number;
  /** Window values of its blocks' rows (each set's row range once). */
  windowValues: number;
  /** Partial sums moved over its bus and added there: per output channel, its PEs holding one - 1. */
  mergeValues: number;
  /** Column blocks it holds sums of, keyed by their first output channel: channels per block. */
  blocks: Map<number, number>;
  /** Blocks it sends to the previous part, in key order: its own and every later part's. */
  sends: Array<[number, number]>;
}

export interface EngineSpan {
  /** Tile of the copy's first block: its lane. */
  tile: number;
  /** Tiles holding its blocks, ascending. */
  parts: EnginePart[];
  windowValues: number;
}

interface Placement {
  /** Global index of the layer's first crossbar (first PE x crossbars per PE). */
  firstCrossbar: number;
  crossbarsPerPe: number;
  pesPerTile: number;
}

/** A tile's line buffer: its share of each input pixel's channels, and the share a packet
 *  forwarded to it carries (what it or a later tile keeps). */
interface LineBufferShare {
  tile: number;
  fraction: number;
  carried: number;
}

/** Spans of `copies` copies of `layout`, and the layer's line buffers, tiles ascending. */
export function layoutSpans(layout: CrossbarLayout, copies: number, taps: number, at: Placement): { spans: EngineSpan[]; lineBuffers: LineBufferShare[] } {
  const blocks = layout.blocks;
  const inChannels = layout.patchLength / taps;
  const channelsOn = new Map<number, Set<number>>();
  const spans: EngineSpan[] = [];
  for (let c = 0; c < copies; c++) {
    const windowOn = new Map<number, Map<string, number>>();
    const window = new Set<string>();
    const pesOf = new Map<number, Map<number, { channels: number; pes: Set<number> }>>();
    let windowValues = 0;
    blocks.forEach((b, k) => {
      const pe = Math.floor((at.firstCrossbar + c * blocks.length + k) / at.crossbarsPerPe);
      const tile = Math.floor(pe / at.pesPerTile);
      const rowsKey = `${b.set}:${b.r0}`;
      let seen = windowOn.get(tile);
      if (seen === undefined) windowOn.set(tile, (seen = new Map()));
      if (!seen.has(rowsKey)) {
        seen.set(rowsKey, b.rows);
        let ch = channelsOn.get(tile);
        if (ch === undefined) channelsOn.set(tile, (ch = new Set()));
        for (let r = b.r0; r < b.r1; r++) ch.add(Math.floor(layout.setRows[b.set][r] / taps));
      }
      if (!window.has(rowsKey)) {
        window.add(rowsKey);
        windowValues += b.rows;
      }
      let keys = pesOf.get(tile);
      if (keys === undefined) pesOf.set(tile, (keys = new Map()));
      const key = b.outChannels[0];
      let e = keys.get(key);
      if (e === undefined) keys.set(key, (e = { channels: b.outChannels.length, pes: new Set() }));
      e.pes.add(pe);
    });
    const tiles = [...pesOf.keys()].sort((x, y) => x - y);
    const parts: EnginePart[] = tiles.map((tile) => {
      const own = pesOf.get(tile)!;
      let mergeValues = 0;
      const held = new Map<number, number>();
      for (const [key, e] of own) {
        mergeValues += (e.pes.size - 1) * e.channels;
        held.set(key, e.channels);
      }
      let rows = 0;
      for (const n of windowOn.get(tile)!.values()) rows += n;
      return { tile, windowValues: rows, mergeValues, blocks: held, sends: [] };
    });
    // A part sends its blocks and every block that reaches it from later parts.
    const passing = new Map<number, number>();
    for (let i = parts.length - 1; i >= 1; i--) {
      for (const [key, n] of parts[i].blocks) passing.set(key, n);
      parts[i].sends = [...passing].sort((x, y) => x[0] - y[0]);
    }
    spans.push({ tile: tiles[0], parts, windowValues });
  }
  const tiles = [...channelsOn.keys()].sort((x, y) => x - y);
  const later = new Set<number>();
  const lineBuffers = new Array<LineBufferShare>(tiles.length);
  for (let i = tiles.length - 1; i >= 0; i--) {
    const ch = channelsOn.get(tiles[i])!;
    for (const ic of ch) later.add(ic);
    lineBuffers[i] = { tile: tiles[i], fraction: ch.size / inChannels, carried: later.size / inChannels };
  }
  return { spans, lineBuffers };
}
