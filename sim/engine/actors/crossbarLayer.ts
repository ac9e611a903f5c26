// A conv2d / dense layer on crossbars. Each weight copy is a lane: its crossbars, with their
// private DACs, sample-and-holds, ADCs and shift-adders, take one output pixel (every input
// bit-plane, every read round) as one multi-cycle operation. A copy may span PEs and tiles
// (spans.ts): each of its tiles fetches its window slice from its own copy of the line buffer
// (tile buffer port + bus); after the crossbars, partial sums of one output channel held by several
// PEs merge over each tile's bus into its shift-add units, then pass down the chain of the copy's
// tiles as NoC packets, one per column block, to the copy's first tile, which requantizes. Buffer
// ports, buses, unit banks and NoC links are shared and reserved cycle by cycle.
import { firstReadPixels } from '../compute/firstReads.js';
import type { Simulator } from '../../kernel/index.js';
import type { Conv2dLayer, DenseLayer } from '../../../workloads/ir/types.js';
import { hasActivation } from '../../../workloads/ir/activation.js';
import type { MappedLayer } from '../../../hw/mapping/types.js';
import { layerRequantizers, requantize, type Requantizer } from '../../../workloads/quant/index.js';
import type { EngineContext } from '../context.js';
import type { ComponentDeclaration } from '../declaration.js';
import { buildLayout, type CrossbarLayout } from '../layout.js';
import { layoutScratch, type ExactScratch } from '../compute/exact.js';
import { layerNoiseKey, ReadNoise } from '../compute/readNoise.js';
import { crossbarKernel, type CrossbarAccumulate } from '../compute/crossbarKernel.js';
import { gatherPixelWindow, weightLayerGeometry, type WindowGeometry } from '../compute/window.js';
import { nonZeroDigitTable } from '../../../hw/components/dac.js';
import { crossbarPixelPs, crossbarsPerAdc, inputBitPlanes, sharedAdcPixelPs } from '../../../hw/timing.js';
import { copyPeShares, type PeShare } from '../peShares.js';
import { peActor, type PePixel } from './pe.js';
import { CreditPool } from '../credits.js';
import { layoutSpans, type EngineSpan } from '../spans.js';
import type { Packet } from './noc.js';
import { DONE, LAYER_PORTS, LAYER_STATS, LAYER_TRACKS, LayerActor, STARTED, SUMS, type ImageState, type Lane, type PixelJob } from './layer.js';
import { dilationOf, kernelSpan } from '../../../workloads/ir/shapes.js';

/** A pixel whose crossbar work is done, while its partial sums are merged. */
interface MergeJob extends PixelJob {
  values: Int8Array;
  span: EngineSpan;
  /** When each part's own merge is done, ps. */
  localPs: number[];
  /** Column blocks still to arrive at the copy's first tile. */
  pending: number;
  readyPs: number;
}

/** One column block's partial sums on their way to part `to` of the copy. */
interface SumsPacket extends Packet {
  job: MergeJob;
  to: number;
  block: number;
  values: number;
}

/** A pixel timed round by round on its PEs (ADCs spanning crossbars). */
interface RoundJob extends PixelJob, PePixel {
  fetchedPs: number;
  slice: number;
}

const NO_DATA = new Int8Array(0);

/** Pixels a copy holds past its crossbars while they merge over its tiles and requantize.
 *  Counted in the lane's lookahead, they idled the crossbars while earlier pixels merged (vgg8's
 *  conv4, copies over three tiles, ran 94 us per image against its 72.7 us bound). A pixel
 *  refused credit counts in the lookahead again (outbox.ts), so back-pressure stalls the copy as
 *  before. */
const OUTPUT_DEPTH = 2;

export class CrossbarLayerActor extends LayerActor {
  static readonly declaration: ComponentDeclaration<keyof typeof LAYER_STATS> = {
    kind: 'crossbarLayer',
    description: 'a conv2d or dense layer on crossbars: each weight copy is a lane taking one output pixel at a time (window fetch, crossbar reads, merge of partial sums across PEs and tiles, requantization)',
    params: ['tile.pe.crossbar.count', 'precision.inputBits', 'precision.weightBits'],
    ports: LAYER_PORTS,
    stats: LAYER_STATS,
    tracks: LAYER_TRACKS,
  };

