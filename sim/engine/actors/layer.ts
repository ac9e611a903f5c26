// The common part of every layer actor: arrival of input rows and dispatch of output pixels. Its
// lanes (crossbar copies, or a tile's digital units) are grouped by tile into bands; output rows
// are dealt to bands round-robin in proportion to their lanes (so every band works at the
// producer's frontier, not one after another), and each band keeps the line buffer of the input
// rows its windows need on its own tile. A producer sends each output pixel (all channels, real
// data) to every band that needs it: locally, or as a NoC packet. A band starts an output pixel
// when the input rows of its window are present in its buffer and one of its lanes is free; so
// inter-layer pipelining follows from data availability.
// The other jobs live beside it: line-buffer credit (lineBufferCredit.ts), multicast along a
// crossbar layer's replicas on its other tiles (replicas.ts), and delivery of finished pixels under
// credit, with back-pressure and retry (outbox.ts).
import { Actor, type Simulator } from '../../kernel/index.js';
import type { MappedLayer } from '../../../hw/mapping/types.js';
import type { EngineContext } from '../context.js';
import { CreditPool, type RetryTarget } from '../credits.js';
import { registerStats } from '../declaration.js';
import type { Packet, PacketSink } from './noc.js';
import { Outbox, type HeldPixel } from './outbox.js';
import { admitRows, minBufferBits, missingWindowBits, releaseRows, windowMoved } from './lineBufferCredit.js';
import { acceptForwarded, forwardToReplicas, replicaHasWindow, sendForwards, type Forwarded } from './replicas.js';
import { FORWARD, PACKET, DONE, RETRY, asChw, type Band, type ImageState, type Lane, type Replica, type SlotShape } from './layerState.js';

export * from './layerState.js';

interface Consumer {
  actor: LayerActor;
  slot: number;
}

/** Every layer actor's statistics (its declaration lists them). */
export const LAYER_STATS = { pixels: { unit: 'count', description: 'output pixels computed' } };

/** What every layer actor exchanges with the others. */
export const LAYER_PORTS = {
  in: 'packets of its producers\' output pixels, into its line buffers',
  out: 'its output pixels, to its consumers\' line buffers (locally or over the NoC)',
};

/** Trace tracks every layer actor draws. */
export const LAYER_TRACKS = { 'layer.NAME.images': 'one slice per image: its first pixel start to its last pixel out' };

/** Lookahead per lane: one pixel computing, one fetched into the (double-buffered) input register. */
const LANE_DEPTH = 2;

export abstract class LayerActor extends Actor implements PacketSink, RetryTarget {
  readonly consumers: Consumer[] = [];
  readonly slots: SlotShape[] = [];
  readonly inputZero: number[] = [];
  /** Producer layer index per slot (for reports). */
  readonly producers: number[] = [];
  readonly out: SlotShape;
  readonly pixels: number;
  lanes: Lane[] = [];
  bands: Band[] = [];
  readonly images: Array<ImageState | undefined> = [];
  readonly firstStartPs: number[] = [];
  readonly lastEndPs: number[] = [];
  /** Final layer only: output tensors per image. */
  readonly outputs: Int8Array[] = [];
  isFinal = false;
  /** Per slot, per input row: the bands whose windows read it. */
  bandsOfRow: number[][][] = [];
  /** Share of each input pixel's channels the band's line buffer keeps (1 but where a crossbar
   *  layer's first tile holds only some row blocks of its copy). */
  lineFraction = 1;
  /** Copies of the (one) band's line buffer on the layer's other tiles, in forwarding order. */
  replicas: Replica[] = [];
  /** Packets to multicast along the replicas, waiting for room in the band tile's output buffer. */
  readonly forwards: Forwarded[] = [];
  private starvedSincePs = -1;
  readonly pixelsDone = registerStats(this, { stats: LAYER_STATS }).pixels;
  /** Waits by cause, summed over lanes and packets, ps. */
  readonly waits: Record<string, number> = { input: 0, bufferPort: 0, units: 0, bufferWrite: 0, lineBuffer: 0, outputQueue: 0 };
  /** Finished pixels on their way out, under credit. */
  private readonly outbox = new Outbox(this);
  private retryPending = false;
  /** Pools granted oldest image first that this layer waits on (waitAged). */
  private readonly agedPools = new Set<CreditPool>();
  /** Per slot: its data is written whole (the network input, or parked by an earlier segment),
   *  not sent pixel by pixel under credit. */
  readonly injected: boolean[] = [];
  /** Per slot: images beyond its band's own whose rows a line buffer admits before they are
   *  needed (lineBufferCredit.ts; from the model's schedule, scheduleHold.ts). */
  imagesAhead: number[] = [];
  /** Its output is read by a later segment: it keeps its output tensors, as the final layer does. */
  keepsOutputs = false;
  onImageDone: (layer: LayerActor, image: number) => void = () => {};
  /** Every band has started its last pixel of images 0 .. count - 1. */
  onDispatched: (layer: LayerActor, count: number) => void = () => {};
  private imagesDispatched = 0;
  /** Trace track `layer.<name>.images`: one slice per image, first pixel start to last pixel out. */
  private readonly imageTrack: number;

