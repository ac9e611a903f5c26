// Work a crossbar layer does per pixel where a copy's crossbars span PEs or tiles
// (hw/mapping/spans.ts): each tile's window slice read from its own line buffer over its bus,
// partial sums merged over each tile's bus, and passed down the chain of the copy's tiles to its
// first tile (docs/ppa-model.md, "Where work runs"). Counts, shared-resource loads and
// per-pixel times all come from these.
import type { Arch } from '../arch/schema.js';
import { hopsBetween } from '../mapping/placement.js';
import { copySpans, partialSumBits, type CopySpan, type SpanPart } from '../mapping/spans.js';
import type { MappedLayer } from '../mapping/types.js';

/** One column block's partial sums moved from a part to the previous one, one packet per pixel. */
export interface BlockPacket {
  block: number;
  values: number;
  bitsPerPacket: number;
  flitsPerPacket: number;
}

/** What one part sends to the previous one per pixel: a packet per column block it or a later
 *  part holds, in block order. */
export interface PartSums {
  /** Index of the sending part: it sends from span.parts[from].tile to span.parts[from - 1].tile. */
  from: number;
  hops: number;
  /** Shared between parts that send the same blocks (read only). */
  packets: readonly BlockPacket[];
  /** By block: 1 where the receiving part holds the block too and adds the values (else it
   *  passes them on). */
  added: Uint8Array;
}

export interface CopyWork {
  span: CopySpan;
  /** Output pixels per image this copy computes (copies split the pixels evenly). */
  pixels: number;
  /** Index of the copy's work shape in its layer: copies whose spans have the same shape and the
   *  same hops between their parts move the same per pixel, and share the arrays below. */
  shape: number;
  /** Bits each part reads from its tile's buffer and moves over its bus per pixel (parts in span order). */
  sliceBits: readonly number[];
  /** Bits of partial sums each part moves over its own bus per pixel to merge them. */
  mergeBits: readonly number[];
  /** Every part's packets to the previous part, parts from the last, blocks in order. */
  sums: readonly PartSums[];
}

export interface SpanFlow {
  layer: MappedLayer;
  copies: CopyWork[];
  psumBits: number;
  /** Router traversals of one flit per image. */
  flitHops: number;
  /** Bus and buffer-read bits per image beyond one fetch per pixel: values read on two tiles. */
  extraReadBits: number;
  /** Bus bits per image that move partial sums to be merged. */
  mergeBusBits: number;
  /** Partial sums added per image: one accumulate (tile shift-add) per moved value. */
  accumulateOps: number;
}

/** A part's share of a pixel's fetch of `windowBits`, bits (exact for im2col windows). */
function sliceBitsOf(windowBits: number, partValues: number, copyValues: number): number {
  return Math.ceil((windowBits * partValues) / Math.max(1, copyValues) - 1e-9);
}

/** Per-pixel work of every copy of one shape, and its sums over the parts. */
interface ShapeWork {
  index: number;
  sliceBits: number[];
  mergeBits: number[];
  sums: PartSums[];
  sliceTotalBits: number;
  mergeTotalBits: number;
  accumulateValues: number;
}

/** Hops from each part to the previous one (0 for the first part). */
function partHops(span: CopySpan, arch: Arch): number[] {
  return span.parts.map((p, i) => (i === 0 ? 0 : hopsBetween(p.tile, span.parts[i - 1].tile, arch)));
}

function shapeWork(span: CopySpan, hops: readonly number[], windowBits: number, psumBits: number, flitBits: number, index: number): ShapeWork {
  const sliceBits = span.parts.map((p) => sliceBitsOf(windowBits, p.windowValues, span.windowValues));
  const mergeBits = span.parts.map((p) => p.mergeValues * psumBits);
  const sums: PartSums[] = [];
  let blockCount = 0;
  for (const p of span.parts) for (let k = 0; k < p.sends.length; k++) blockCount = Math.max(blockCount, p.sends[k][0] + 1);
  // One packet per block, and one list per distinct sends list (parts far from the copy's last
  // tile all send every block).
  const packetOf: BlockPacket[] = [];
  let lastSends: SpanPart['sends'] | undefined;
  let packets: BlockPacket[] = [];
  for (let i = span.parts.length - 1; i >= 1; i--) {
    const p = span.parts[i];
    if (p.sends !== lastSends) {
      lastSends = p.sends;
      packets = p.sends.map(([block, values]) => {
        const bits = values * psumBits;
        return (packetOf[block] ??= { block, values, bitsPerPacket: bits, flitsPerPacket: Math.ceil(bits / flitBits) });
      });
    }
    const added = new Uint8Array(blockCount);
    const prior = span.parts[i - 1].blocks;
    for (let k = 0; k < prior.length; k++) if (prior[k][0] < blockCount) added[prior[k][0]] = 1;
    sums.push({ from: i, hops: hops[i], packets, added });
  }
  return {
    index, sliceBits, mergeBits, sums,
    sliceTotalBits: sliceBits.reduce((s, b) => s + b, 0),
    mergeTotalBits: mergeBits.reduce((s, b) => s + b, 0),
    accumulateValues: span.parts.reduce((s, p) => s + p.mergeValues + p.addValues, 0),
  };
}

/** Per crossbar layer: each copy's span, pixels and per-pixel work. `windowBits` is one pixel's
 *  fetch (resources.pixelWork). */
export function spanFlow(layer: MappedLayer, arch: Arch, windowBits: number, spans: readonly CopySpan[] = copySpans(layer, arch)): SpanFlow {
  const psumBits = partialSumBits(layer, arch);
  const flit = arch.noc.flitBits;
  let flitHops = 0;
  let extraReadBits = 0;
  let mergeBusBits = 0;
  let accumulateOps = 0;
  const pixels = layer.outputPixels / spans.length;
  // Worked out once per shape (sums are added per copy, in copy order, as before).
  const shapes = new Map<string, ShapeWork>();
  const copies = spans.map((span): CopyWork => {
    const hops = partHops(span, arch);
    const key = `${span.shape}:${hops.join(',')}`;
    let w = shapes.get(key);
    if (w === undefined) shapes.set(key, (w = shapeWork(span, hops, windowBits, psumBits, flit, shapes.size)));
    extraReadBits += pixels * (w.sliceTotalBits - windowBits);
    mergeBusBits += pixels * w.mergeTotalBits;
    accumulateOps += pixels * w.accumulateValues;
    for (const run of w.sums) for (const r of run.packets) flitHops += pixels * r.flitsPerPacket * (run.hops + 1);
    return { span, pixels, shape: w.index, sliceBits: w.sliceBits, mergeBits: w.mergeBits, sums: w.sums };
  });
  return { layer, copies, psumBits, flitHops, extraReadBits, mergeBusBits, accumulateOps };
}
