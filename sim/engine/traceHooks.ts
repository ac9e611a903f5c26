// Component-level activity of the engine for a trace: the actors call these hooks where a shared
// resource is reserved, a pixel is computed or operations are counted; with tracing off the hook
// object is absent and each call site costs one null check. sim/ does not know the trace format:
// the hooks talk to an EngineTraceTarget, which traces/ implements with its Perfetto writer.
import type { Simulator } from '../kernel/index.js';
import type { MappedLayer } from '../../hw/mapping/types.js';
import type { EngineContext } from './context.js';
import type { EngineUnitEnergy } from './energy.js';
import { PendingTraceEnergy } from './traceEnergy.js';
import type { Reservation } from './reservation.js';
import type { Packet } from './actors/noc.js';
import type { CrossbarLayerActor } from './actors/crossbarLayer.js';
import type { Lane } from './actors/layer.js';
import type { PeShare } from './peShares.js';

/** Coarsest to finest, as the trace's levels: what the hooks bother to emit. */
export type TraceDetail = 'layer' | 'tile' | 'component';

/** Where the trace goes; track ids are the target's own. All times are integer ps. */
export interface EngineTraceTarget {
  readonly detail: TraceDetail;
  /** The tile's own track: one slice per pixel computed on one of its lanes (weight copies or unit chains). */
  tileTrack(tile: number): number;
  /** A component under a PE of a tile, under a tile (pe null), or chip-level (tile null, e.g. NoC ports). */
  componentTrack(tile: number | null, pe: number | null, name: string, kind: string): number;
  counterTrack(tile: number | null, name: string, unit: string): number;
  /** Booked at `nowPs` for [startPs, startPs + durationPs], startPs >= nowPs; `flow` links NoC hops
   *  of a packet (read during the call only: the hooks reuse the object). */
  activity(track: number, nowPs: number, startPs: number, durationPs: number, layer: string, image: number, flow?: { id: number; last: boolean }): void;
  counter(track: number, value: number, timePs: number): void;
  /** An activity whose end is not known when it starts (a pixel on PEs whose ADCs are shared): from
   *  `nowPs` until endActivity; returns its handle. */
  beginActivity(track: number, nowPs: number, layer: string, image: number): number;
  endActivity(handle: number, nowPs: number): void;
  /**
   * Energy counters advance at most once per this period of simulated time (plus once at the end),
   * each step the energy spent since the previous one: fewer values in the file, same totals.
   */
  readonly energySamplePs: number;
  /** Energy spent up to `timePs`, summed by kind, by layer (leakage is no layer's) and by tile
   *  (null = chip-level); the lists are reused by the next sample, so read them during the call. */
  energy(sums: EnergySums, timePs: number): void;
  /** A fresh flow id, 1 or more (0 marks a packet with no flow yet). */
  newFlowId(): number;
  /** Once, after the run: energy the hooks found in the tallies but not at a call site (should be 0). */
  finished?(summary: { unattributedPj: number; leakagePj: number }): void;
}

/**
 * One family's energy since the last sample: entry i < count is key keys[order[i]] with
 * values[i] pJ, in the order the keys first got energy. A key's index in `keys` never changes, so a
 * target can keep what it made for a key (a counter track) by index.
 */
export interface EnergyList<K> {
  readonly count: number;
  readonly keys: readonly K[];
  readonly order: Int32Array;
  readonly values: Float64Array;
}

export interface EnergySums {
  readonly byKind: EnergyList<string>;
  readonly byLayer: EnergyList<string>;
  readonly byTile: EnergyList<number | null>;
}

const DETAIL_RANK: Record<TraceDetail, number> = { layer: 0, tile: 1, component: 2 };

const LINK_NAMES = ['east', 'west', 'south', 'north'];
const LINK_STEP: Array<[number, number]> = [[1, 0], [-1, 0], [0, 1], [0, -1]];

/**
 * Load of one NoC link (a router output port): flits of the packets that reached its router for it
 * and whose tail has not left yet (queued or crossing). A link's reservations end in the order they
 * are made, so the ends form a FIFO: a ring of typed arrays (power-of-two size, doubled when full),
 * so a hop allocates nothing.
 */