  constructor(sim: Simulator, readonly index: number, readonly mapped: MappedLayer, readonly ctx: EngineContext) {
    super(sim, `layer.${mapped.name}`);
    this.out = asChw(mapped.outShape);
    this.pixels = this.out.h * this.out.w;
    this.imageTrack = this.track('images');
  }

  get homeTile(): number {
    return this.bands[0].tile;
  }

  /** Groups lanes by tile into bands and gives each band output rows in proportion to its lanes. */
  protected setLanes(tiles: readonly number[], oneBand: boolean): void {
    const byTile = new Map<number, Lane[]>();
    const order: number[] = [];
    for (const tile of tiles) {
      if (!byTile.has(tile)) {
        byTile.set(tile, []);
        order.push(tile);
      }
    }
    // One buffer (one band) for a layer that needs its whole input (dense, global pool), and for
    // crossbar layers (see CrossbarLayerActor).
    const bandTiles = oneBand ? [order[0]] : order;
    this.bands = bandTiles.map((tile) => ({ tile, lanes: [], rows: [], current: 0, nextLane: 0, buffer: new CreditPool(`${this.name}@tile${tile}`, Infinity), share: new CreditPool(`${this.name}@tile${tile}.share`, Infinity), releaseAfter: [] }));
    this.lanes = tiles.map((tile) => {
      const band = oneBand ? 0 : bandTiles.indexOf(tile);
      // A lane keeps its own tile's bus and digital units even when its band's buffer is elsewhere.
      const lane: Lane = { tile, band, inFlight: 0, computing: 0, outputDepth: 0, freePs: 0, busyPs: 0 };
      this.bands[band].lanes.push(lane);
      return lane;
    });
    // Weighted round-robin: each row goes to the band with the fewest rows per lane so far.
    for (let oy = 0; oy < this.out.h; oy++) {
      let best = this.bands[0];
      for (const b of this.bands) if (b.rows.length / b.lanes.length < best.rows.length / best.lanes.length) best = b;
      best.rows.push(oy);
    }
  }

  addInput(shape: readonly number[], zeroPoint: number, producer: number): number {
    this.slots.push(asChw(shape));
    this.inputZero.push(zeroPoint);
    this.producers.push(producer);
    return this.slots.length - 1;
  }