  readonly layout: CrossbarLayout;
  readonly pixelPs: number;
  private readonly layer: Conv2dLayer | DenseLayer;
  private geometry!: WindowGeometry;
  private readonly requantizers: Requantizer[];
  private readonly window: Int32Array;
  private readonly scratch: ExactScratch;
  private readonly acc: Int32Array;
  /** A copy's pixel by fidelity (compute/crossbarKernel.ts): int8 kernel, packed ADC path, or
   *  analog on each copy's conductances (programmed at the copy's first pixel). */
  private readonly compute: CrossbarAccumulate;
  /** Copy index of each lane (analog fidelity: each copy's cells vary on their own). */
  private readonly copyOf = new Map<Lane, number>();
  /** Per-pixel operation counts that do not depend on the data. */
  private readonly perPixel: { reads: number; conversions: number; windowBits: number };
  /** Per u = x + 2^(inputBits-1): its non-zero DAC digits (a row is driven for those planes only). */
  private readonly digitsOf: Uint8Array;
  /** Per set, prefix sums of its rows' non-zero digits for the current pixel. */
  private readonly rowDigits: Float64Array[];
  /** Per copy: where its blocks sit and what it moves per pixel. */
  private readonly spans: EngineSpan[];
  /** Per copy, per part: bits of its window slice per pixel. */
  private readonly sliceBits: number[][];
  /** Kernel-split: input pixels each output pixel is the first to fetch (each input read once,
   *  fed to all Kh*Kw array sets); undefined for im2col, which fetches whole windows. */
  private firstReads: Int32Array | undefined;
  /** Input pixels of one window (Kh*Kw). */
  private windowPixels = 1;
  /** Per copy, per part: the replica on the part's tile (-1 for the band's own tile). */
  private readonly partReplica: number[][];
  /** Pixels dispatched to copies whose tiles' replicas lack the window's rows yet. */
  private waiting: PixelJob[] = [];
  /** ADCs span crossbars: a pixel's time comes from its PEs' read rounds, not a closed form. */
  private readonly roundByRound: boolean;
  private readonly firstCrossbar: number;
  private shares: PeShare[][] | undefined;
  /** Round by round: per lane, the pixel on its crossbars and those fetched behind it. */
  private readonly onCrossbars = new Map<Lane, RoundJob>();
  private readonly queued = new Map<Lane, RoundJob[]>();
  /** Width of a moved partial sum: inputBits + weightBits + ceil(log2(dot product length)), enough
   *  for any sum of the layer. */
  readonly psumBits: number;

