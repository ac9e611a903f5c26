// Data movement of the inter-layer pipeline, per image: which tile sends how many packets to which
// tile on each edge. A producer sends every output pixel (all its channels) as one packet from the
// tile that computed it to each consumer band (line buffer) whose windows read that row
// (docs/ppa-model.md, "Where work runs" and "NoC and buffer traffic"). Router, buffer-write and
// link counts, and transfer latencies, all come from these routes.
import type { Arch } from '../arch/schema.js';
import { bandTiles, rowBands, tileShares } from '../mapping/copies.js';
import { hopsBetween } from '../mapping/placement.js';
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

export interface EdgeFlow {
  edge: PipelineEdge;
  /** The layer whose data moves (a flatten is followed back to what produced its bytes). */
  source: MappedLayer;
  consumer: MappedLayer;
  /** From the network input or another segment: written into the consumer's buffers, no NoC. */
  injected: boolean;
  routes: Route[];
  bitsPerPacket: number;
  flitsPerPacket: number;
  /** Bits written into the consumer's input buffers per image (each band that reads a row gets it). */
  deliveredBits: number;
  /** Router traversals of one flit per image: packets x flits x (hops + 1) on routes that leave the tile. */
  flitHops: number;
  /** Longest contention-free time from a pixel leaving its producer to it being readable in a
   *  consumer buffer, ps: (hops+1) router latencies + (hops + flits) flit times + the buffer write.
   *  Injected data: the time to write a band's whole share into its buffer. */
  transferPs: number;
}

/** One flit's time on a link, ps. */
export function flitPs(arch: Arch): number {
  return Math.ceil(arch.noc.flitBits / arch.noc.linkBandwidthBitsPerCycle) * cyclePs(arch);
}

/** Follows relabelling layers (flatten) back to the layer that produced the bytes. */
export function dataSource(name: string, byName: ReadonlyMap<string, MappedLayer>): MappedLayer {
  let l = byName.get(name)!;
  while (l.kind === 'flatten' && l.inputs.length > 0) l = byName.get(l.inputs[0])!;
  return l;
}

function rowsAndWidth(shape: readonly number[]): { rows: number; width: number; channels: number } {
  if (shape.length === 3) return { rows: shape[1], width: shape[2], channels: shape[0] };
  return { rows: 1, width: 1, channels: shape.reduce((p, d) => p * d, 1) };
}

/** Tile each output row of a producer comes from, as [tile, share] pairs. */
function sourceTiles(source: MappedLayer, arch: Arch, rows: number): Array<Array<[number, number]>> {
  if (source.engine === 'crossbar') {
    const shares = [...tileShares(source, arch)];
    return Array.from({ length: rows }, () => shares);
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
  const flit = flitPs(arch);
  const flows: EdgeFlow[] = [];
  for (const edge of mapped.edges) {
    const consumer = byName.get(edge.to)!;
    if (consumer.engine === 'none') continue;
    const source = dataSource(edge.from, byName);
    const { rows, width, channels } = rowsAndWidth(source.outShape);
    const bitsPerPacket = channels * bits;
    const flitsPerPacket = Math.ceil(bitsPerPacket / arch.noc.flitBits);
    const bandsOfRow = rowBands(consumer, rows);
    const dst = bandTiles(consumer);
    const writePs = Math.ceil(bitsPerPacket / bufferBits) * cycle;
    const injected = source.kind === 'input' || source.segment !== consumer.segment;
    let deliveredBits = 0;
    for (const b of bandsOfRow) deliveredBits += b.length * width * bitsPerPacket;
    const routes = new Map<number, Route>();
    let flitHops = 0;
    // An injected input is written whole into each band's buffer before any of it is read.
    let transferPs = writePs;
    if (injected) {
      const perBand = dst.map(() => 0);
      for (const b of bandsOfRow) for (const band of b) perBand[band] += width * bitsPerPacket;
      transferPs = Math.max(0, ...perBand.map((x) => Math.ceil(x / bufferBits) * cycle));
    }
    if (!injected) {
      const src = sourceTiles(source, arch, rows);
      for (let y = 0; y < rows; y++) {
        for (const [s, share] of src[y]) {
          for (const band of bandsOfRow[y]) {
            const d = dst[band];
            const key = s * 1_000_003 + d;
            let r = routes.get(key);
            if (r === undefined) {
              r = { srcTile: s, dstTile: d, packets: 0, hops: s === d ? 0 : hopsBetween(s, d, arch) };
              routes.set(key, r);
              if (s !== d) transferPs = Math.max(transferPs, (r.hops + 1) * arch.noc.routerLatencyPs + (r.hops + flitsPerPacket) * flit + writePs);
            }
            r.packets += share * width;
          }
        }
      }
      for (const r of routes.values()) if (r.srcTile !== r.dstTile) flitHops += r.packets * flitsPerPacket * (r.hops + 1);
    }
    flows.push({ edge, source, consumer, injected, routes: [...routes.values()], bitsPerPacket, flitsPerPacket, deliveredBits, flitHops, transferPs });
  }
  return flows;
}