  /** Call after inputs are added: which bands read each input row. */
  planRows(): void {
    this.bandsOfRow = this.slots.map((s, slot) => {
      const rows: number[][] = Array.from({ length: s.h }, () => []);
      this.bands.forEach((b, bi) => {
        for (const oy of b.rows) {
          const [lo, hi] = this.slotRows(slot, oy);
          for (let y = Math.max(0, lo); y <= Math.min(s.h - 1, hi); y++) if (rows[y][rows[y].length - 1] !== bi) rows[y].push(bi);
        }
      });
      return rows;
    });
    for (const b of this.bands) {
      b.releaseAfter = b.rows.map(() => []);
      this.slots.forEach((s, slot) => {
        const last = new Int32Array(s.h).fill(-1);
        b.rows.forEach((oy, k) => {
          const [lo, hi] = this.slotRows(slot, oy);
          for (let y = Math.max(0, lo); y <= Math.min(s.h - 1, hi); y++) last[y] = k;
        });
        last.forEach((k, y) => {
          if (k >= 0) b.releaseAfter[k].push([slot, y]);
        });
      });
    }
  }

  /** Line buffers of the layer, as [tile, index]: its bands, then its replicas (missingWindowBits,
   *  minBufferBits and setPool take the index). */
  lineBufferTiles(): Array<[number, number]> {
    return [...this.bands.map((b, i): [number, number] => [b.tile, i]), ...this.replicas.map((r, i): [number, number] => [r.tile, this.bands.length + i])];
  }

  /** Line-buffer bits line buffer `i` holds at most (lineBufferCredit.ts). */
  minBufferBits(i: number, demand: ReadonlyArray<Float64Array | undefined>, atOnce: readonly number[]): number {
    return minBufferBits(this, i, demand, atOnce);
  }

  /** Bits of one input row of slot `si`, all channels. */
  slotRowBits(si: number): number {
    const s = this.slots[si];
    return s.c * s.w * this.ctx.arch.precision.inputBits;
  }

  /** Puts line buffer `i` in its tile's input buffer, with `shareBits` of it as its own share. */
  setPool(i: number, pool: CreditPool, shareBits: number): void {
    const b = i < this.bands.length ? this.bands[i] : this.replicas[i - this.bands.length];
    b.buffer = pool;
    b.share = new CreditPool(`${pool.name}.${this.name}`, shareBits);
  }

  /** Input rows [lo, hi] (of every slot) output row `oy` reads; lo > hi when none (public for
   *  buffer sizing, rowSkew.ts). */
  abstract inputRows(oy: number): [number, number];

  /** Rows of input `slot` output row `oy` reads: inputRows, unless a slot is broadcast over rows. */
  slotRows(slot: number, oy: number): [number, number] {
    void slot;
    return this.inputRows(oy);
  }

  /** Starts output pixel `pixel` of `img` on `lane` at `nowPs`. */
  protected abstract startPixel(lane: Lane, img: ImageState, pixel: number, nowPs: number): void;
  protected abstract onDone(payload: unknown): void;
  protected onFetched(_payload: unknown): void {}

  /** The layer's state for image `index`, made when its first data arrives. */
  imageState(index: number): ImageState {
    let img = this.images[index];
    if (img === undefined) {
      img = {
        index,
        inputs: this.slots.map((s) => new Int8Array(s.c * s.h * s.w)),
        rowCount: this.slots.map((s) => this.bands.map(() => new Int32Array(s.h))),
        availablePs: this.bands.map(() => 0),
        complete: this.bands.map(() => false),
        replicaRows: this.replicas.map(() => this.slots.map((s) => new Int32Array(s.h))),
        replicaAvailablePs: this.replicas.map(() => 0),
        nextPixel: new Int32Array(this.bands.length),
        donePixels: 0,
        firstStartPs: -1,
        lastEndPs: 0,
        traced: false,
        heldBits: this.slots.map((s) => this.bands.map(() => new Float64Array(s.h))),
      };
      this.images[index] = img;
    }
    return img;
  }