  constructor(
    sim: Simulator,
    index: number,
    mapped: MappedLayer,
    ctx: EngineContext,
    layer: Conv2dLayer | DenseLayer,
    inShape: readonly number[],
    inScale: number,
    copyTiles: number[],
  ) {
    super(sim, index, mapped, ctx);
    this.layer = layer;
    const arch = ctx.arch;
    const { crossbar, dac } = arch.tile.pe;
    const inC = inShape.reduce((p, d) => p * d, 1) / (layer.kind === 'conv2d' ? inShape[1] * inShape[2] : 1);
    this.layout = buildLayout(layer, inC, mapped.partition!, { rows: crossbar.rows, activeRows: crossbar.activeRows });
    this.window = new Int32Array(this.layout.patchLength);
    this.scratch = layoutScratch(this.layout);
    this.acc = new Int32Array(this.layout.outChannels);
    // One band dispatches every row's pixels to all copies round-robin (dealing rows to per-tile
    // bands left lanes idle where copies outnumber a tile's share of pixels); the layer's other
    // tiles keep replicas of its line buffer, fed by forwarding, so each copy reads its window on
    // its own tile.
    this.setLanes(copyTiles, true);
    this.lanes.forEach((l, c) => this.copyOf.set(l, c));
    const taps = layer.kind === 'conv2d' ? layer.kernel[0] * layer.kernel[1] : 1;
    const groups = layer.kind === 'conv2d' ? layer.groups : 1;
    this.psumBits = arch.precision.inputBits + arch.precision.weightBits + Math.ceil(Math.log2(Math.max(1, this.layout.patchLength / groups)));
    if (mapped.folds > 1) {
      // Folded over the whole chip (reloading): its crossbars are rewritten between folds; the
      // copy reads its window on its first tile and merges in place.
      this.spans = copyTiles.map((tile) => ({ tile, parts: [{ tile, windowValues: 1, mergeValues: 0, blocks: new Map(), sends: [] }], windowValues: 1 }));
    } else {
      const placed = layoutSpans(this.layout, mapped.duplication, taps, {
        firstCrossbar: mapped.placement.firstPe * crossbar.count, crossbarsPerPe: crossbar.count, pesPerTile: arch.tile.peCount,
      });
      this.spans = placed.spans;
      this.lineFraction = placed.lineBuffers[0].fraction;
      this.replicas = placed.lineBuffers.slice(1).map((b) => ({ tile: b.tile, fraction: b.fraction, carried: b.carried, buffer: new CreditPool(`${this.name}@tile${b.tile}`, Infinity), share: new CreditPool(`${this.name}@tile${b.tile}.share`, Infinity) }));
    }

    // Time of one pixel (hw/timing.ts) over this layout's crossbars. A layer larger than the whole
    // chip (reloading) loads its blocks in `folds` passes, each running every pixel over its
    // share: the copy takes a pixel `folds` times over.
    const planes = inputBitPlanes(arch);
    let reads = 0;
    let conversions = 0;
    for (const b of this.layout.blocks) {
      reads += b.readsPerPlane;
      conversions += b.readsPerPlane * b.usedCols;
    }
    // ADCs spanning crossbars: copies placed side by side share ADCs, so a copy's pixel takes as
    // long as its PEs' read rounds take (pe.ts); pixelPs is then the figure for copies in step.
    // A folded layer's crossbars are rewritten between folds: it keeps that closed form.
    const spanning = crossbarsPerAdc(arch) > 1;
    this.roundByRound = spanning && mapped.folds <= 1;
    this.pixelPs = spanning
      ? sharedAdcPixelPs(arch, this.layout.blocks.map((b) => [1, b] as const), mapped.duplication) * Math.max(1, mapped.folds)
      : crossbarPixelPs(arch, this.layout.blocks) * Math.max(1, mapped.folds);
    this.firstCrossbar = mapped.placement.firstPe * crossbar.count;
    const windowValues = layer.kind === 'conv2d' ? this.layout.patchLength : inShape.reduce((p, d) => p * d, 1);
    // A folded layer reads its window once per fold.
    this.perPixel = {
      reads: planes * reads, conversions: planes * conversions, windowBits: windowValues * arch.precision.inputBits * Math.max(1, mapped.folds),
    };
    this.digitsOf = nonZeroDigitTable(arch.precision.inputBits, dac.bits);
    this.rowDigits = this.layout.setRows.map((r) => new Float64Array(r.length + 1));
    // A part's share of the window: its blocks' rows (exact bits for im2col windows).
    this.sliceBits = this.spans.map((sp) => sp.parts.map((p) => Math.ceil((this.perPixel.windowBits * p.windowValues) / sp.windowValues - 1e-9)));
    this.partReplica = this.spans.map((sp) => sp.parts.map((p) => this.replicas.findIndex((r) => r.tile === p.tile)));
    // A copy's output register is double-buffered too: its crossbars take the next pixels while
    // up to OUTPUT_DEPTH finished ones merge and requantize.
    for (const l of this.lanes) l.outputDepth = OUTPUT_DEPTH;

    this.requantizers = layerRequantizers(layer, inScale);
    // Analog read noise comes from one generator per layer, drawn in event order.
    this.compute = crossbarKernel(this.layout, this.scratch, arch, ctx.fidelity, ctx.analog, index, new ReadNoise(layerNoiseKey(ctx.analog.seed, index)));
  }

  /** Called once the input slot is known. */
  setGeometry(): void {
    this.geometry = weightLayerGeometry(this.layer, this.slots[0]);
    if (this.layer.kind === 'conv2d' && this.mapped.partition?.scheme === 'kernel-split') {
      this.firstReads = firstReadPixels(this.geometry, this.out.h, this.out.w);
      this.windowPixels = this.geometry.kh * this.geometry.kw;
    }
  }

