// A layer on tile digital units: max/avg pool, global average pool, residual add, ReLU, channel
// concat (a gather of its inputs' channels, requantized where their scale differs), per-channel
// affine (a multiply-add on the residual-add units, then a requantize), channel-broadcast product
// (the same units; every output row reads the gate's one row), channel gather (a fetch of the
// selected channels, no unit work). Its lanes
// are the unit banks of the tiles it is placed on (those of its producer); each pixel reads its
// window through the tile buffer port, then runs on the tile's units, shared with every other
// layer on that tile (crossbar layers requantize there too).
import type { Simulator } from '../../kernel/index.js';
import type { Layer } from '../../../workloads/ir/types.js';
import { hasActivation } from '../../../workloads/ir/activation.js';
import type { MappedLayer } from '../../../hw/mapping/types.js';
import type { EngineContext } from '../context.js';
import type { ComponentDeclaration } from '../declaration.js';
import { digitalPixel, type DigitalOp } from '../compute/digital.js';
import type { UnitKind } from './tile.js';
import { DONE, FETCHED, LAYER_PORTS, LAYER_STATS, LAYER_TRACKS, LayerActor, type ImageState, type Lane } from './layer.js';

interface Job {
  lane: Lane;
  img: ImageState;
  pixel: number;
}

export class UnitLayerActor extends LayerActor {
  static readonly declaration: ComponentDeclaration<keyof typeof LAYER_STATS> = {
    kind: 'unitLayer',
    description: 'a pooling, residual-add, activation, concat, per-channel affine, channel-product or channel-gather layer on the digital units of the tiles it is placed on (one lane per tile)',
    params: ['tile.digital.maxPool.count', 'tile.digital.avgPool.count', 'tile.digital.residualAdd.count', 'tile.digital.activation.count', 'tile.digital.requantize.count'],
    ports: LAYER_PORTS,
    stats: LAYER_STATS,
    tracks: LAYER_TRACKS,
  };

  constructor(
    sim: Simulator,
    index: number,
    mapped: MappedLayer,
    ctx: EngineContext,
    private readonly layer: Layer,
    private readonly op: DigitalOp,
    tiles: number[],
  ) {
    super(sim, index, mapped, ctx);
    // A global pool reads its whole input, which is delivered to one buffer (its band, on its
    // first tile; hw/mapping/copies.ts bandTiles) and forwarded nowhere: only that tile's units can
    // pool it. (Lanes on its other tiles pooled data never sent to them, successive images on
    // different tiles at once: plain-cnn-224 on neurosim-vgg8 read 412.9 us at 8 images against
    // the 667.9 us of one pool on one tile.)
    const global = layer.kind === 'globalavgpool';
    this.setLanes(global ? tiles.slice(0, 1) : tiles, global);
  }

  inputRows(oy: number): [number, number] {
    const op = this.op;
    if (op.kind === 'globalavgpool') return [0, this.slots[0].h - 1];
    if (op.kind === 'maxpool' || op.kind === 'avgpool') {
      const top = oy * op.stride[0] - op.padding[0];
      return [top, top + op.kernel[0] - 1];
    }
    return [oy, oy];
  }

  /** A product's gate (input 1) has one row, which every output row reads. */
  override slotRows(slot: number, oy: number): [number, number] {
    return this.op.kind === 'mul' && slot === 1 ? [0, 0] : this.inputRows(oy);
  }

  private windowValues(): number {
    const s = this.slots[0];
    const op = this.op;
    if (op.kind === 'globalavgpool') return s.c * s.h * s.w;
    if (op.kind === 'maxpool' || op.kind === 'avgpool') return s.c * op.kernel[0] * op.kernel[1];
    if (op.kind === 'concat' || op.kind === 'channels') return this.out.c;
    return s.c * this.slots.length;
  }