  /** A whole input tensor (the network input) is written into each band's buffer at now. */
  injectImage(image: number, slot: number, data: Int8Array, chargeTo: number): void {
    const now = this.sim.nowPs;
    const img = this.imageState(image);
    img.inputs[slot].set(data);
    const s = this.slots[slot];
    const bitsPerRow = this.slotRowBits(slot);
    this.ctx.trace?.at(this.index, image);
    this.bands.forEach((_, bi) => {
      let rows = 0;
      for (let y = 0; y < s.h; y++) {
        if (!this.bandsOfRow[slot][y].includes(bi)) continue;
        img.rowCount[slot][bi][y] = s.w;
        rows++;
      }
      const bits = rows * bitsPerRow * this.lineFraction;
      img.availablePs[bi] = Math.max(img.availablePs[bi], this.ctx.tiles[this.bands[bi].tile].write(now, bits).readablePs);
      this.ctx.tallies[chargeTo].bufferWriteBits += bits;
      this.ctx.trace?.bufferWrite(this.index, chargeTo, this.bands[bi].tile, image, bits);
    });
    // Each replica (of the one band) is written its share of the same rows.
    this.replicas.forEach((r, ri) => {
      let rows = 0;
      for (let y = 0; y < s.h; y++) {
        if (this.bandsOfRow[slot][y].length === 0) continue;
        img.replicaRows[ri][slot][y] = s.w;
        rows++;
      }
      const bits = rows * bitsPerRow * r.fraction;
      img.replicaAvailablePs[ri] = Math.max(img.replicaAvailablePs[ri], this.ctx.tiles[r.tile].write(now, bits).readablePs);
      this.ctx.tallies[chargeTo].bufferWriteBits += bits;
      this.ctx.trace?.bufferWrite(this.index, chargeTo, r.tile, image, bits);
    });
    this.tryDispatch();
  }

  acceptPacket(p: Packet): void {
    const now = this.sim.nowPs;
    const band = p.band;
    this.ctx.trace?.at(this.index, p.image);
    // The tail is ejected: the packet leaves its source tile's output buffer (and its sender's share).
    if (p.creditTile !== undefined) {
      // (Out of its channel's injection slot, it wakes the senders refused there all the same.)
      if (p.injectionSlot === true) this.ctx.outQueues[p.creditTile].wakeWaiters();
      else this.ctx.outQueues[p.creditTile].give(p.bits);
      this.ctx.outShares[p.creditTile].get(p.producer)?.give(p.bits);
    }
    const bits = p.bits * this.lineFraction;
    const { readablePs, waitPs } = this.ctx.tiles[this.bands[band].tile].write(now, bits);
    this.waits.bufferWrite += waitPs;
    this.ctx.tallies[p.producer].bufferWriteBits += bits;
    this.ctx.trace?.bufferWrite(this.index, p.producer, this.bands[band].tile, p.image, bits, p);
    const img = this.imageState(p.image);
    this.store(p, img);
    if (this.replicas.length > 0) forwardToReplicas(this, p);
    this.landed(p, img, readablePs);
  }

  /** Replica `ri` received rows (CrossbarLayerActor starts pixels that waited for them). */
  protected onReplicaRows(_ri: number): void {}

  private acceptForward(q: Forwarded): void {
    const ri = acceptForwarded(this, q);
    if (ri >= 0) this.onReplicaRows(ri);
  }

  /** Whether replica `ri` has every input row output pixel `pixel`'s window reads. */
  protected replicaReady(img: ImageState, ri: number, pixel: number): boolean {
    return replicaHasWindow(this, img, ri, pixel);
  }

  /** The packet's values go into the image's input tensor (functional data). */
  private store(p: Packet, img: ImageState): void {
    const s = this.slots[p.slot];
    const plane = s.h * s.w;
    const data = img.inputs[p.slot];
    if (p.data.length === s.c) for (let c = 0; c < s.c; c++) data[c * plane + p.pixel] = p.data[c];
    else data.set(p.data);
  }

