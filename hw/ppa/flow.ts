// Data movement of the inter-layer pipeline, per image: which tile sends how many packets to which
// tile on each edge. A producer sends every output pixel (all its channels) as one packet from the
// tile that computed it to each consumer band (line buffer) whose windows read that row; a crossbar
// consumer's band forwards each packet along the chain of its other tiles, whose line buffers keep
// the channels their crossbars read (docs/ppa-model.md, "Where work runs" and "NoC and buffer
// traffic"). Router, buffer-write and link counts, and transfer latencies, all come from these.
import type { Arch } from '../arch/schema.js';
import { bandTiles, copyTiles, rowBands } from '../mapping/copies.js';
import { hopsBetween } from '../mapping/placement.js';
import { layerSpans, type CopySpan, type LayerSpans, type LineBufferTile, type RelativeSpanCache } from '../mapping/spans.js';
import { cyclePs } from '../mapping/stageTime.js';
import type { MappedLayer, MappedNetwork, PipelineEdge } from '../mapping/types.js';

/** Packets from one tile to one tile per image. */
export interface Route {
  srcTile: number;
  dstTile: number;
  /** Packets per image (fractional: copies split pixels evenly). */
  packets: number;
  hops: number;
}

/** Bits written into one tile's input buffer per image. */
export interface BufferWrite {
  tile: number;
  packets: number;
  /** Bits of each packet the tile keeps (a share of the channels on a crossbar layer's other tiles). */
  bitsPerPacket: number;
}

export interface EdgeFlow {
  edge: PipelineEdge;
  /** The layer whose data moves (a flatten is followed back to what produced its bytes). */
  source: MappedLayer;
  consumer: MappedLayer;
  /** From the network input or another segment: written into the consumer's buffers, no NoC. */
  injected: boolean;
  routes: Route[];
  /** Legs of the multicast of every packet the band receives along the crossbar consumer's other
   *  tiles (each leg's flits: the channels its tile or a later one keeps). */
  forward: Array<Route & { flitsPerPacket: number }>;
  bitsPerPacket: number;
  flitsPerPacket: number;
  /** Writes into the consumer's line buffers (bands, then a crossbar layer's other tiles). */
  writes: BufferWrite[];
  /** Bits written into the consumer's input buffers per image (each line buffer that keeps a row). */
  deliveredBits: number;
  /** Router traversals of one flit per image: packets x flits x (hops + 1) on routes that leave the tile. */
  flitHops: number;
  /** A crossbar consumer's copies' spans (hw/mapping/spans.ts), worked out once for all its uses. */
  consumerSpans?: CopySpan[];
  /** Longest contention-free time from a pixel leaving its producer to it being readable in every
   *  consumer buffer, ps: (hops+1) router latencies + (hops + flits) flit times per route (and per
   *  forwarding step) + the buffer write. Injected data: the time to write a buffer's whole share. */
  transferPs: number;
}

/** One flit's time on a link, ps. */
export function flitPs(arch: Arch): number {
  return Math.ceil(arch.noc.flitBits / arch.noc.linkBandwidthBitsPerCycle) * cyclePs(arch);
}

/** Contention-free time of a packet of `flits` over `hops` hops, head in to tail out, ps. */
export function nocPs(hops: number, flits: number, arch: Arch): number {
  return (hops + 1) * arch.noc.routerLatencyPs + (hops + flits) * flitPs(arch);
}

/** Bits of a packet forwarded to a crossbar layer's tile: the channels it or a later tile keeps. */
function carriedBits(bits: number, to: LineBufferTile): number {
  return Math.ceil(bits * to.carried - 1e-9);
}

/**
 * Contention-free arrival of each copy of a multicast packet (tail out of each ejection port),
 * from its injection, ps: the head crosses a router (latency) and a link (one flit) per hop; the
 * tail follows at least one flit behind, each leg's packet possibly shorter (as NocActor times it).
 */
