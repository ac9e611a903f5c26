// The common part of every layer actor (sim/engine/actors/layer.ts, with lineBufferCredit.ts and
// outbox.ts beside it): lanes grouped by tile into bands, output rows dealt to bands, line buffers
// with credits (back-pressure), dispatch when a window's rows are in, delivery to consumers locally
// or over the NoC, and the spill that keeps a cycle of full buffers from hanging. (Replicas,
// replicas.ts, are a crossbar layer's: crossbarLayer.test.ts and spans.test.ts.) Exercised through Probe, a minimal layer whose pixel takes a
// fixed time on its lane and copies the top row of its window (its output row y is its input row
// y; its window is rows y and y + 1), on the lossless chip: 1 GHz (1000 ps a cycle), 256-bit
// input-buffer port, 1 ns routers, 32-bit flits and links (1000 ps a flit).
import { describe, expect, test } from 'vitest';
import { Simulator } from '../../../../sim/kernel/index.js';
import { LayerActor, DONE, type ImageState, type Lane, type PixelJob } from '../../../../sim/engine/actors/layer.js';
import { TileActor } from '../../../../sim/engine/actors/tile.js';
import { NocActor } from '../../../../sim/engine/actors/noc.js';
import { CreditPool } from '../../../../sim/engine/credits.js';
import { zeroTally } from '../../../../sim/engine/energy.js';
import { DEFAULT_ANALOG } from '../../../../sim/engine/compute/analog.js';
import type { EngineContext } from '../../../../sim/engine/context.js';
import type { MappedLayer } from '../../../../hw/mapping/types.js';
import { loadArch } from '../../../../hw/arch/index.js';
import { LOSSLESS } from '../../../losslessArch.js';

const CYCLE = 1000;
const arch = loadArch(LOSSLESS);

interface ProbeOptions {
  tiles: number[];
  oneBand?: boolean;
  /** [C, H, W] */
  out: [number, number, number];
  pixelPs: number;
}

/** A layer whose pixel takes `pixelPs` on its lane and outputs its input at (y, x), all channels. */
class Probe extends LayerActor {
  /** Every startPixel: the lane (index in this.lanes), the pixel, when it was called and when it
   *  starts on the lane. */
  readonly calls: Array<{ lane: number; image: number; pixel: number; calledPs: number; startPs: number }> = [];
  readonly doneAt: number[] = [];

  constructor(sim: Simulator, index: number, ctx: EngineContext, name: string, readonly o: ProbeOptions) {
    super(sim, index, { name, outShape: o.out } as unknown as MappedLayer, ctx);
    this.setLanes(o.tiles, o.oneBand ?? false);
  }

  inputRows(oy: number): [number, number] {
    return [oy, oy + 1];
  }

  protected startPixel(lane: Lane, img: ImageState, pixel: number, nowPs: number): void {
    const startPs = Math.max(nowPs, lane.freePs);
    this.calls.push({ lane: this.lanes.indexOf(lane), image: img.index, pixel, calledPs: this.sim.nowPs, startPs });
    lane.freePs = startPs + this.o.pixelPs;
    lane.busyPs += this.o.pixelPs;
    if (img.firstStartPs < 0 || startPs < img.firstStartPs) img.firstStartPs = startPs;
    this.scheduleAt(lane.freePs, DONE, { lane, img, pixel } satisfies PixelJob);
  }

  protected onDone(payload: unknown): void {
    const { lane, img, pixel } = payload as PixelJob;
    const s = this.slots[0];
    const ox = pixel % this.out.w;
    const oy = (pixel - ox) / this.out.w;
    const values = new Int8Array(this.out.c);
    for (let c = 0; c < this.out.c; c++) values[c] = img.inputs[0][c * s.h * s.w + oy * s.w + ox];
    this.doneAt[pixel] = this.sim.nowPs;
    this.pixelsDone.add();
    this.finishPixel(lane, img, pixel, values, this.sim.nowPs);
  }
}