  /** The packet is readable in every buffer of its band: its row counts as present there. */
  private landed(p: Packet, img: ImageState, readablePs: number): void {
    const band = p.band;
    img.availablePs[band] = Math.max(img.availablePs[band], readablePs);
    const s = this.slots[p.slot];
    const counts = img.rowCount[p.slot][band];
    // A packet holds one producer pixel, all its channels (a vector producer sends everything).
    if (p.data.length === s.c) counts[Math.floor(p.pixel / s.w)]++;
    else counts.fill(s.w);
    this.tryDispatch();
  }

  override onEvent(kind: number, payload: unknown): void {
    if (kind === PACKET) this.acceptPacket(payload as Packet);
    else if (kind === DONE) this.onDone(payload);
    else if (kind === RETRY) this.retryHeld();
    else if (kind === FORWARD) this.acceptForward(payload as Forwarded);
    else this.onFetched(payload);
  }

  /** Whether every input row output row `oy` reads (slotRows) has arrived in band `band`. */
  private rowsIn(img: ImageState, band: number, oy: number): boolean {
    for (let s = 0; s < this.slots.length; s++) {
      const counts = img.rowCount[s][band];
      const w = this.slots[s].w;
      const [lo, hi] = this.slotRows(s, oy);
      for (let y = Math.max(0, lo); y <= Math.min(this.slots[s].h - 1, hi); y++) if (counts[y] !== w) return false;
    }
    return true;
  }

  private pixelReady(img: ImageState, band: number, pixel: number): boolean {
    if (!this.ctx.layerByLayer) {
      return this.rowsIn(img, band, Math.floor(pixel / this.out.w));
    }
    // Layer by layer, the layer starts when every band has every input row its windows read (the
    // producers have finished the image); a band receives only the rows its windows read.
    for (let b = 0; b < this.bands.length; b++) {
      if (img.complete[b]) continue;
      for (const row of this.bands[b].rows) {
        if (!this.rowsIn(img, b, row)) return false;
      }
      img.complete[b] = true;
    }
    return true;
  }

  /** A lane of the band that may take a pixel (fewer than LANE_DEPTH before its output stage, and
   *  room in that stage), the one with the fewest before its stage; round-robin from the last
   *  one picked, so pixels spread over copies instead of piling on the first ones. (Dealing
   *  pixels in fixed rotation instead, as the model splits them, read vgg8 +6.2% against +8.4%
   *  but the zoo's alexnet --reload --batch 8 +15.9% against +9.0%: docs/ppa-model.md.) */
  private pickLane(band: Band): Lane | undefined {
    const lanes = band.lanes;
    const n = lanes.length;
    let best = -1;
    for (let k = 0; k < n; k++) {
      const i = (band.nextLane + k) % n;
      const lane = lanes[i];
      if (lane.computing >= LANE_DEPTH || lane.inFlight >= LANE_DEPTH + lane.outputDepth) continue;
      if (best < 0 || lane.computing < lanes[best].computing) best = i;
      if (lane.computing === 0) break;
    }
    if (best < 0) return undefined;
    band.nextLane = (best + 1) % n;
    return lanes[best];
  }