  inputRows(oy: number): [number, number] {
    if (this.layer.kind === 'dense') return [0, this.slots[0].h - 1];
    const l = this.layer;
    const top = oy * l.stride[0] - l.padding[0];
    return [top, top + kernelSpan(l.kernel[0], dilationOf(l)[0]) - 1];
  }

  protected startPixel(lane: Lane, img: ImageState, pixel: number, nowPs: number): void {
    const copy = this.copyOf.get(lane)!;
    // A copy with blocks on other tiles waits until their replicas have the window's rows.
    if (!this.windowOnTiles(copy, img, pixel)) {
      this.waiting.push({ lane, img, pixel });
      return;
    }
    this.fetchWindow(lane, img, pixel, nowPs);
  }

  /** Whether every replica the copy's blocks read from has the pixel's window rows. */
  private windowOnTiles(copy: number, img: ImageState, pixel: number): boolean {
    for (const ri of this.partReplica[copy]) if (ri >= 0 && !this.replicaReady(img, ri, pixel)) return false;
    return true;
  }

  /** Replica `ri` got rows: start the waiting pixels whose windows are now on all their tiles.
   *  Only copies that read replica `ri` can have become ready (readiness changes only when one of
   *  their replicas gets rows), so the others are not checked again. */
  protected override onReplicaRows(ri: number): void {
    if (this.waiting.length === 0) return;
    const now = this.sim.nowPs;
    const still: PixelJob[] = [];
    for (const job of this.waiting) {
      const copy = this.copyOf.get(job.lane)!;
      if (this.partReplica[copy].includes(ri) && this.windowOnTiles(copy, job.img, job.pixel)) {
        this.fetchWindow(job.lane, job.img, job.pixel, Math.max(now, job.img.availablePs[0]));
      } else {
        still.push(job);
      }
    }
    this.waiting = still;
  }

  private fetchWindow(lane: Lane, img: ImageState, pixel: number, nowPs: number): void {
    this.ctx.trace?.at(this.index, img.index);
    const copy = this.copyOf.get(lane)!;
    const t = this.ctx.tallies[this.index];
    // Each tile of the copy reads its slice of the window from its own line buffer, over its
    // bus, at the same time; the crossbars start when every slice is in.
    let fetchedPs = nowPs;
    let waitPs = 0;
    this.spans[copy].parts.forEach((part, i) => {
      const bits = this.firstReads === undefined
        ? this.sliceBits[copy][i]
        : Math.ceil((this.sliceBits[copy][i] * this.firstReads[pixel]) / this.windowPixels - 1e-9);
      const ri = this.partReplica[copy][i];
      const fetch = this.ctx.tiles[part.tile].fetch(ri < 0 ? nowPs : Math.max(nowPs, img.replicaAvailablePs[ri]), bits, true);
      fetchedPs = Math.max(fetchedPs, fetch.endPs);
      waitPs = Math.max(waitPs, fetch.waitPs);
      t.busBits += bits;
      t.bufferReadBits += bits;
    });
    this.waits.bufferPort += waitPs;
    if (this.roundByRound) {
      this.ctx.trace?.charge(this.index, lane.tile);
      this.queueOnPes(lane, img, pixel, fetchedPs);
      return;
    }
    const startPs = Math.max(fetchedPs, lane.freePs);
    lane.freePs = startPs + this.pixelPs;
    lane.busyPs += this.pixelPs;
    if (img.firstStartPs < 0 || startPs < img.firstStartPs) img.firstStartPs = startPs;
    this.ctx.trace?.crossbarPixel(this, lane, img.index, startPs);
    this.ctx.trace?.charge(this.index, lane.tile);
    const job: PixelJob = { lane, img, pixel };
    this.scheduleAt(lane.freePs, DONE, job);
  }

  /** Each copy's PE shares (peShares.ts), computed on first use (round by round, or a trace). */
  get peShares(): PeShare[][] {
    return (this.shares ??= copyPeShares(this.ctx.arch, this.layout.blocks, this.mapped.duplication, this.firstCrossbar, this.pixelPs));
  }