interface LinkLoad {
  track: number;
  /** Its place in linkLoads, and whether it is in activeLinks. */
  index: number;
  active: boolean;
  ends: Float64Array;
  flits: Float64Array;
  head: number;
  size: number;
  load: number;
  /** Highest load since the last sample, and the value last written. */
  peak: number;
  written: number;
}
interface LinkPort {
  readonly track: number;
  load: LinkLoad | null;
}
/** A PE's part of a weight copy's pixel, with the tracks its crossbars and ADCs draw on. */
interface TracedShare {
  readonly crossbarPs: number;
  readonly adcPs: number;
  readonly crossbarTrack: number;
  readonly adcTrack: number;
}
const UNIT_KIND: Record<string, string> = { requantize: 'requantize', activation: 'activation', maxPool: 'pool', avgPool: 'pool', residualAdd: 'residualAdd', shiftAdd: 'shiftAdd' };

export class EngineTraceHooks {
  private readonly tile: boolean;
  private readonly component: boolean;
  /** The layer and image whose work the next reservations are for (set by the actors through at()). */
  private layer = 0;
  private image = 0;
  private readonly names: string[];
  private readonly tileTracks = new Map<number, number>();
  /** Per weight copy (lane) of a crossbar layer: its PE shares' busy times and tracks, made for all
   *  the layer's copies on its first pixel (a lane is found by one Map get, not a search of them). */
  private readonly laneShares = new Map<Lane, TracedShare[]>();
  /** The flow argument of every hop's activity, refilled per hop. */
  private readonly hopFlow = { id: 0, last: false };
  /** Router output ports by key (an index: 64 per router): the port's slice track and its link's
   *  load (made on first use). */
  private readonly links: Array<LinkPort | undefined>;
  /** The loads, in the order their counters were made (the order samples go out in). */
  private readonly linkLoads: LinkLoad[] = [];
  /** Indices of the links a sample may write to (packets on them, or a peak not yet written): an
   *  idle link writes nothing, so the samples skip it. Sorted before each sample. */
  private readonly activeLinks: number[] = [];
  private activeLinksSorted = true;
  private packetsTrack = -1;
  private packetsInFlight = 0;
  /** Input-buffer bits per tile, and per (layer, image) how many of them it holds until the image is done. */
  private readonly bufferBits = new Map<number, number>();
  private readonly bufferTracks = new Map<number, number>();
  private readonly heldBits: Array<Map<number, Map<number, number>>>;
  /** Energy charged since the counters last moved (charge() emits the operations counted since a
   *  layer's last charge), and when the counters move next. */
  private readonly pending: PendingTraceEnergy;
  private nextSamplePs = 0;

  constructor(
    private readonly target: EngineTraceTarget,
    private readonly sim: Simulator,
    private readonly ctx: EngineContext,
    layers: readonly MappedLayer[],
    unit: EngineUnitEnergy,
  ) {
    this.tile = DETAIL_RANK[target.detail] >= DETAIL_RANK.tile;
    this.component = DETAIL_RANK[target.detail] >= DETAIL_RANK.component;
    this.names = layers.map((l) => l.name);
    this.pending = new PendingTraceEnergy(this.names, ctx.tiles.length, unit);
    this.heldBits = this.names.map(() => new Map());
    this.links = new Array<LinkPort | undefined>(ctx.arch.noc.rows * ctx.arch.noc.cols * 64);
    if (this.component) this.attachTiles();
  }

  /** Shared tile resources report their reservations as slices of the current layer and image. */
  private attachTiles(): void {
    for (const t of this.ctx.tiles) {
      const i = t.index;
      t.inputBuffer.units.forEach((port, p) => this.watch(port, this.target.componentTrack(i, null, `input buffer port ${p}`, 'buffer')));
      this.watch(t.bus, this.target.componentTrack(i, null, 'bus', 'bus'));
      this.watch(t.outputBuffer, this.target.componentTrack(i, null, 'output buffer', 'buffer'));
      for (const [unit, r] of Object.entries(t.units)) this.watch(r, this.target.componentTrack(i, null, `${unit} units`, UNIT_KIND[unit] ?? unit));
    }
  }