  protected tryDispatch(): void {
    const now = this.sim.nowPs;
    let starved = false;
    const w = this.out.w;
    for (let bi = 0; bi < this.bands.length; bi++) {
      const band = this.bands[bi];
      const end = band.rows.length * w;
      for (;;) {
        const img = this.images[band.current];
        if (img === undefined) {
          starved = true;
          break;
        }
        if (img.nextPixel[bi] >= end) {
          // The band's share of this image is dispatched: it may start the next image.
          band.current++;
          windowMoved(this, bi);
          continue;
        }
        const k = img.nextPixel[bi];
        const pixel = band.rows[Math.floor(k / w)] * w + (k % w);
        if (!this.pixelReady(img, bi, pixel)) {
          starved = true;
          break;
        }
        const lane = this.pickLane(band);
        if (lane === undefined) break;
        lane.inFlight++;
        lane.computing++;
        if (img.donePixels === 0 && !img.traced) {
          img.traced = true;
          this.traceBegin(this.imageTrack, `image ${img.index}`, { image: img.index, layer: this.mapped.name });
        }
        img.nextPixel[bi]++;
        // The band's row is dispatched: input rows no later row of it reads leave the line buffer
        // (at dispatch, as its window is then in the PE's input register).
        if (img.nextPixel[bi] % w === 0) {
          releaseRows(this, img, bi, img.nextPixel[bi] / w - 1);
          windowMoved(this, bi);
        }
        this.startPixel(lane, img, pixel, Math.max(now, img.availablePs[bi]));
      }
    }
    let dispatched = Infinity;
    for (const b of this.bands) dispatched = Math.min(dispatched, b.current);
    if (dispatched > this.imagesDispatched) {
      this.imagesDispatched = dispatched;
      this.onDispatched(this, dispatched);
    }
    // Starved: a lane sits idle for want of input rows (once the first image has arrived).
    const idle = starved && this.images.length > 0 && this.lanes.some((l) => l.inFlight === 0 && this.bands[l.band].rows.length > 0);
    if (idle && this.starvedSincePs < 0) this.starvedSincePs = now;
    if (!idle && this.starvedSincePs >= 0) {
      this.waits.input += now - this.starvedSincePs;
      this.starvedSincePs = -1;
    }
  }

  /**
   * A weight layer's pixel has its int8 outputs: count the requantize (and fused ReLU or clip) operations,
   * queue them on the tile's shared digital units, and finish the pixel when those are done.
   */
  protected requantizeAndFinish(lane: Lane, img: ImageState, pixel: number, values: Int8Array, activation: boolean, now: number): void {
    const c = values.length;
    const t = this.ctx.tallies[this.index];
    t.requantizeOps += c;
    const tile = this.ctx.tiles[lane.tile];
    let readyPs = tile.unit('requantize', now, c);
    if (activation) {
      t.activationOps += c;
      readyPs = Math.max(readyPs, tile.unit('activation', now, c));
    }
    this.waits.units += Math.max(0, readyPs - now - Math.ceil(c / tile.unitCount.requantize) * this.ctx.cyclePs);
    this.ctx.trace?.charge(this.index, lane.tile);
    this.pixelsDone.add();
    this.finishPixel(lane, img, pixel, values, readyPs);
  }

  /** A pixel's output left its lane at `readyPs`: record, deliver to consumers, free the lane. */
  protected finishPixel(lane: Lane, img: ImageState, pixel: number, values: Int8Array, readyPs: number): void {
    const bits = values.length * this.ctx.arch.precision.inputBits;
    if (this.isFinal || this.keepsOutputs) {
      this.ctx.trace?.at(this.index, img.index);
      let out = this.outputs[img.index];
      if (out === undefined) this.outputs[img.index] = out = new Int8Array(this.out.c * this.pixels);
      for (let c = 0; c < this.out.c; c++) out[c * this.pixels + pixel] = values[c];
      const tile = this.ctx.tiles[lane.tile];
      const durationPs = tile.transferPs(bits, this.ctx.arch.tile.outputBuffer.bandwidthBitsPerCycle);
      img.lastEndPs = Math.max(img.lastEndPs, tile.outputBuffer.reserve(readyPs, durationPs) + durationPs);
      this.ctx.tallies[this.index].outputBufferWriteBits += bits;
      this.ctx.trace?.charge(this.index, lane.tile);
    }
    const y = Math.floor(pixel / this.out.w);
    const deliveries: HeldPixel['deliveries'] = [];
    for (const c of this.consumers) {
      const bands = values.length === c.actor.slots[c.slot].c ? c.actor.bandsOfRow[c.slot][y] : [0];
      for (const band of bands) deliveries.push({ actor: c.actor, slot: c.slot, band });
    }
    this.outbox.send({ lane, img, pixel, values, readyPs, deliveries, next: 0 });
  }

