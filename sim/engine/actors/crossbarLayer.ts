// A conv2d / dense layer on crossbars. Each weight copy is a lane: its crossbars sit in PEs of one
// tile, with private DACs, sample-and-holds, ADCs and shift-adders, so one output pixel (every
// input bit-plane, every read round) is one multi-cycle operation on it. The window fetch (tile
// buffer port + bus) and the requantize/activation units are shared and reserved cycle by cycle.
import type { Simulator } from '../../kernel/index.js';
import type { Conv2dLayer, DenseLayer } from '../../../workloads/ir/types.js';
import type { MappedLayer } from '../../../hw/mapping/types.js';
import { convMultiplier, makeRequantizer, requantize, type Requantizer } from '../../../workloads/quant/index.js';
import type { EngineContext } from '../context.js';
import { buildLayout, type CrossbarLayout } from '../layout.js';
import { accumulateExact, layoutScratch } from '../compute/exact.js';
import { BitSerialCrossbar } from '../compute/bitSerial.js';
import { gatherWindow, type WindowGeometry } from '../compute/window.js';
import { adcLossless } from '../../../hw/arch/lossless.js';
import { DONE, LayerActor, type ImageState, type Lane, type PixelJob } from './layer.js';

export class CrossbarLayerActor extends LayerActor {
  static readonly description = {
    params: { duplication: 'weight copies (lanes)', pixelPs: 'one output pixel on one copy: planes x max over its crossbars (reads x read step), ps' },
    stats: ['pixels', 'busyPs (max over copies)'],
  };

  readonly layout: CrossbarLayout;
  readonly pixelPs: number;
  private readonly layer: Conv2dLayer | DenseLayer;
  private geometry!: WindowGeometry;
  private readonly requantizers: Requantizer[] = [];
  private readonly window: Int32Array;
  private readonly scratch: Int32Array[];
  private readonly acc: Int32Array;
  private readonly bitSerial: BitSerialCrossbar | undefined;
  /** Copy index of each lane (analog fidelity: each copy's cells vary on their own). */
  private readonly copyOf = new Map<Lane, number>();
  /** Per-pixel operation counts (the same for every pixel of the layer). */
  private readonly perPixel: { reads: number; dacs: number; conversions: number; windowBits: number };

  constructor(sim: Simulator, index: number, mapped: MappedLayer, ctx: EngineContext, layer: Conv2dLayer | DenseLayer, inShape: readonly number[], inScale: number, copyTiles: number[]) {
    super(sim, index, mapped, ctx);
    this.layer = layer;
    const arch = ctx.arch;
    const { crossbar, adc, dac } = arch.tile.pe;
    const inC = inShape.reduce((p, d) => p * d, 1) / (layer.kind === 'conv2d' ? inShape[1] * inShape[2] : 1);
    this.layout = buildLayout(layer, inC, mapped.partition!, { rows: crossbar.rows, activeRows: crossbar.activeRows });
    this.window = new Int32Array(this.layout.patchLength);
    this.scratch = layoutScratch(this.layout);
    this.acc = new Int32Array(this.layout.outChannels);
    // One line buffer on the layer's first tile for all copies: copies on the layer's other tiles
    // read their windows through their own tile's bus, and moving rows to those tiles is not timed
    // (splitting rows over per-tile buffers made the bands work one after another, or multiplied
    // NoC traffic with overlapping windows; see the report).
    this.setLanes(copyTiles, true);
    this.lanes.forEach((l, c) => this.copyOf.set(l, c));

    // Time of one pixel: the copy's crossbars work in parallel; each takes, per input bit-plane,
    // its reads one after another, a read step being the slower of the array read and converting
    // the columns its busiest ADC muxes (read and conversion overlap through the sample-and-hold).
    const planes = Math.ceil(arch.precision.inputBits / dac.bits);
    const colsPerAdc = Math.max(adc.columnsPerAdc, Math.ceil((crossbar.count * crossbar.cols) / adc.count));
    let slowestPs = 0;
    let reads = 0;
    let dacs = 0;
    let conversions = 0;
    for (const b of this.layout.blocks) {
      const convPs = Math.ceil((Math.min(b.usedCols, colsPerAdc) * 1e12) / adc.sampleRateHz);
      slowestPs = Math.max(slowestPs, b.readsPerPlane * Math.max(crossbar.readLatencyPs, convPs));
      reads += b.readsPerPlane;
      dacs += b.rows;
      conversions += b.readsPerPlane * b.usedCols;
    }
    // A layer larger than the whole chip (reloading) loads its blocks in `folds` passes, each
    // running every pixel over its share: the copy takes a pixel `folds` times over.
    this.pixelPs = planes * slowestPs * Math.max(1, mapped.folds);
    const windowValues = layer.kind === 'conv2d' ? this.layout.patchLength : inShape.reduce((p, d) => p * d, 1);
    this.perPixel = { reads: planes * reads, dacs: planes * dacs, conversions: planes * conversions, windowBits: windowValues * arch.precision.inputBits };

    const wq = layer.weightQuant;
    for (let oc = 0; oc < this.layout.outChannels; oc++) {
      this.requantizers.push(makeRequantizer(convMultiplier(inScale, wq.scales[wq.scales.length > 1 ? oc : 0], layer.outQuant.scale), layer.outQuant.zeroPoint, layer.relu));
    }
    if (ctx.fidelity === 'adc' || ctx.fidelity === 'analog') {
      const lossless = adcLossless(arch);
      this.bitSerial = new BitSerialCrossbar(this.layout, {
        weightBits: arch.precision.weightBits, inputBits: arch.precision.inputBits, cellBits: crossbar.cellBits, dacBits: dac.bits,
        activeRows: crossbar.activeRows, adcBits: adc.bits, requiredBits: lossless.requiredBits, encoding: arch.precision.weightEncoding, flip: adc.flipEncoding,
      }, ctx.fidelity === 'analog' ? { ...ctx.analog, layer: index } : undefined);
    }
  }