  /** Round by round: the fetched pixel waits for the one on the lane's crossbars, if any. */
  private queueOnPes(lane: Lane, img: ImageState, pixel: number, fetchedPs: number): void {
    const job: RoundJob = {
      lane, img, pixel, fetchedPs, layer: this.index, image: img.index, startPs: 0, pending: 0, endPs: 0, slice: -1,
      done: (j) => this.crossbarsDone(j as RoundJob),
    };
    if (this.onCrossbars.has(lane)) {
      let q = this.queued.get(lane);
      if (q === undefined) this.queued.set(lane, (q = []));
      q.push(job);
    } else {
      this.runOnPes(job, Math.max(fetchedPs, lane.freePs));
    }
  }

  private runOnPes(job: RoundJob, startPs: number): void {
    this.onCrossbars.set(job.lane, job);
    job.startPs = startPs;
    job.endPs = startPs;
    if (job.img.firstStartPs < 0 || startPs < job.img.firstStartPs) job.img.firstStartPs = startPs;
    for (const share of this.peShares[this.copyOf.get(job.lane)!]) peActor(this.sim, this.ctx, share.pe).start(job, share, startPs);
    // The trace's lane slice opens when the rounds start and closes at DONE (an event that only
    // the trace needs: it changes no state, so a traced run computes what an untraced one does).
    if (this.ctx.trace !== undefined) this.scheduleAt(startPs, STARTED, job);
  }

  /** The last ADC group of the pixel is done (at job.endPs >= now): the lane takes the next pixel. */
  private crossbarsDone(job: RoundJob): void {
    const lane = job.lane;
    lane.freePs = job.endPs;
    lane.busyPs += job.endPs - job.startPs;
    this.onCrossbars.delete(lane);
    this.scheduleAt(job.endPs, DONE, job);
    const next = this.queued.get(lane)?.shift();
    if (next !== undefined) this.runOnPes(next, Math.max(next.fetchedPs, job.endPs));
  }

  protected onDone(payload: unknown): void {
    const { lane, img, pixel } = payload as PixelJob;
    const now = this.sim.nowPs;
    lane.computing--;
    if (this.roundByRound) this.ctx.trace?.crossbarPixelEnds((payload as RoundJob).slice);
    const zx = this.inputZero[0];
    gatherPixelWindow(img.inputs[0], this.geometry, pixel, this.out.w, zx, this.window);
    const acc = this.acc;
    acc.set(this.layer.bias);
    this.compute(this.copyOf.get(lane) ?? 0, this.window, zx, acc);
    const c = this.layout.outChannels;
    const values = new Int8Array(c);
    for (let oc = 0; oc < c; oc++) values[oc] = requantize(acc[oc], this.requantizers[oc]);

    const t = this.ctx.tallies[this.index];
    this.ctx.trace?.at(this.index, img.index);
    t.crossbarReads += this.perPixel.reads;
    t.dacConversions += this.rowDrives();
    t.adcConversions += this.perPixel.conversions;
    t.sampleHolds += this.perPixel.conversions;
    // One shift-add per digitized column value, plus the offset-encoding bias correction per output.
    t.shiftAdds += this.perPixel.conversions + (this.ctx.arch.precision.weightEncoding === 'offset' ? c : 0);
    const span = this.spans[this.copyOf.get(lane)!];
    if (span.parts.length === 1 && span.parts[0].mergeValues === 0) this.requantizeAndFinish(lane, img, pixel, values, hasActivation(this.layer), now);
    else this.mergeSums({ lane, img, pixel, values, span, localPs: [], pending: 0, readyPs: now }, now);
    // Out of the crossbars: the lane may take another pixel while this one merges.
    this.tryDispatch();
  }