/** A bare engine context on the lossless chip: unbounded buffers unless a test bounds them. */
function context(layers: number) {
  const sim = new Simulator();
  const tiles = Array.from({ length: arch.chip.tiles }, (_, i) => new TileActor(sim, i, arch, CYCLE));
  const ctx: EngineContext = {
    arch, cyclePs: CYCLE, tiles, noc: new NocActor(sim, arch, CYCLE, layers), pes: new Map(), fidelity: 'exact', layerByLayer: false,
    analog: DEFAULT_ANALOG, tallies: Array.from({ length: layers }, () => zeroTally()),
    outQueues: tiles.map((t) => new CreditPool(`${t.name}.outputBuffer`, Infinity)),
    forwardQueues: tiles.map((t) => new CreditPool(`${t.name}.outputBuffer.forwards`, Infinity)), outShares: tiles.map(() => new Map()), lineBuffersOnTile: tiles.map(() => []),
  };
  return { sim, ctx };
}

/** The network input of shape `shape` into `layer` (written whole, no credit). */
function feedInput(layer: LayerActor, shape: [number, number, number]): void {
  const slot = layer.addInput(shape, 0, -1);
  layer.injected[slot] = true;
}

function connect(producer: Probe, consumer: Probe): number {
  const slot = consumer.addInput([producer.out.c, producer.out.h, producer.out.w], 0, producer.index);
  consumer.injected[slot] = false;
  producer.consumers.push({ actor: consumer, slot });
  return slot;
}

/** Plans rows and puts every line buffer in its tile's pool (of `capacityBits` when given). */
function finish(ctx: EngineContext, layers: LayerActor[], capacityBits = Infinity): Map<number, CreditPool> {
  for (const a of layers) a.planRows();
  for (const a of layers) for (const [tile, i] of a.lineBufferTiles()) ctx.lineBuffersOnTile[tile].push([a, i]);
  const pools = new Map<number, CreditPool>();
  ctx.lineBuffersOnTile.forEach((bands, t) => {
    if (bands.length === 0) return;
    const pool = new CreditPool(`tile${t}.inputBuffer`, capacityBits);
    pools.set(t, pool);
    for (const [a, i] of bands) a.setPool(i, pool, capacityBits);
  });
  layers[layers.length - 1].isFinal = true;
  return pools;
}

/** Values of a [C, H, W] input, all distinct for small tensors. */
function tensor([c, h, w]: [number, number, number]): Int8Array {
  return Int8Array.from({ length: c * h * w }, (_, i) => ((i * 37) % 256) - 128);
}

/** Rows 0 .. h - 1 of every channel of a [C, H, W] tensor (what a chain of Probes computes). */
function topRows(x: Int8Array, [c, h, w]: [number, number, number], rows: number): Int8Array {
  const out = new Int8Array(c * rows * w);
  for (let k = 0; k < c; k++) out.set(x.subarray(k * h * w, k * h * w + rows * w), k * rows * w);
  return out;
}

/** P (input [C, H, W] -> [C, H-1, W]) then C ([C, H-1, W] -> [C, H-2, W]), one lane each on tile 0
 *  unless given; P's pixel takes 10 ns, C's `cPixelPs`. */
function chain(o: { c?: number; h: number; w: number; pTiles?: number[]; cTiles?: number[]; pPixelPs?: number; cPixelPs?: number; capacityBits?: number }) {
  const c = o.c ?? 1;
  const { sim, ctx } = context(2);
  const p = new Probe(sim, 0, ctx, 'P', { tiles: o.pTiles ?? [0], out: [c, o.h - 1, o.w], pixelPs: o.pPixelPs ?? 10_000 });
  const q = new Probe(sim, 1, ctx, 'C', { tiles: o.cTiles ?? [0], out: [c, o.h - 2, o.w], pixelPs: o.cPixelPs ?? 10_000 });
  const shape: [number, number, number] = [c, o.h, o.w];
  feedInput(p, shape);
  connect(p, q);
  const pools = finish(ctx, [p, q], o.capacityBits);
  const input = tensor(shape);
  const go = () => {
    sim.call(0, () => p.injectImage(0, 0, input, 0));
    sim.run();
  };
  return { sim, ctx, p, c: q, pools, input, shape, go, expected: topRows(input, shape, o.h - 2) };
}