  /** Called once the input slot is known. */
  setGeometry(): void {
    const s = this.slots[0];
    if (this.layer.kind === 'conv2d') {
      const l = this.layer;
      this.geometry = { inC: s.c, inH: s.h, inW: s.w, kh: l.kernel[0], kw: l.kernel[1], sh: l.stride[0], sw: l.stride[1], padTop: l.padding[0], padLeft: l.padding[1] };
    } else {
      // A dense layer is a 1x1 conv over its flattened input.
      this.geometry = { inC: s.c * s.h * s.w, inH: 1, inW: 1, kh: 1, kw: 1, sh: 1, sw: 1, padTop: 0, padLeft: 0 };
    }
  }

  protected inputRows(oy: number): [number, number] {
    if (this.layer.kind === 'dense') return [0, this.slots[0].h - 1];
    const l = this.layer;
    const top = oy * l.stride[0] - l.padding[0];
    return [top, top + l.kernel[0] - 1];
  }

  protected startPixel(lane: Lane, img: ImageState, pixel: number, nowPs: number): void {
    const tile = this.ctx.tiles[lane.tile];
    this.ctx.trace?.at(this.index, img.index);
    const fetch = tile.fetch(nowPs, this.perPixel.windowBits, true);
    this.waits.bufferPort += fetch.waitPs;
    const startPs = Math.max(fetch.endPs, lane.freePs);
    lane.freePs = startPs + this.pixelPs;
    lane.busyPs += this.pixelPs;
    if (img.firstStartPs < 0 || startPs < img.firstStartPs) img.firstStartPs = startPs;
    const t = this.ctx.tallies[this.index];
    t.busBits += this.perPixel.windowBits;
    t.bufferReadBits += this.perPixel.windowBits;
    this.ctx.trace?.crossbarPixel(this, lane, img.index, startPs);
    this.ctx.trace?.charge(this.index, lane.tile);
    const job: PixelJob = { lane, img, pixel };
    this.scheduleAt(lane.freePs, DONE, job);
  }

  protected onDone(payload: unknown): void {
    const { lane, img, pixel } = payload as PixelJob;
    const now = this.sim.nowPs;
    const ox = pixel % this.out.w;
    const oy = (pixel - ox) / this.out.w;
    const zx = this.inputZero[0];
    gatherWindow(img.inputs[0], this.geometry, oy, ox, zx, this.window);
    const acc = this.acc;
    acc.set(this.layer.bias);
    if (this.bitSerial) this.bitSerial.accumulate(this.window, zx, acc, this.copyOf.get(lane) ?? 0);
    else accumulateExact(this.layout, this.window, zx, acc, this.scratch);
    const c = this.layout.outChannels;
    const values = new Int8Array(c);
    for (let oc = 0; oc < c; oc++) values[oc] = requantize(acc[oc], this.requantizers[oc]);

    const t = this.ctx.tallies[this.index];
    this.ctx.trace?.at(this.index, img.index);
    t.crossbarReads += this.perPixel.reads;
    t.dacConversions += this.perPixel.dacs;
    t.adcConversions += this.perPixel.conversions;
    t.sampleHolds += this.perPixel.conversions;
    // One shift-add per digitized column value, plus the offset-encoding bias correction per output.
    t.shiftAdds += this.perPixel.conversions + (this.ctx.arch.precision.weightEncoding === 'offset' ? c : 0);
    this.requantizeAndFinish(lane, img, pixel, values, this.layer.relu, now);
  }
}
