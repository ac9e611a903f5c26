// The mesh NoC: routers at the mapping's router coordinates, XY routing, and per-link
// serialization at flit granularity. A packet is one event per router it crosses; at each router
// it takes its output link when the link is free, oldest image first among packets waiting for it
// (agedLink.ts; virtual cut-through: the head moves on after one flit time, the tail cannot
// overtake the previous link's tail). Packets carry activation data.
// A multicast packet visits several tiles in turn: at each one's router a copy goes out of the
// ejection port while the packet goes on (the router replicates its flits), possibly shorter.
import { Actor, type Simulator } from '../../kernel/index.js';
import type { Arch } from '../../../hw/arch/schema.js';
import { routerOf } from '../../../hw/mapping/placement.js';
import { AgedLink, type LinkWaiter } from './agedLink.js';
import { registerStats, type ComponentDeclaration } from '../declaration.js';
import type { EngineTraceHooks } from '../traceHooks.js';

const HOP = 1;
/** A waiting packet may take its link (payload: the AgedLink). */
const GRANT = 2;
/** Event kind a packet's sink receives when the packet's tail has left its source router
 *  (payload: the packet; it then gives back its source's output-buffer credit). */
export const SOURCE_LEFT = 8;

/** Receives packets at the destination tile. */
export interface PacketSink {
  acceptPacket(packet: Packet): void;
  readonly sim: Simulator;
  scheduleAt(timePs: number, kind: number, payload: unknown): void;
}

export interface Packet {
  /** Consumer, and its event kind for an arriving packet. */
  dest: PacketSink;
  destKind: number;
  srcTile: number;
  dstTile: number;
  flits: number;
  bits: number;
  /** Index of the producing layer (link waits are attributed to it). */
  producer: number;
  /** Index of the consuming layer (flit-hop energy is charged to it, as the analytical model does). */
  consumer: number;
  /** The consumer's band (tile line buffer) the packet goes to. */
  band: number;
  image: number;
  pixel: number;
  /** Which input of the consumer this is (residual add has two). */
  slot: number;
  data: Int8Array;
  /** Source tile whose output-buffer credit the packet holds (back-pressure). */
  creditTile?: number;
  /** It holds that credit until its tail leaves the source router (its sink is sent SOURCE_LEFT). */
  sourceCredit?: boolean;
  /** It holds its sender's share but not the tile's output buffer: it waits in its channel's
   *  one-packet buffer at the router's injection port (outbox.ts). */
  injectionSlot?: boolean;
  /** Multicast: the tiles it goes on to after dstTile, in order, with the flits it keeps for each
   *  (each is delivered a copy, with `leg` its index: 0 for the first dstTile). */
  next?: Array<{ tile: number; flits: number }>;
  leg?: number;
  /** Routing state. */
  x: number;
  y: number;
  tailPs: number;
  /** The trace's flow id for this packet's hops, set by the trace hooks at its first hop and
   *  cleared when it arrives; 0 when untraced (a field, not a Map the hooks look up per hop). */
  traceFlow: number;
}

const NOC_STATS = {
  packets: { unit: 'count', description: 'packets injected' },
  flitHops: { unit: 'flit x router', description: 'flits times routers traversed' },
  linkBusyPs: { unit: 'ps', description: 'summed busy time of all links (incl. ejection ports)' },
  linkWaitPs: { unit: 'ps', description: 'summed time packets waited for a link' },
};

const ROUTER: ComponentDeclaration = {
  kind: 'router',
  description: 'a mesh router: XY routing, each output link to the oldest image among packets waiting for it, virtual cut-through',
  params: ['noc.routerPorts', 'noc.routerLatencyPs', 'noc.tilesPerRouter'],
  ports: { east: 'link to the next router east', west: 'link west', south: 'link south', north: 'link north', eject: 'to each tile it serves' },
  stats: {},
  tracks: { 'router (X,Y) {east|west|south|north|to tile N}': 'one slice per packet crossing the output port, linked by a flow per packet' },
};

