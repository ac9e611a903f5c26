// Phases of a producer whose rows go to a consumer dealt rows in bands on several tiles (a max
// pool after a stem conv: pool row r to the band on tile r mod bands). A crossbar layer's copies
// work one raster frontier, so while they make the rows of one consumer row, every packet they send
// goes to that row's band: its tile's ejection port and the links toward it carry the layer's load
// in phases, one band at a time, not the whole image's average. How far the frontier runs ahead of
// the band in phase is bounded by what the producer can hold undelivered: the pixels its copies
// hold (one computing, one in the double-buffered input register each) and the packets its share
// of each tile's output buffer holds while they wait for their first link. So the rows in flight
// are the band's rows plus that many pixels' worth, and the band's ejection port's load is averaged
// over that window, not over the image. Only the ports: every remote packet of the band's rows
// crosses its port whichever copy made it, while a link on the way is dodged, since a copy whose
// first link is congested holds its pixels and the dispatch gives the frontier's next pixels to
// copies that are free (vgg11 on isaac: conv1's in-phase port 90-108% busy in every 10 us, link
// (0,0) x+ at most 89%, 48% over conv1's span). Links keep their whole-image bound
// (docs/ppa-model.md, "vgg11 on isaac: conv1's phases in the model").
import type { Arch } from '../arch/schema.js';
import { bandTiles, copyTiles, outputRows, rowBands } from '../mapping/copies.js';
import type { MappedLayer } from '../mapping/types.js';
import { flitPs, sourceTiles, type EdgeFlow } from './flow.js';
import type { ResourceLedger } from './resourceLedger.js';

/** Pixels a copy holds before its output is sent: one computing, one in its input register. */
const COPY_LOOKAHEAD = 2;

/** A consumer whose output rows are dealt to bands on more than one tile. */
function rowDealt(consumer: MappedLayer): boolean {
  return consumer.engine === 'digitalUnit' && new Set(bandTiles(consumer)).size > 1;
}

/** Per tile, per source layer: bits times links (mesh hops and the ejection port) it sends from the
 *  tile per image to line buffers on other tiles. Each layer sending from a tile has a share of the
 *  tile's output buffer in proportion to these (a virtual channel each). */
function remoteBitHops(flows: readonly EdgeFlow[]): Map<number, Map<string, number>> {
  const out = new Map<number, Map<string, number>>();
  for (const f of flows) {
    if (f.injected) continue;
    for (const r of f.routes) {
      if (r.srcTile === r.dstTile) continue;
      let m = out.get(r.srcTile);
      if (m === undefined) out.set(r.srcTile, (m = new Map()));
      m.set(f.source.name, (m.get(f.source.name) ?? 0) + r.packets * f.bitsPerPacket * (r.hops + 1));
    }
  }
  return out;
}

interface PhaseBound {
  /** Stage time with the loads taken phase by phase, ps. */
  stagePs: number;
  /** The resource that bounds the most phases. */
  bottleneck: string;
  /** Rows of the producer in flight (the window the loads are averaged over). */
  windowRows: number;
}

/**
 * Phase bounds of the crossbar layers that feed a row-dealt consumer on the same segment, by layer
 * name: the sum over the producer's rows of the longer of its crossbars' time per row and the
 * busiest ejection port's load averaged over the rows in flight from there (its own packets of
 * those rows, others' load on the port spread evenly over the image).
 */