  private watch(r: Reservation, track: number): void {
    r.onReserve = (startPs, durationPs) => {
      if (durationPs > 0) this.target.activity(track, this.sim.nowPs, startPs, durationPs, this.names[this.layer], this.image);
    };
  }

  /** The work that follows (until the next at()) is layer `layer`'s on image `image`. */
  at(layer: number, image: number): void {
    this.layer = layer;
    this.image = image;
  }

  /** Turns the operations counted for `layer` since its last charge into energy, now, on `tile`. */
  charge(layer: number, tile: number | null): void {
    const now = this.sim.nowPs;
    // Energy charged before now goes out first, so each sample holds what was spent up to its time.
    if (now >= this.nextSamplePs) this.flushEnergy(now);
    this.pending.charge(layer, this.ctx.tallies[layer], tile);
  }

  private flushEnergy(now: number): void {
    if (this.pending.pendingPj > 0) this.target.energy(this.pending.take(), now);
    this.sampleLinks(now);
    this.nextSamplePs = now + this.target.energySamplePs;
  }

  /** On the energy counters' clock: each link's peak load since the last sample, when it changed. */
  private sampleLinks(now: number): void {
    const active = this.activeLinks;
    if (!this.activeLinksSorted) sortAscending(active);
    this.activeLinksSorted = true;
    let kept = 0;
    for (let i = 0; i < active.length; i++) {
      const l = this.linkLoads[active[i]];
      drain(l, now);
      if (l.peak !== l.written) {
        this.target.counter(l.track, l.peak, now);
        l.written = l.peak;
      }
      l.peak = l.load;
      if (l.size > 0 || l.peak !== l.written) active[kept++] = l.index;
      else l.active = false;
    }
    active.length = kept;
  }

  /** A pixel on a weight copy from startPs: the tile's lane slice and, per PE, the crossbar and ADC
   *  busy times the actor timed it with (private ADCs: nothing on the PE is shared). */
  crossbarPixel(actor: CrossbarLayerActor, lane: Lane, image: number, startPs: number): void {
    if (!this.tile) return;
    const now = this.sim.nowPs;
    const name = this.names[actor.index];
    this.target.activity(this.tileTrack(lane.tile), now, startPs, actor.pixelPs, name, image);
    if (!this.component) return;
    let shares = this.laneShares.get(lane);
    if (shares === undefined) shares = this.traceShares(actor, lane);
    for (let i = 0; i < shares.length; i++) {
      const s = shares[i];
      this.target.activity(s.crossbarTrack, now, startPs, s.crossbarPs, name, image);
      this.target.activity(s.adcTrack, now, startPs, s.adcPs, name, image);
    }
  }

  /** Every copy's PE shares with their tracks, made in copy then share order (the order the tracks
   *  were always made in, so their ids do not change); returns `lane`'s. */
  private traceShares(actor: CrossbarLayerActor, lane: Lane): TracedShare[] {
    actor.peShares.forEach((copy, c) => {
      const traced = copy.map((s) => ({
        crossbarPs: s.crossbarPs, adcPs: s.adcPs,
        crossbarTrack: this.target.componentTrack(s.tile, s.local, 'crossbars', 'crossbar'), adcTrack: this.target.componentTrack(s.tile, s.local, 'adc', 'adc'),
      }));
      const copyLane = actor.lanes[c];
      if (copyLane !== undefined && !this.laneShares.has(copyLane)) this.laneShares.set(copyLane, traced);
    });
    let shares = this.laneShares.get(lane);
    if (shares === undefined) this.laneShares.set(lane, (shares = []));
    return shares;
  }

  /** A pixel whose end its PEs decide round by round (ADCs spanning crossbars): its lane slice
   *  opens now and closes at crossbarPixelEnds; returns the handle (-1 below tile detail). */
  crossbarPixelBegins(layer: number, tile: number, image: number): number {
    return this.tile ? this.target.beginActivity(this.tileTrack(tile), this.sim.nowPs, this.names[layer], image) : -1;
  }