describe('bands and rows', () => {
  test('lanes are grouped by tile into bands, and output rows are dealt to bands in proportion to their lanes, interleaved', () => {
    const { sim, ctx } = context(1);
    const a = new Probe(sim, 0, ctx, 'A', { tiles: [0, 0, 1], out: [1, 6, 2], pixelPs: 1 });
    expect(a.bands.map((b) => ({ tile: b.tile, lanes: b.lanes.length, rows: b.rows }))).toEqual([
      { tile: 0, lanes: 2, rows: [0, 2, 3, 5] },
      { tile: 1, lanes: 1, rows: [1, 4] },
    ]);
    expect(a.lanes.map((l) => [l.tile, l.band])).toEqual([[0, 0], [0, 0], [1, 1]]);
  });

  test('a one-band layer keeps one line buffer on its first tile, fed to every lane; each lane keeps its own tile', () => {
    const { sim, ctx } = context(1);
    const a = new Probe(sim, 0, ctx, 'A', { tiles: [3, 3, 5], oneBand: true, out: [1, 4, 2], pixelPs: 1 });
    expect(a.bands).toHaveLength(1);
    expect(a.bands[0]).toMatchObject({ tile: 3, rows: [0, 1, 2, 3] });
    expect(a.homeTile).toBe(3);
    expect(a.lanes.map((l) => [l.tile, l.band])).toEqual([[3, 0], [3, 0], [5, 0]]);
  });

  test('planRows: each input row goes to the bands whose windows read it, and is released after the last band row that reads it', () => {
    const { sim, ctx } = context(1);
    const a = new Probe(sim, 0, ctx, 'A', { tiles: [0, 0, 1], out: [1, 6, 2], pixelPs: 1 });
    feedInput(a, [1, 7, 2]);
    a.planRows();
    // Band 0 has output rows 0, 2, 3, 5 (input rows 0-1, 2-3, 3-4, 5-6); band 1 rows 1, 4 (1-2, 4-5).
    expect(a.bandsOfRow[0]).toEqual([[0], [0, 1], [0, 1], [0], [0, 1], [0, 1], [0]]);
    expect(a.bands[0].releaseAfter).toEqual([[[0, 0], [0, 1]], [[0, 2]], [[0, 3], [0, 4]], [[0, 5], [0, 6]]]);
    expect(a.bands[1].releaseAfter).toEqual([[[0, 1], [0, 2]], [[0, 4], [0, 5]]]);
  });

  test('the network input is written whole into each band\'s buffer, the rows that band reads only', () => {
    const { sim, ctx } = context(1);
    const a = new Probe(sim, 0, ctx, 'A', { tiles: [0, 0, 1], out: [1, 6, 2], pixelPs: 1_000 });
    feedInput(a, [1, 7, 2]);
    finish(ctx, [a]);
    sim.call(0, () => a.injectImage(0, 0, tensor([1, 7, 2]), 0));
    sim.run();
    // Band 0 reads all 7 input rows, band 1 rows 1, 2, 4, 5: 16 bits a row.
    expect(ctx.tallies[0].bufferWriteBits).toBe((7 + 4) * 16);
    expect(ctx.tiles[1].inputBuffer.busyPs).toBe(CYCLE);
    expect(a.outputs[0]).toEqual(topRows(tensor([1, 7, 2]), [1, 7, 2], 6));
  });
});