  protected startPixel(lane: Lane, img: ImageState, pixel: number, nowPs: number): void {
    const tile = this.ctx.tiles[lane.tile];
    const bits = this.windowValues() * this.ctx.arch.precision.inputBits;
    this.ctx.trace?.at(this.index, img.index);
    const fetch = tile.fetch(nowPs, bits, false);
    this.waits.bufferPort += fetch.waitPs;
    this.ctx.tallies[this.index].bufferReadBits += bits;
    this.ctx.trace?.charge(this.index, lane.tile);
    this.scheduleAt(Math.max(fetch.endPs, lane.freePs), FETCHED, { lane, img, pixel } satisfies Job);
  }

  /** The window is in the unit's registers: run the unit chain on the tile's shared banks. */
  protected override onFetched(payload: unknown): void {
    const job = payload as Job;
    const now = this.sim.nowPs;
    const tile = this.ctx.tiles[job.lane.tile];
    const t = this.ctx.tallies[this.index];
    this.ctx.trace?.at(this.index, job.img.index);
    const c = this.out.c;
    const steps: Array<[UnitKind, number]> = [];
    const op = this.op;
    const s = this.slots[0];
    if (op.kind === 'maxpool') steps.push(['maxPool', c * op.kernel[0] * op.kernel[1]]);
    if (op.kind === 'avgpool') steps.push(['avgPool', c * op.kernel[0] * op.kernel[1]], ['requantize', c]);
    if (op.kind === 'globalavgpool') steps.push(['avgPool', s.c * s.h * s.w], ['requantize', c]);
    if (op.kind === 'add' || op.kind === 'affine' || op.kind === 'mul') steps.push(['residualAdd', c], ['requantize', c]);
    if (op.kind === 'concat') {
      const requantized = op.channels.reduce((n, ch, k) => n + (op.tables[k] === undefined ? 0 : ch), 0);
      if (requantized > 0) steps.push(['requantize', requantized]);
    }
    if (op.kind === 'relu' || ((this.layer.kind === 'add' || this.layer.kind === 'affine') && hasActivation(this.layer))) steps.push(['activation', c]);
    // Units of a chain are pipelined: each starts on the stream as it is reserved.
    let endPs = now;
    let ownPs = 0;
    for (const [kind, ops] of steps) {
      endPs = Math.max(endPs, tile.unit(kind, now, ops));
      ownPs = Math.max(ownPs, Math.ceil(ops / tile.unitCount[kind]) * this.ctx.cyclePs);
      if (kind === 'maxPool') t.maxPoolOps += ops;
      else if (kind === 'avgPool') t.avgPoolOps += ops;
      else if (kind === 'requantize') t.requantizeOps += ops;
      else if (kind === 'residualAdd') t.residualAddOps += ops;
      else t.activationOps += ops;
    }
    // A pixel fetched while its lane's previous one still holds the units queues behind it: that
    // time is neither a wait for another layer's units nor more busy time of the lane.
    const fromPs = Math.max(now, job.lane.freePs);
    this.waits.units += Math.max(0, endPs - fromPs - ownPs);
    job.lane.busyPs += Math.max(0, endPs - fromPs);
    job.lane.freePs = Math.max(job.lane.freePs, endPs);
    this.ctx.trace?.lanePixel(this.index, job.lane.tile, job.img.index, now, endPs - now);
    this.ctx.trace?.charge(this.index, job.lane.tile);
    if (job.img.firstStartPs < 0 || now < job.img.firstStartPs) job.img.firstStartPs = now;
    this.scheduleAt(endPs, DONE, job);
  }

  protected onDone(payload: unknown): void {
    const { lane, img, pixel } = payload as Job;
    const values = new Int8Array(this.out.c);
    const ox = pixel % this.out.w;
    const oy = (pixel - ox) / this.out.w;
    digitalPixel(this.op, img.inputs, this.slots[0], oy, ox, values, this.inputZero[0]);
    this.pixelsDone.add();
    this.finishPixel(lane, img, pixel, values, this.sim.nowPs);
  }
}