  /** The pixel's output is out of its lane: free the lane, record, go on dispatching. */
  completePixel(h: HeldPixel, sentPs: number): void {
    const { lane, img } = h;
    if (h.blockedOn !== undefined) this.waits[h.blockedOn] += sentPs - h.readyPs;
    lane.inFlight--;
    // Out of its lane: it counted in the lookahead till now without an output stage, or when it
    // was refused credit (outbox.ts).
    if (lane.outputDepth === 0 || h.stalled === true) lane.computing--;
    img.donePixels++;
    img.lastEndPs = Math.max(img.lastEndPs, sentPs);
    if (img.donePixels === this.pixels) {
      this.firstStartPs[img.index] = img.firstStartPs;
      this.lastEndPs[img.index] = img.lastEndPs;
      this.images[img.index] = undefined;
      // The image's slice: first pixel dispatched to last pixel done (event times, so in order).
      this.traceEnd(this.imageTrack);
      this.ctx.trace?.imageDone(this.index, img.index);
      this.onImageDone(this, img.index);
    }
    this.tryDispatch();
  }

  /** The kernel ran dry with this layer's pixels held: every buffer on the way is full of data its
   *  owner needs later (a cycle through a residual block whose skew the buffers cannot hold).
   *  Sends the oldest held pixel's next delivery beyond capacity; false when nothing is held. */
  spillHeld(): boolean {
    return this.outbox.spill(this.sim.nowPs);
  }

  get heldPixels(): number {
    return this.outbox.size;
  }

  /** Credit came back where this layer was refused (gem5's sendRetry): resend, oldest first. */
  scheduleRetry(): void {
    if (this.retryPending) return;
    this.retryPending = true;
    this.scheduleAt(this.sim.nowPs, RETRY, null);
  }

  /** Waits for room in `pool`, granted oldest image first (a tile's output buffer), to send
   *  image `image`; the wait holds until the next retry. */
  waitAged(pool: CreditPool, image: number): void {
    pool.waitAged(this, image);
    this.agedPools.add(pool);
  }

  private retryHeld(): void {
    this.retryPending = false;
    for (const pool of this.agedPools) pool.forget(this);
    this.agedPools.clear();
    this.outbox.retry(this.sim.nowPs);
    sendForwards(this);
  }

  /** Takes line-buffer credit in band `band` for a packet of input `slot` (lineBufferCredit.ts). */
  admit(slot: number, band: number, image: number, pixel: number, values: number, bits: number, who: RetryTarget, force = false): boolean {
    return admitRows(this, slot, band, image, pixel, values, bits, who, force);
  }

  /** Bits of line buffer `i`'s next window not yet holding credit (lineBufferCredit.ts). */
  missingWindowBits(i: number): number {
    return missingWindowBits(this, i);
  }

  /** What this layer is blocked on, for a deadlock report; empty when it has no pending work. */
  pendingWork(): string {
    const blocked = this.outbox.blockedOn(this.name);
    if (blocked !== undefined) return blocked;
    const img = this.images.find((i) => i !== undefined);
    if (img === undefined) return '';
    const w = this.out.w;
    const stuck = this.bands
      .map((b, bi) => ({ b, k: img.nextPixel[bi] }))
      .filter(({ b, k }) => k < b.rows.length * w)
      .map(({ b, k }) => ({ b, pixel: b.rows[Math.floor(k / w)] * w + (k % w) }))[0];
    if (stuck === undefined) return `${this.name}: image ${img.index} has ${this.pixels - img.donePixels} pixels in flight`;
    const [lo, hi] = this.inputRows(Math.floor(stuck.pixel / this.out.w));
    return `${this.name}: image ${img.index} pixel ${stuck.pixel} on tile ${stuck.b.tile} waits for input rows ${lo}..${hi} from layers #${this.producers.join(', #')}`;
  }
}