  crossbarPixelEnds(handle: number): void {
    if (handle >= 0) this.target.endActivity(handle, this.sim.nowPs);
  }

  /**
   * One read round of an ADC group of PE `share` (ADCs spanning crossbars): its crossbars reading
   * from now for `readPs`, its ADC converting [convertStartPs, + convertPs] (after any wait for it).
   */
  peRound(share: PeShare, adc: number, layer: number, image: number, readPs: number, convertStartPs: number, convertPs: number): void {
    if (!this.component) return;
    const now = this.sim.nowPs;
    const name = this.names[layer];
    this.target.activity(this.target.componentTrack(share.tile, share.local, `crossbars of adc ${adc}`, 'crossbar'), now, now, readPs, name, image);
    this.target.activity(this.target.componentTrack(share.tile, share.local, `adc ${adc}`, 'adc'), now, convertStartPs, convertPs, name, image);
  }

  /** A pixel on a tile's digital-unit lane, [startPs, startPs + durationPs]. */
  lanePixel(layer: number, tile: number, image: number, startPs: number, durationPs: number): void {
    if (this.tile && durationPs > 0) this.target.activity(this.tileTrack(tile), this.sim.nowPs, startPs, durationPs, this.names[layer], image);
  }

  /** A packet crosses router (x, y) through output port `dir` (4+ = ejection to a tile), [startPs, +durationPs]. */
  hop(p: Packet, x: number, y: number, dir: number, startPs: number, durationPs: number): void {
    this.charge(p.consumer, null);
    if (!this.component) return;
    const now = this.sim.nowPs;
    let flow = p.traceFlow;
    if (flow === 0) {
      p.traceFlow = flow = this.target.newFlowId();
      this.packetCount(+1);
    }
    // Each tile on a router has its own ejection port (as NocActor keys its links).
    const key = (y * this.ctx.arch.noc.cols + x) * 64 + (dir < 4 ? dir : 4 + (p.dstTile % this.ctx.arch.noc.tilesPerRouter));
    let port = this.links[key];
    if (port === undefined) {
      const name = dir < 4 ? LINK_NAMES[dir] : `to tile ${p.dstTile}`;
      this.links[key] = (port = { track: this.target.componentTrack(null, null, `router (${x},${y}) ${name}`, 'router'), load: null });
    }
    const hopFlow = this.hopFlow;
    hopFlow.id = flow;
    hopFlow.last = dir >= 4;
    this.target.activity(port.track, now, startPs, durationPs, this.names[p.producer], p.image, hopFlow);
    let link = port.load;
    if (link === null) {
      const to = dir < 4 ? `(${x + LINK_STEP[dir][0]},${y + LINK_STEP[dir][1]})` : `tile ${p.dstTile}`;
      const counter = this.target.counterTrack(null, `link (${x},${y})->${to}`, 'flits');
      link = port.load = {
        track: counter, index: this.linkLoads.length, active: false,
        ends: new Float64Array(16), flits: new Float64Array(16), head: 0, size: 0, load: 0, peak: 0, written: 0,
      };
      this.linkLoads.push(link);
      this.target.counter(counter, 0, now);
    }
    drain(link, now);
    if (!link.active) {
      link.active = true;
      const active = this.activeLinks;
      if (active.length > 0 && active[active.length - 1] > link.index) this.activeLinksSorted = false;
      active.push(link.index);
    }
    enqueue(link, startPs + durationPs, p.flits);
    link.load += p.flits;
    if (link.load > link.peak) link.peak = link.load;
  }

  /** `bits` written into `tile`'s input buffer for `consumer`'s image (charged to `charged`, as the tallies are). */
  bufferWrite(consumer: number, charged: number, tile: number, image: number, bits: number, packet?: Packet): void {
    this.charge(charged, tile);
    if (!this.component) return;
    if (packet !== undefined) this.flowEnds(packet);
    const byImage = this.heldBits[consumer];
    let held = byImage.get(image);
    if (held === undefined) byImage.set(image, (held = new Map()));
    held.set(tile, (held.get(tile) ?? 0) + bits);
    this.occupancy(tile, bits);
  }