export class NocActor extends Actor {
  static readonly declaration: ComponentDeclaration<keyof typeof NOC_STATS> = {
    kind: 'noc',
    description: 'the mesh network on chip: packets of activations and partial sums between tiles, flit by flit',
    params: ['noc.rows', 'noc.cols', 'noc.flitBits', 'noc.linkBandwidthBitsPerCycle'],
    ports: { inject: 'packets from a tile\'s output buffer', deliver: 'packets into a layer\'s line buffer on the destination tile' },
    stats: NOC_STATS,
    tracks: { 'link (X,Y)->{(X,Y)|tile N}': 'counter: flits queued or crossing the link', 'NoC packets in flight': 'counter: packets injected and not yet ejected' },
    parts: [ROUTER],
  };

  readonly flitPs: number;
  /** Output links, created on first use: indexed router * portsPerRouter + port, with ports 0-3
   *  the mesh directions and 4 + k the ejection port to the router's k-th tile. */
  private readonly links: Array<AgedLink | undefined>;
  private readonly portsPerRouter: number;
  /** Each tile's router coordinates, precomputed: routerOf() per hop allocated an array. */
  private readonly tileX: Int32Array;
  private readonly tileY: Int32Array;
  private readonly stats = registerStats(this, NocActor.declaration);
  readonly packets = this.stats.packets;
  readonly flitHops = this.stats.flitHops;
  readonly linkBusy = this.stats.linkBusyPs;
  readonly linkWait = this.stats.linkWaitPs;
  /** Called per router traversal, to charge the consuming layer's energy tally. */
  onFlitHops: (layer: number, flits: number) => void = () => {};
  /** Link wait per producing layer index. */
  readonly waitByProducer: number[];
  /** Trace hooks, when tracing (set by simulate()). */
  trace: EngineTraceHooks | null = null;

  constructor(sim: Simulator, readonly arch: Arch, readonly cyclePs: number, layers: number) {
    super(sim, 'noc');
    this.flitPs = Math.ceil(arch.noc.flitBits / arch.noc.linkBandwidthBitsPerCycle) * cyclePs;
    this.waitByProducer = new Array<number>(layers).fill(0);
    this.portsPerRouter = 4 + arch.noc.tilesPerRouter;
    this.links = new Array<AgedLink | undefined>(arch.noc.rows * arch.noc.cols * this.portsPerRouter);
    this.tileX = new Int32Array(arch.chip.tiles);
    this.tileY = new Int32Array(arch.chip.tiles);
    for (let t = 0; t < arch.chip.tiles; t++) [this.tileX[t], this.tileY[t]] = routerOf(t, arch);
  }

  /** Busy time of the busiest link or ejection port so far, ps. */
  busiestLinkPs(): number {
    let most = 0;
    for (const r of this.links) if (r !== undefined && r.busyPs > most) most = r.busyPs;
    return most;
  }

  flitsFor(bits: number): number {
    return Math.ceil(bits / this.arch.noc.flitBits);
  }

  /** Injects at the source router now (the caller is at the time the packet leaves the tile). */
  inject(p: Packet, atPs: number): void {
    p.x = this.tileX[p.srcTile];
    p.y = this.tileY[p.srcTile];
    p.tailPs = atPs + (p.flits - 1) * this.flitPs;
    this.packets.add();
    this.scheduleAt(atPs, HOP, p);
  }

  private link(x: number, y: number, port: number): AgedLink {
    const key = (y * this.arch.noc.cols + x) * this.portsPerRouter + port;
    let r = this.links[key];
    if (r === undefined) this.links[key] = r = new AgedLink(`link${x},${y}:${port}`);
    return r;
  }

