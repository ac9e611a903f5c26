// A conv2d / dense layer on the digital MAC PEs of hybrid tiles (AERO). Each digital MAC PE of
// each tile the layer is placed on is a lane with macsPerCycle multipliers: an output pixel takes
// ceil(MACs per pixel / macsPerCycle) cycles on it. As crossbar lanes do, it fetches its window
// through the tile buffer port and bus and requantizes on the tile's shared units; each tile keeps
// the line buffer of the rows its lanes read (a band per tile).
import type { Simulator } from '../../kernel/index.js';
import type { Conv2dLayer, DenseLayer } from '../../../workloads/ir/types.js';
import { hasActivation } from '../../../workloads/ir/activation.js';
import type { MappedLayer } from '../../../hw/mapping/types.js';
import { layerRequantizers, requantize, type Requantizer } from '../../../workloads/quant/index.js';
import type { EngineContext } from '../context.js';
import type { ComponentDeclaration } from '../declaration.js';
import { gatherPixelWindow, weightLayerGeometry, type WindowGeometry } from '../compute/window.js';
import { macPixel } from '../compute/digitalMac.js';
import { DONE, LAYER_PORTS, LAYER_STATS, LAYER_TRACKS, LayerActor, type ImageState, type Lane, type PixelJob } from './layer.js';
import { dilationOf, kernelSpan } from '../../../workloads/ir/shapes.js';

export class DigitalMacLayerActor extends LayerActor {
  static readonly declaration: ComponentDeclaration<keyof typeof LAYER_STATS> = {
    kind: 'digitalMacLayer',
    description: 'a conv2d or dense layer on the digital MAC PEs of hybrid tiles (AERO): each PE is a lane, a pixel takes ceil(MACs per pixel / macsPerCycle) cycles',
    params: ['tile.digitalMacPes.count', 'tile.digitalMacPes.macsPerCycle', 'tile.digitalMacPes.operandBits'],
    ports: LAYER_PORTS,
    stats: LAYER_STATS,
    tracks: LAYER_TRACKS,
  };

  readonly pixelPs: number;
  private readonly macsPerPixel: number;
  private geometry!: WindowGeometry;
  private window = new Int32Array(0);
  private readonly acc: Int32Array;
  private readonly requantizers: Requantizer[];
  private inChannels = 0;

  constructor(sim: Simulator, index: number, mapped: MappedLayer, ctx: EngineContext, private readonly layer: Conv2dLayer | DenseLayer, inScale: number) {
    super(sim, index, mapped, ctx);
    const pes = ctx.arch.tile.digitalMacPes;
    if (pes === undefined || pes.count === 0) throw new Error(`layer ${mapped.name} is on digital MAC PEs but arch ${ctx.arch.name} has none`);
    const tiles = mapped.placement.tiles.length > 0 ? mapped.placement.tiles : [0];
    this.setLanes(tiles.flatMap((t) => Array.from({ length: pes.count }, () => t)), false);
    this.macsPerPixel = mapped.macs / Math.max(1, mapped.outputPixels);
    this.pixelPs = Math.ceil(this.macsPerPixel / pes.macsPerCycle) * ctx.cyclePs;
    const outChannels = layer.kind === 'conv2d' ? layer.outChannels : layer.outFeatures;
    this.acc = new Int32Array(outChannels);
    this.requantizers = layerRequantizers(layer, inScale);
  }

  /** Called once the input slot is known. */
  setGeometry(): void {
    this.geometry = weightLayerGeometry(this.layer, this.slots[0]);
    this.inChannels = this.geometry.inC;
    this.window = new Int32Array(this.geometry.inC * this.geometry.kh * this.geometry.kw);
  }

  inputRows(oy: number): [number, number] {
    if (this.layer.kind === 'dense') return [0, this.slots[0].h - 1];
    const l = this.layer;
    const top = oy * l.stride[0] - l.padding[0];
    return [top, top + kernelSpan(l.kernel[0], dilationOf(l)[0]) - 1];
  }

  private windowBits(): number {
    return this.window.length * this.ctx.arch.precision.inputBits;
  }

  protected startPixel(lane: Lane, img: ImageState, pixel: number, nowPs: number): void {
    const tile = this.ctx.tiles[lane.tile];
    const bits = this.windowBits();
    this.ctx.trace?.at(this.index, img.index);
    const fetch = tile.fetch(nowPs, bits, true);
    this.waits.bufferPort += fetch.waitPs;
    const startPs = Math.max(fetch.endPs, lane.freePs);
    lane.freePs = startPs + this.pixelPs;
    lane.busyPs += this.pixelPs;
    if (img.firstStartPs < 0 || startPs < img.firstStartPs) img.firstStartPs = startPs;
    const t = this.ctx.tallies[this.index];
    t.busBits += bits;
    t.bufferReadBits += bits;
    this.ctx.trace?.lanePixel(this.index, lane.tile, img.index, startPs, this.pixelPs);
    this.ctx.trace?.charge(this.index, lane.tile);
    this.scheduleAt(lane.freePs, DONE, { lane, img, pixel } satisfies PixelJob);
  }

  protected onDone(payload: unknown): void {
    const { lane, img, pixel } = payload as PixelJob;
    const now = this.sim.nowPs;
    const zx = this.inputZero[0];
    gatherPixelWindow(img.inputs[0], this.geometry, pixel, this.out.w, zx, this.window);
    macPixel(this.layer, this.inChannels, this.window, zx, this.acc);
    const c = this.acc.length;
    const values = new Int8Array(c);
    for (let oc = 0; oc < c; oc++) values[oc] = requantize(this.acc[oc], this.requantizers[oc]);
    const t = this.ctx.tallies[this.index];
    this.ctx.trace?.at(this.index, img.index);
    t.digitalMacs += this.macsPerPixel;
    this.requantizeAndFinish(lane, img, pixel, values, hasActivation(this.layer), now);
  }
}