  /** A packet written into no buffer (partial sums) has arrived: its flow ends. */
  packetArrived(packet: Packet): void {
    if (this.component) this.flowEnds(packet);
  }

  /** The packet's flow (if its hops were traced) ends with its arrival. */
  private flowEnds(packet: Packet): void {
    if (packet.traceFlow === 0) return;
    packet.traceFlow = 0;
    this.packetCount(-1);
  }

  /** `layer` has finished `image`: its input rows leave the buffers (the engine frees them no earlier). */
  imageDone(layer: number, image: number): void {
    const byImage = this.heldBits[layer];
    const held = byImage.get(image);
    if (held === undefined) return;
    byImage.delete(image);
    for (const [tile, bits] of held) this.occupancy(tile, -bits);
  }

  /** After the run: energy not charged at a call site, then the report's leakage, at `endPs`. */
  finish(endPs: number, leakagePj: number): void {
    let unattributedPj = 0;
    this.flushEnergy(endPs);
    for (let layer = 0; layer < this.names.length; layer++) {
      this.charge(layer, null);
      unattributedPj += this.pending.lastChargePj;
    }
    if (leakagePj > 0) this.pending.leakage(leakagePj);
    this.flushEnergy(endPs);
    this.target.finished?.({ unattributedPj, leakagePj });
  }

  private tileTrack(tile: number): number {
    let track = this.tileTracks.get(tile);
    if (track === undefined) this.tileTracks.set(tile, (track = this.target.tileTrack(tile)));
    return track;
  }

  private occupancy(tile: number, deltaBits: number): void {
    const bits = (this.bufferBits.get(tile) ?? 0) + deltaBits;
    this.bufferBits.set(tile, bits);
    let track = this.bufferTracks.get(tile);
    if (track === undefined) this.bufferTracks.set(tile, (track = this.target.counterTrack(tile, 'input buffer occupancy', 'B')));
    this.target.counter(track, bits / 8, this.sim.nowPs);
  }

  private packetCount(delta: number): void {
    this.packetsInFlight += delta;
    if (this.packetsTrack < 0) this.packetsTrack = this.target.counterTrack(null, 'NoC packets in flight', 'packets');
    this.target.counter(this.packetsTrack, this.packetsInFlight, this.sim.nowPs);
  }
}

/** In place, by insertion: the list is short and nearly sorted, and Array#sort would copy it and
 *  need a comparator closure on every energy sample. */
function sortAscending(list: number[]): void {
  for (let i = 1; i < list.length; i++) {
    const value = list[i];
    let j = i - 1;
    while (j >= 0 && list[j] > value) {
      list[j + 1] = list[j];
      j--;
    }
    list[j + 1] = value;
  }
}

/** Drops the packets whose tail left `l` by `now`. */
function drain(l: LinkLoad, now: number): void {
  const mask = l.ends.length - 1;
  while (l.size > 0 && l.ends[l.head] <= now) {
    l.load -= l.flits[l.head];
    l.head = (l.head + 1) & mask;
    l.size--;
  }
}

/** A packet whose tail leaves `l` at `endPs`, last in the FIFO. */
function enqueue(l: LinkLoad, endPs: number, flits: number): void {
  let capacity = l.ends.length;
  if (l.size === capacity) {
    const ends = new Float64Array(capacity * 2);
    const flitsOf = new Float64Array(capacity * 2);
    for (let i = 0; i < capacity; i++) {
      const from = (l.head + i) & (capacity - 1);
      ends[i] = l.ends[from];
      flitsOf[i] = l.flits[from];
    }
    l.ends = ends;
    l.flits = flitsOf;
    l.head = 0;
    capacity *= 2;
  }
  const at = (l.head + l.size) & (capacity - 1);
  l.ends[at] = endPs;
  l.flits[at] = flits;
  l.size++;
}