  override onEvent(kind: number, payload: unknown): void {
    if (kind === GRANT) {
      this.grant(payload as AgedLink);
      return;
    }
    const p = payload as Packet;
    const now = this.sim.nowPs;
    this.flitHops.add(p.flits);
    this.onFlitHops(p.consumer, p.flits);
    const ready = now + this.arch.noc.routerLatencyPs;
    for (;;) {
      const dx = this.tileX[p.dstTile];
      const dy = this.tileY[p.dstTile];
      // XY routing: x first, then y; direction 4 is the ejection port to the tile.
      let dir = 4;
      let nx = p.x;
      let ny = p.y;
      if (p.x !== dx) {
        dir = p.x < dx ? 0 : 1;
        nx += p.x < dx ? 1 : -1;
      } else if (p.y !== dy) {
        dir = p.y < dy ? 2 : 3;
        ny += p.y < dy ? 1 : -1;
      }
      // Each tile on a router has its own ejection port.
      const link = dir === 4 ? this.link(dx, dy, 4 + (p.dstTile % this.arch.noc.tilesPerRouter)) : this.link(p.x, p.y, dir);
      const onwardLeg = dir === 4 ? p.next?.[(p.leg ?? 0)] : undefined;
      if (link.mustWait(ready)) {
        // Contended: the packet (or, at a multicast's ejection port, its copy for this tile)
        // queues for the link; a multicast goes on to its next tile meanwhile.
        const copy = onwardLeg !== undefined;
        this.wait(link, { packet: copy ? { ...p } : p, readyPs: ready, dir, sharesFlow: copy && p.traceFlow !== 0 });
        if (!copy) return;
        p.leg = (p.leg ?? 0) + 1;
        p.dstTile = onwardLeg.tile;
        p.flits = onwardLeg.flits;
        continue;
      }
      const durationPs = p.flits * this.flitPs;
      const start = link.reserve(ready, durationPs);
      this.linkBusy.add(durationPs);
      this.linkWait.add(start - ready);
      this.waitByProducer[p.producer] += start - ready;
      if (this.trace !== null) this.trace.hop(p, p.x, p.y, dir, start, durationPs);
      // The tail leaves no earlier than it arrived plus one flit time.
      const tailPs = Math.max(start + durationPs, p.tailPs + this.flitPs);
      this.leaveSource(p, tailPs);
      if (dir !== 4) {
        p.tailPs = tailPs;
        p.x = nx;
        p.y = ny;
        this.scheduleAt(start + this.flitPs, HOP, p);
        return;
      }
      if (onwardLeg === undefined) {
        p.tailPs = tailPs;
        p.dest.scheduleAt(p.tailPs, p.destKind, p);
        return;
      }
      // Multicast: a copy out of this ejection port; the packet goes on from this router, and keeps
      // the trace's flow (the copy's arrival ends none).
      p.dest.scheduleAt(tailPs, p.destKind, { ...p, tailPs, traceFlow: 0 });
      p.leg = (p.leg ?? 0) + 1;
      p.dstTile = onwardLeg.tile;
      p.flits = onwardLeg.flits;
    }
  }

  /** The packet took its first link: its source's output buffer is free of it once its tail has
   *  left (virtual cut-through: the next router's input buffer holds the whole packet). */
  private leaveSource(p: Packet, tailPs: number): void {
    if (p.sourceCredit !== true) return;
    p.sourceCredit = false;
    p.dest.scheduleAt(tailPs, SOURCE_LEFT, p);
  }

  /** Queues `w` for `link`, and asks for a grant when the link is next free if none is pending. */
  private wait(link: AgedLink, w: LinkWaiter): void {
    link.waiting.push(w);
    if (link.waiting.length === 1) this.scheduleAt(link.nextGrantPs(), GRANT, link);
  }

  /** The link is free: the oldest image's packet among those ready crosses it. */
  private grant(link: AgedLink): void {
    const now = this.sim.nowPs;
    const w = link.take(now);
    const p = w.packet;
    const durationPs = p.flits * this.flitPs;
    const start = link.reserve(w.readyPs, durationPs);
    this.linkBusy.add(durationPs);
    this.linkWait.add(start - w.readyPs);
    this.waitByProducer[p.producer] += start - w.readyPs;
    if (this.trace !== null) this.trace.hop(p, p.x, p.y, w.dir, start, durationPs);
    if (w.sharesFlow) p.traceFlow = 0;
    const tailPs = Math.max(start + durationPs, p.tailPs + this.flitPs);
    this.leaveSource(p, tailPs);
    p.tailPs = tailPs;
    if (w.dir === 4) p.dest.scheduleAt(tailPs, p.destKind, p);
    else {
      if (w.dir < 2) p.x += w.dir === 0 ? 1 : -1;
      else p.y += w.dir === 2 ? 1 : -1;
      this.scheduleAt(start + this.flitPs, HOP, p);
    }
    if (link.waiting.length > 0) this.scheduleAt(link.nextGrantPs(), GRANT, link);
  }
}