describe('dispatch', () => {
  test('a lane holds at most two pixels (one computing, one fetched); its band deals pixels round-robin over its lanes', () => {
    const { sim, ctx } = context(1);
    const a = new Probe(sim, 0, ctx, 'A', { tiles: [0, 0], out: [1, 3, 2], pixelPs: 10_000 });
    feedInput(a, [1, 4, 2]);
    finish(ctx, [a]);
    sim.call(0, () => a.injectImage(0, 0, tensor([1, 4, 2]), 0));
    sim.run({ untilPs: 0 });
    expect(a.calls.map((c) => [c.lane, c.pixel])).toEqual([[0, 0], [1, 1], [0, 2], [1, 3]]);
    sim.run();
    // The fifth pixel went to the lane that freed first, when it did: 1 cycle of input write, 10 ns.
    expect(a.calls[4]).toMatchObject({ pixel: 4, calledPs: CYCLE + 10_000 });
    expect(a.outputs[0]).toEqual(topRows(tensor([1, 4, 2]), [1, 4, 2], 3));
  });

  test('a pixel starts no earlier than the last input row of its window is readable in the band\'s buffer, and a lane runs its pixels one after another', () => {
    // P's pixel k is done at 1 ns (its input written) + (k + 1) x 10 ns, and readable in C's
    // buffer one cycle later. C's row y needs P's rows y and y + 1, complete with P's pixel 2y + 3.
    const ch = chain({ h: 5, w: 2 });
    ch.go();
    const readable = (pPixel: number) => CYCLE + (pPixel + 1) * 10_000 + CYCLE;
    expect(ch.p.doneAt).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((k) => CYCLE + (k + 1) * 10_000));
    for (const call of ch.c.calls) {
      const y = Math.floor(call.pixel / 2);
      expect(call.startPs).toBeGreaterThanOrEqual(readable(2 * y + 3));
    }
    // Hand-computed: C's first pixel waits for P's pixel 3 (42 ns), then its lane is never idle
    // but for row 2, which waits for P's pixel 7 (82 ns): 10 ns apart throughout.
    expect(ch.c.calls.map((c) => c.startPs)).toEqual([42_000, 52_000, 62_000, 72_000, 82_000, 92_000]);
    // The image's span: its first start to its last output written (one output-buffer cycle).
    expect(ch.c.firstStartPs[0]).toBe(42_000);
    expect(ch.c.lastEndPs[0]).toBe(102_000 + CYCLE);
    expect(ch.c.outputs[0]).toEqual(ch.expected);
  });

  test('layer by layer, a layer starts only once its producer has sent every row its windows read', () => {
    const ch = chain({ h: 5, w: 2 });
    ch.ctx.layerByLayer = true;
    ch.go();
    const lastReadablePs = ch.p.doneAt[7] + CYCLE;
    expect(ch.c.calls[0].startPs).toBe(lastReadablePs);
    expect(ch.c.outputs[0]).toEqual(ch.expected);
  });

  test('a band whose lanes sit idle for want of input rows counts the time as an input wait, from the image\'s first row in', () => {
    // C's first packet lands at 11 ns; its first window is complete at 41 ns (dispatched then), and
    // its lane is never idle again.
    const ch = chain({ h: 5, w: 2 });
    ch.go();
    expect(ch.c.waits.input).toBe(41_000 - 11_000);
    expect(ch.p.waits.input).toBe(0);
  });

  test('images go through in order: a band takes image k + 1 once it has dispatched all of image k, and each image gets its own outputs', () => {
    const ch = chain({ h: 5, w: 2 });
    const second = tensor([1, 5, 2]).map((v) => ~v);
    ch.sim.call(0, () => ch.p.injectImage(1, 0, second, 0));
    ch.go();
    for (const layer of [ch.p, ch.c]) {
      const images = layer.calls.map((c) => c.image);
      expect(images).toEqual([...images].sort((x, y) => x - y));
      expect(images.filter((i) => i === 1)).toHaveLength(layer.pixels);
    }
    expect(ch.c.outputs[0]).toEqual(ch.expected);
    expect(ch.c.outputs[1]).toEqual(topRows(second, [1, 5, 2], 3));
    expect(ch.c.firstStartPs[1]).toBeGreaterThanOrEqual(ch.c.calls.filter((c) => c.image === 0).at(-1)!.startPs);
  });

  test('counts every pixel it computes and each image\'s first start and last end', () => {
    const ch = chain({ h: 5, w: 2 });
    ch.go();
    expect([ch.p.pixelsDone.value, ch.c.pixelsDone.value]).toEqual([8, 6]);
    expect(ch.p.firstStartPs[0]).toBe(CYCLE);
    expect(ch.p.lastEndPs[0]).toBe(ch.p.doneAt[7]);
  });
});