export function phaseBounds(
  arch: Arch, flows: readonly EdgeFlow[], ledger: ResourceLedger, ownStagePs: (l: MappedLayer) => number,
): Map<string, PhaseBound> {
  const out = new Map<string, PhaseBound>();
  const flit = flitPs(arch);
  const outBits = arch.tile.outputBuffer.sizeBytes * 8;
  let bitHops: Map<number, Map<string, number>> | undefined;
  const bySource = new Map<string, EdgeFlow[]>();
  for (const f of flows) {
    if (f.injected || f.source.segment !== f.consumer.segment) continue;
    const fs = bySource.get(f.source.name);
    if (fs === undefined) bySource.set(f.source.name, [f]);
    else fs.push(f);
  }
  for (const [name, fs] of bySource) {
    const source = fs[0].source;
    if (source.engine !== 'crossbar' || source.outShape.length !== 3) continue;
    const dealt = fs.filter((f) => rowDealt(f.consumer) && f.consumer.outShape.length === 3);
    if (dealt.length === 0) continue;
    const rows = outputRows(source);
    const width = source.outputPixels / rows;
    const seg = source.segment;
    // Each row's own packets per ejection port, over every consumer of the layer.
    const rowLoad = new Map<number, Float64Array>();
    const src = sourceTiles(source, arch, rows);
    for (const f of fs) {
      const bandsOfRow = rowBands(f.consumer, rows);
      const dst = bandTiles(f.consumer);
      const linkPs = width * f.flitsPerPacket * flit;
      for (let y = 0; y < rows; y++) {
        for (const [s, share] of src[y]) {
          for (const b of bandsOfRow[y]) {
            if (dst[b] === s) continue;
            // The band's ejection port (the route's last slot) only: see the header.
            const route = ledger.routeSlots(seg, s, dst[b]);
            const slot = route[route.length - 1];
            let v = rowLoad.get(slot);
            if (v === undefined) rowLoad.set(slot, (v = new Float64Array(rows)));
            v[y] += share * linkPs;
          }
        }
      }
    }
    if (rowLoad.size === 0) continue;
    // In flight beyond the band's rows: the copies' lookahead and the packets of the layer's share
    // of each of its tiles' output buffers.
    bitHops ??= remoteBitHops(flows);
    const bitsPerPacket = fs[0].bitsPerPacket;
    let packets = 0;
    for (const t of new Set(copyTiles(source, arch))) {
      const m = bitHops.get(t);
      const mine = m?.get(name) ?? 0;
      if (mine === 0) continue;
      const all = [...m!.values()].reduce((a, x) => a + x, 0);
      packets += Math.max(1, Math.floor((outBits * mine) / all / bitsPerPacket));
    }
    const heldPixels = source.duplication * COPY_LOOKAHEAD + packets;
    // Producer rows per consumer row (the band in phase), the most of any row-dealt consumer.
    const phaseRows = Math.max(...dealt.map((f) => rows / outputRows(f.consumer)));
    const windowRows = phaseRows + heldPixels / width;
    // A window of the whole image is the image's average: the resources' own bound.
    if (windowRows >= rows) continue;
    const own = ownStagePs(source);
    const slots = [...rowLoad.keys()];
    const prefix = slots.map((slot) => {
      const v = rowLoad.get(slot)!;
      const p = new Float64Array(rows + 1);
      for (let y = 0; y < rows; y++) p[y + 1] = p[y] + v[y];
      // Everything else on the port (other layers, the layer's own partial sums) spread evenly.
      return { slot, v, p, otherPerRow: Math.max(0, ledger.busyPs[slot] - p[rows]) / rows };
    });
    // Load of rows [0, x), x fractional, past the last row into the next image's (images stream:
    // the window wraps, so every row counts once in the sum).
    const at = (p: Float64Array, v: Float64Array, x: number) => {
      const wraps = x >= rows ? 1 : 0;
      const r = x - wraps * rows;
      const k = Math.floor(r);
      return wraps * p[rows] + p[k] + (r - k) * v[k];
    };
    let stagePs = 0;
    const bounds = new Map<number, number>();
    for (let y = 0; y < rows; y++) {
      const n = windowRows;
      let best = own / rows;
      let bestSlot = -1;
      for (const { slot, v, p, otherPerRow } of prefix) {
        const load = (at(p, v, y + n) - p[y] + n * otherPerRow) / n;
        if (load > best) [best, bestSlot] = [load, slot];
      }
      stagePs += best;
      if (bestSlot >= 0) bounds.set(bestSlot, (bounds.get(bestSlot) ?? 0) + 1);
    }
    let top = -1;
    for (const [slot, k] of bounds) if (top < 0 || k > bounds.get(top)!) top = slot;
    out.set(name, { stagePs, bottleneck: top < 0 ? 'crossbars' : `${ledger.nameOf(top)} (phases)`, windowRows });
  }
  return out;
}