  /** DAC row drives of the pixel in this.window: every crossbar drives each of its rows for the
   *  input planes whose digit is not 0. */
  private rowDrives(): number {
    const offset = 2 ** (this.ctx.arch.precision.inputBits - 1);
    const table = this.digitsOf;
    for (let s = 0; s < this.layout.setRows.length; s++) {
      const rows = this.layout.setRows[s];
      const prefix = this.rowDigits[s];
      for (let j = 0; j < rows.length; j++) prefix[j + 1] = prefix[j] + table[this.window[rows[j]] + offset];
    }
    let drives = 0;
    for (const b of this.layout.blocks) drives += this.rowDigits[b.set][b.r1] - this.rowDigits[b.set][b.r0];
    return drives;
  }

  override onEvent(kind: number, payload: unknown): void {
    if (kind === SUMS) this.acceptSums(payload as SumsPacket);
    else if (kind === STARTED) this.started(payload as RoundJob);
    else super.onEvent(kind, payload);
  }

  private started(job: RoundJob): void {
    this.ctx.trace?.at(this.index, job.img.index);
    if (this.ctx.trace !== undefined) job.slice = this.ctx.trace.crossbarPixelBegins(this.index, job.lane.tile, job.img.index);
  }

  /**
   * The copy's crossbars are done: each tile merges its PEs' partial sums over its bus into its
   * shift-add units; then every tile after the first sends down the chain the column blocks no
   * later tile sends it (its own), when its merge is done, and the others as they arrive.
   */
  private mergeSums(job: MergeJob, now: number): void {
    const t = this.ctx.tallies[this.index];
    const parts = job.span.parts;
    job.localPs = parts.map((p) => {
      if (p.mergeValues === 0) return now;
      const bits = p.mergeValues * this.psumBits;
      t.busBits += bits;
      t.shiftAdds += p.mergeValues;
      return this.ctx.tiles[p.tile].merge(now, bits, p.mergeValues);
    });
    this.ctx.trace?.charge(this.index, job.lane.tile);
    job.readyPs = job.localPs[0];
    job.pending = parts.length > 1 ? parts[1].sends.length : 0;
    for (let i = parts.length - 1; i >= 1; i--) {
      const arriving = new Set(i + 1 < parts.length ? parts[i + 1].sends.map(([b]) => b) : []);
      for (const [block, values] of parts[i].sends) if (!arriving.has(block)) this.sendSums(job, i, block, values, job.localPs[i]);
    }
    if (job.pending === 0) this.requantizeAndFinish(job.lane, job.img, job.pixel, job.values, hasActivation(this.layer), job.readyPs);
  }

  /** One column block's sums from part `from` to the part before it, as a NoC packet at `atPs`. */
  private sendSums(job: MergeJob, from: number, block: number, values: number, atPs: number): void {
    const parts = job.span.parts;
    const bits = values * this.psumBits;
    const q: SumsPacket = {
      dest: this, destKind: SUMS, srcTile: parts[from].tile, dstTile: parts[from - 1].tile, flits: this.ctx.noc.flitsFor(bits), bits,
      producer: this.index, consumer: this.index,
      band: 0, image: job.img.index, pixel: job.pixel, slot: 0, data: NO_DATA, x: 0, y: 0, tailPs: 0, traceFlow: 0, job, to: from - 1, block, values,
    };
    this.ctx.noc.inject(q, atPs);
  }

  /** A block's sums arrived: added where the tile holds the block too (after its own merge), then
   *  passed on; at the copy's first tile, the last block in lets the pixel requantize. */
  private acceptSums(q: SumsPacket): void {
    const now = this.sim.nowPs;
    const job = q.job;
    const part = job.span.parts[q.to];
    this.ctx.trace?.at(this.index, job.img.index);
    this.ctx.trace?.packetArrived(q);
    let readyPs = now;
    if (part.blocks.has(q.block)) {
      readyPs = this.ctx.tiles[part.tile].unit('shiftAdd', Math.max(now, job.localPs[q.to]), q.values);
      this.ctx.tallies[this.index].shiftAdds += q.values;
      this.ctx.trace?.charge(this.index, part.tile);
    }
    if (q.to > 0) {
      this.sendSums(job, q.to, q.block, q.values, readyPs);
      return;
    }
    job.readyPs = Math.max(job.readyPs, readyPs);
    if (--job.pending === 0) this.requantizeAndFinish(job.lane, job.img, job.pixel, job.values, hasActivation(this.layer), job.readyPs);
  }
}