describe('delivery', () => {
  test('a producer sends each output pixel to every band that reads its row: to bands on its tile directly, to the others as NoC packets', () => {
    // C's bands: tile 0 (2 lanes) with rows 0, 2, 3, 5; tile 1 (1 lane) with rows 1, 4, which read
    // P's rows 1, 2, 4, 5: 4 rows of 2 pixels cross the NoC.
    const ch = chain({ c: 2, h: 8, w: 2, cTiles: [0, 0, 1] });
    ch.go();
    expect(ch.ctx.noc.packets.value).toBe(4 * 2);
    // Every delivered pixel is written into the band's buffer (16 bits), charged to the producer.
    expect(ch.ctx.tallies[0].bufferWriteBits).toBe(8 * 2 * 2 * 8 + (7 + 4) * 2 * 16);
    for (const call of ch.c.calls) expect(ch.c.bands[ch.c.lanes[call.lane].band].rows).toContain(Math.floor(call.pixel / 2));
    expect(ch.c.outputs[0]).toEqual(ch.expected);
  });

  test('a local delivery takes no output-buffer credit; a remote packet holds its tile\'s output buffer until its tail leaves the source router', () => {
    const local = chain({ h: 5, w: 2 });
    local.go();
    expect(local.ctx.outQueues[0].maxUsedBits).toBe(0);
    const remote = chain({ c: 4, h: 5, w: 2, cTiles: [1] });
    remote.go();
    expect(remote.ctx.outQueues[0].maxUsedBits).toBeGreaterThan(0);
    expect(remote.ctx.outQueues[0].usedBits).toBe(0);
    expect(remote.c.outputs[0]).toEqual(remote.expected);
  });

  test('a pixel finding its tile\'s output buffer full is held in its lane until a packet leaves the source router; the wait is counted as outputQueue', () => {
    // One 32-bit packet fits the output buffer; a packet's tail leaves tile 0's router a router
    // latency and a flit time (2 ns) after it is sent, so P's 8 pixels leave 2 ns apart from the
    // first, done at 3 ns (its 320-bit input takes 2 cycles to write, the pixel 1).
    const ch = chain({ c: 4, h: 5, w: 2, pPixelPs: 1_000, cTiles: [1] });
    Object.assign(ch.ctx.outQueues, [new CreditPool('tile0.outputBuffer', 32)]);
    const sends: number[] = [];
    const inject = ch.ctx.noc.inject.bind(ch.ctx.noc);
    ch.ctx.noc.inject = (packet, atPs) => {
      sends.push(atPs);
      inject(packet, atPs);
    };
    ch.go();
    expect(sends).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((k) => 3_000 + k * 2_000));
    expect(ch.ctx.outQueues[0].maxUsedBits).toBe(32);
    expect(ch.ctx.outQueues[0].refusals).toBeGreaterThan(0);
    expect(ch.p.lastEndPs[0]).toBe(3_000 + 7 * 2_000);
    // Pixel 1 (ready at 4 ns) left at 5 ns; pixel 2 (5 ns) at 7; then each, started when the pixel
    // two before it left, was ready 3 ns before it left.
    expect(ch.p.waits.outputQueue).toBe(1_000 + 2_000 + 5 * 3_000);
    expect(ch.c.outputs[0]).toEqual(ch.expected);
  });
});