function multicastPs(legs: ReadonlyArray<{ hops: number; flitsPerPacket: number }>, arch: Arch): number[] {
  const flit = flitPs(arch);
  const stepPs = arch.noc.routerLatencyPs + flit;
  let tailPs = (legs[0].flitsPerPacket - 1) * flit;
  let router = 0;
  const out: number[] = [];
  for (const leg of legs) {
    for (let h = 0; h < leg.hops; h++, router++) tailPs = Math.max(router * stepPs + arch.noc.routerLatencyPs + leg.flitsPerPacket * flit, tailPs + flit);
    out.push(Math.max(router * stepPs + arch.noc.routerLatencyPs + leg.flitsPerPacket * flit, tailPs + flit));
  }
  return out;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Follows relabelling layers (flatten) back to the layer that produced the bytes. */
function dataSource(name: string, byName: ReadonlyMap<string, MappedLayer>): MappedLayer {
  let l = byName.get(name)!;
  while (l.kind === 'flatten' && l.inputs.length > 0) l = byName.get(l.inputs[0])!;
  return l;
}

function rowsAndWidth(shape: readonly number[]): { rows: number; width: number; channels: number } {
  if (shape.length === 3) return { rows: shape[1], width: shape[2], channels: shape[0] };
  return { rows: 1, width: 1, channels: shape.reduce((p, d) => p * d, 1) };
}

/**
 * Tile each output row of a producer comes from, as [tile, share] pairs. A crossbar layer's band
 * deals its pixels to its copies round-robin, pixel n of an image to copy (n + o) mod d, the offset
 * o moving by P mod d from one image to the next: in steady state the offsets are the multiples of
 * gcd(P, d), so a row's share of each tile is its pixels' copies averaged over those offsets.
 */
export function sourceTiles(source: MappedLayer, arch: Arch, rows: number): Array<Array<[number, number]>> {
  if (source.engine === 'crossbar') {
    const tiles = copyTiles(source, arch);
    const d = tiles.length;
    const width = source.outputPixels / rows;
    const g = gcd(source.outputPixels, d);
    // Pixel x of a row starting at pixel n0 lands on copy c for exactly one offset when
    // x = c - n0 (mod g): a row's shares depend only on n0 mod g.
    const inClass = Array.from({ length: g }, (_, r) => Math.floor((width - 1 - r) / g) + 1);
    const byClass = Array.from({ length: g }, (_, r0) => {
      const share = new Map<number, number>();
      tiles.forEach((t, c) => share.set(t, (share.get(t) ?? 0) + (width > ((c - r0) % g + g) % g ? inClass[((c - r0) % g + g) % g] : 0) / ((width * d) / g)));
      return [...share].filter(([, v]) => v > 0);
    });
    return Array.from({ length: rows }, (_, y) => byClass[(y * width) % g]);
  }
  const bands = source.engine === 'digitalUnit' ? bandTiles(source) : [source.placement.tiles[0] ?? 0];
  return Array.from({ length: rows }, (_, y) => [[bands[y % bands.length], 1]]);
}

/** Flows of every edge into a layer that does work (edges into flatten carry nothing by themselves). */
export function edgeFlows(mapped: MappedNetwork, arch: Arch): EdgeFlow[] {
  const byName = new Map(mapped.layers.map((l) => [l.name, l]));
  const bits = arch.precision.inputBits;
  const bufferBits = arch.tile.inputBuffer.bandwidthBitsPerCycle;
  const cycle = cyclePs(arch);
  const writePs = (b: number) => Math.ceil(b / bufferBits) * cycle;
  const flows: EdgeFlow[] = [];
  // A crossbar consumer's spans and line buffers, once per consumer.
  const placedOf = new Map<string, LayerSpans>();
  const relativeSpans: RelativeSpanCache = new Map();
  for (const edge of mapped.edges) {
    const consumer = byName.get(edge.to)!;
    if (consumer.engine === 'none') continue;
    const source = dataSource(edge.from, byName);
    const { rows, width, channels } = rowsAndWidth(source.outShape);
    const bitsPerPacket = channels * bits;
    const flitsPerPacket = Math.ceil(bitsPerPacket / arch.noc.flitBits);
    const bandsOfRow = rowBands(consumer, rows);
    const dst = bandTiles(consumer);
    // A crossbar consumer's line buffers: its band (first tile) and the chain of its other tiles.
    let placed = placedOf.get(consumer.name);
    if (placed === undefined && consumer.engine === 'crossbar') placedOf.set(consumer.name, (placed = layerSpans(consumer, arch, relativeSpans)));
    const chain: LineBufferTile[] = placed?.buffers ?? dst.map((tile) => ({ tile, fraction: 1, carried: 1 }));
    const injected = source.kind === 'input' || source.segment !== consumer.segment;
    const bandPackets = dst.map(() => 0);
    for (let y = 0; y < bandsOfRow.length; y++) {
      const bands = bandsOfRow[y];
      for (let k = 0; k < bands.length; k++) bandPackets[bands[k]] += width;
    }
    const writes: BufferWrite[] = consumer.engine === 'crossbar'
      ? chain.map((l) => ({ tile: l.tile, packets: bandPackets[0], bitsPerPacket: l.fraction * bitsPerPacket }))
      : dst.map((tile, b) => ({ tile, packets: bandPackets[b], bitsPerPacket }));
    const deliveredBits = writes.reduce((s, w) => s + w.packets * w.bitsPerPacket, 0);
    const routes = new Map<number, Route>();
    const forward: EdgeFlow['forward'] = [];
    let flitHops = 0;
    let transferPs: number;
    if (injected) {
      // Written whole into each line buffer before any of it is read.
      transferPs = Math.max(0, ...writes.map((w) => writePs(w.packets * w.bitsPerPacket)));
    } else {
      const src = sourceTiles(source, arch, rows);
      let routePs = 0;
      for (let y = 0; y < rows; y++) {
        const shares = src[y];
        const bands = bandsOfRow[y];
        for (let j = 0; j < shares.length; j++) {
          const s = shares[j][0];
          const share = shares[j][1];
          for (let k = 0; k < bands.length; k++) {
            const d = dst[bands[k]];
            const key = s * 1_000_003 + d;
            let r = routes.get(key);
            if (r === undefined) {
              r = { srcTile: s, dstTile: d, packets: 0, hops: s === d ? 0 : hopsBetween(s, d, arch) };
              routes.set(key, r);
              if (s !== d) routePs = Math.max(routePs, nocPs(r.hops, flitsPerPacket, arch));
            }
            r.packets += share * width;
          }
        }
      }
      for (const r of routes.values()) if (r.srcTile !== r.dstTile) flitHops += r.packets * flitsPerPacket * (r.hops + 1);
      // The band multicasts each packet as it arrives along the other tiles (one router traversal
      // per router on the way); a tile's copy is readable once written there.
      let lastPs = Math.max(0, ...writes.map((w) => writePs(w.bitsPerPacket)));
      if (consumer.engine === 'crossbar' && chain.length > 1) {
        for (let i = 1; i < chain.length; i++) {
          const hops = hopsBetween(chain[i - 1].tile, chain[i].tile, arch);
          const flits = Math.ceil(carriedBits(bitsPerPacket, chain[i]) / arch.noc.flitBits);
          forward.push({ srcTile: chain[i - 1].tile, dstTile: chain[i].tile, packets: bandPackets[0], hops, flitsPerPacket: flits });
          flitHops += bandPackets[0] * flits * (hops + (i === 1 ? 1 : 0));
        }
        const arrivals = multicastPs(forward, arch);
        lastPs = Math.max(writePs(writes[0].bitsPerPacket), ...arrivals.map((a, i) => a + writePs(writes[i + 1].bitsPerPacket)));
      }
      transferPs = routePs + lastPs;
    }
    flows.push({
      edge, source, consumer, injected, routes: [...routes.values()], forward, bitsPerPacket, flitsPerPacket, writes, deliveredBits, flitHops, transferPs,
      consumerSpans: placed?.spans,
    });
  }
  return flows;
}