describe('line-buffer credits (back-pressure)', () => {
  // 4 channels x 2 pixels x 8 bits: 64 bits an input row of C.
  const ROW = 64;

  test('a producer running ahead of its consumer is refused beyond the buffer: the pixel waits in its lane (lineBuffer) and is resent when rows are released', () => {
    const ch = chain({ c: 4, h: 10, w: 2, pPixelPs: 1_000, cPixelPs: 50_000, capacityBits: 3 * ROW });
    ch.go();
    const pool = ch.pools.get(0)!;
    expect(pool.refusals).toBeGreaterThan(0);
    expect(pool.maxUsedBits).toBeLessThanOrEqual(3 * ROW);
    expect(pool.overflowGrants).toBe(0);
    expect(ch.p.waits.lineBuffer).toBeGreaterThan(0);
    expect(ch.c.outputs[0]).toEqual(ch.expected);
    // Every bit of credit came back once the rows' last readers were dispatched.
    expect(pool.usedBits).toBe(0);
    expect(ch.p.heldPixels).toBe(0);
    // The consumer sets the pace: it ends when it does with unbounded buffers; the producer's
    // pixels leave later.
    const free = chain({ c: 4, h: 10, w: 2, pPixelPs: 1_000, cPixelPs: 50_000 });
    free.go();
    expect(free.pools.get(0)!.refusals).toBe(0);
    expect(ch.c.lastEndPs[0]).toBe(free.c.lastEndPs[0]);
    expect(ch.p.lastEndPs[0]).toBeGreaterThan(free.p.lastEndPs[0]);
  });

  test('the rows of the band\'s next window are admitted even into a full buffer: one smaller than a window slows the chain but never stops it', () => {
    const ch = chain({ c: 4, h: 10, w: 2, pPixelPs: 1_000, cPixelPs: 5_000, capacityBits: ROW });
    ch.go();
    const pool = ch.pools.get(0)!;
    expect(pool.overflowGrants).toBeGreaterThan(0);
    // Never more than the window (2 rows) is held past the capacity.
    expect(pool.maxUsedBits).toBeLessThanOrEqual(2 * ROW);
    expect(ch.c.outputs[0]).toEqual(ch.expected);
    expect(pool.usedBits).toBe(0);
  });
});

describe('deadlock-free delivery', () => {
  /** P and Q into C (two inputs, one line buffer of 2 of P's rows on tile 0); Q is never fed,
   *  so C never starts and P's rows beyond C's first window cannot be admitted. */
  function stuck() {
    const { sim, ctx } = context(3);
    const p = new Probe(sim, 0, ctx, 'P', { tiles: [0], out: [4, 4, 2], pixelPs: 1_000 });
    const q = new Probe(sim, 1, ctx, 'Q', { tiles: [0], out: [4, 4, 2], pixelPs: 1_000 });
    const c = new Probe(sim, 2, ctx, 'C', { tiles: [0], out: [4, 3, 2], pixelPs: 1_000 });
    feedInput(p, [4, 5, 2]);
    feedInput(q, [4, 5, 2]);
    connect(p, c);
    connect(q, c);
    const pool = finish(ctx, [p, q, c], 128).get(0)!;
    sim.call(0, () => p.injectImage(0, 0, tensor([4, 5, 2]), 0));
    sim.run();
    return { sim, p, q, c, pool };
  }

  test('with every held pixel waiting for a full buffer and no event left, the layers say what they wait for', () => {
    const { p, c, pool } = stuck();
    // C's window rows 0-1 of P were admitted (needed now); row 2's two pixels fill P's lane.
    expect(pool.usedBits).toBe(128);
    expect(p.heldPixels).toBe(2);
    expect(p.pendingWork()).toBe('layer.P: 2 finished pixel(s) held (image 0 pixel 4 first), waiting for space in layer.C\'s line buffer on tile 0 (128 of 128 bits used)');
    expect(c.pendingWork()).toBe('layer.C: image 0 pixel 0 on tile 0 waits for input rows 0..1 from layers #0, #1');
  });

  test('spillHeld sends the oldest held pixel past the full buffer, counted as an overflow, and frees its lane; with nothing held it does nothing', () => {
    const { sim, p, c, pool } = stuck();
    expect(p.spillHeld()).toBe(true);
    expect(pool.overflowGrants).toBe(1);
    expect(p.heldPixels).toBe(1);
    expect(pool.usedBits).toBe(128 + 32);
    // Its lane took the next pixel.
    sim.run();
    expect(p.calls.map((x) => x.pixel)).toContain(6);
    expect(c.spillHeld()).toBe(false);
    expect(c.heldPixels).toBe(0);
  });
});
