// The crossbar layer actor (sim/engine/actors/crossbarLayer.ts): each weight copy is a lane that
// fetches a pixel's window over its tile's bus, runs it through its crossbars in one closed-form
// duration (private ADCs; shared ADCs are pe.test.ts's), merges partial sums where the copy spans
// PEs, and requantizes on the tile's units. Times are hand computed for the lossless chip: 1 GHz,
// 256-bit buffer port and bus, 8 rows per read, 8-bit weights on 2-bit cells (4 columns a weight),
// 8 one-bit input planes, 10 ns reads and ADCs converting 8 columns in 10 ns (800 MS/s), 4
// requantizers and 4 activation units per tile. How copies spread over tiles (multicast rows,
// merged sums) is counted in spans.test.ts.
import { describe, expect, test } from 'vitest';
import { Simulator } from '../../../../sim/kernel/index.js';
import { buildGraph } from '../../../../sim/engine/build.js';
import { CrossbarLayerActor } from '../../../../sim/engine/actors/crossbarLayer.js';
import { DONE, type Lane, type PixelJob } from '../../../../sim/engine/actors/layer.js';
import { simulate } from '../../../../sim/engine/index.js';
import { loadArch, parseArch, type Arch } from '../../../../hw/arch/index.js';
import { loadTech } from '../../../../hw/tech/index.js';
import { mapNetwork, type MapOptions } from '../../../../hw/mapping/index.js';
import { getNetwork, ZooBuilder } from '../../../../workloads/zoo/index.js';
import { runReference } from '../../../../workloads/reference/index.js';
import type { Network } from '../../../../workloads/ir/types.js';
import { presetJson } from '../../../hw/arch/presetJson.js';
import { LOSSLESS } from '../../../losslessArch.js';
import { inputsFor, registeredStats } from '../helpers.js';

const arch = loadArch(LOSSLESS);
const NS = 1000;

/** One conv of 16 3x3 filters over an 8 x 3 x `w` input (no padding): 72 rows x 64 columns, one
 *  crossbar, 9 reads per plane; 1 x (w - 2) output pixels. */
function oneConv(w: number): Network {
  const z = new ZooBuilder('one-conv', 5);
  z.conv('a', z.input([8, 3, w]), { outChannels: 16, kernel: 3, relu: true });
  return z.build('a');
}

function sameValues(a: Int8Array, b: Int8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function runNet(net: Network, map: Partial<MapOptions> = {}, a: Arch = arch) {
  const mapped = mapNetwork(net, a, map);
  const inputs = inputsFor(net, 1);
  const result = simulate({ net, mapped, arch: a, tech: loadTech(a.tech), inputs });
  const exact = sameValues(result.outputs[0], runReference(net, inputs[0]).output.data);
  return { mapped, result, exact, layer: (name: string) => result.layers.find((l) => l.name === name)! };
}

let lenetRun: ReturnType<typeof runNet> | undefined;
/** LeNet-5 on the lossless chip, one image, run once for the tests that read it. */
const lenet = () => (lenetRun ??= runNet(getNetwork('lenet5')));

/** The crossbar actors of `net` on `a`, built (not run). */
function crossbarActors(net: Network, a: Arch): CrossbarLayerActor[] {
  const g = buildGraph(new Simulator(), net, mapNetwork(net, a), a, 'exact');
  return g.actors.filter((x): x is CrossbarLayerActor => x instanceof CrossbarLayerActor);
}

/**
 * Runs one image through `net`, recording for every crossbar pixel its copy (lane), when its window
 * was fetched (the latest bus fetch of the pixel's parts) and when it ran on the crossbars.
 */
function recordPixels(net: Network, map: Partial<MapOptions> = {}) {
  const sim = new Simulator();
  const g = buildGraph(sim, net, mapNetwork(net, arch, map), arch, 'exact');
  let fetchedPs = 0;
  for (const tile of g.ctx.tiles) {
    const fetch = tile.fetch.bind(tile);
    tile.fetch = (nowPs, bits, viaBus) => {
      const r = fetch(nowPs, bits, viaBus);
      if (viaBus) fetchedPs = Math.max(fetchedPs, r.endPs);
      return r;
    };
  }
  const pixels: Array<{ lane: Lane; fetchedPs: number; startPs: number; endPs: number }> = [];
  for (const a of g.actors) {
    if (!(a instanceof CrossbarLayerActor)) continue;
    const scheduleAt = a.scheduleAt.bind(a);
    // A copy's fetches and its DONE are booked in one call (fetchWindow): pair them.
    a.scheduleAt = (timePs, kind, payload, priority) => {
      if (kind === DONE) {
        pixels.push({ lane: (payload as PixelJob).lane, fetchedPs, startPs: timePs - a.pixelPs, endPs: timePs });
        fetchedPs = 0;
      }
      scheduleAt(timePs, kind, payload, priority);
    };
  }
  const input = inputsFor(net, 1)[0];
  sim.call(0, () => {
    for (const f of g.segmentFeeds[0]) f.actor.injectImage(0, f.slot, input, f.source);
  });
  sim.run();
  const exact = sameValues(g.final.outputs[0], runReference(net, input).output.data);
  return { pixels, exact };
}

describe('timing of a copy', () => {
  test('a copy\'s pixel takes input planes x reads per plane x the slower of a read and its busiest ADC\'s conversions', () => {
    // LeNet-5's c1: 25 rows (4 reads of 8), 24 columns (each ADC converts 8 in 10 ns, as long as a read).
    const c1 = (a: Arch) => crossbarActors(getNetwork('lenet5'), a).find((x) => x.mapped.name === 'c1')!;
    expect(c1(arch).pixelPs).toBe(8 * 4 * 10 * NS);
    // At 400 MS/s the ADC takes 20 ns for its 8 columns and sets the pace.
    const json = presetJson(LOSSLESS);
    json.tile.pe.adc.sampleRateHz = '400MS/s';
    expect(c1(parseArch(json, 'test: slow ADC')).pixelPs).toBe(8 * 4 * 20 * NS);
  });

  test('a lone pixel is the input written, the window fetched over the bus, the crossbars, requantize with ReLU, and the output written', () => {
    // 8 x 3 x 3 x 8 = 576 bits: 3 cycles to write, 3 to fetch; 8 planes x 9 reads x 10 ns; 16
    // channels on 4 requantizers (and on 4 activation units alongside): 4 cycles; 128 bits out: 1.
    const { result, exact } = runNet(oneConv(3), { dup: 'none' });
    expect(exact).toBe(true);
    expect(result.latencyPs).toBe(3 * NS + 3 * NS + 8 * 9 * 10 * NS + 4 * NS + NS);
  });

  test('a copy runs its pixels one after another: the next window is fetched while it computes, and the next pixel starts when the last ends', () => {
    // Two pixels on one copy: the second's window is in at 9 ns, long before the first is done.
    const { result, layer } = runNet(oneConv(4), { dup: 'none' });
    expect(layer('a').duplication).toBe(1);
    expect(result.latencyPs).toBe(3 * NS + 3 * NS + 2 * 720 * NS + 4 * NS + NS);
    expect(layer('a').stagePs).toBe(2 * 720 * NS);
  });
});

describe('copies as lanes', () => {
  test.each([
    ['lenet5, its copies sharing buses', () => getNetwork('lenet5'), {}],
    ['a copy spanning two tiles', () => {
      const z = new ZooBuilder('wide', 3);
      z.conv('c', z.input([512, 4, 4]), { outChannels: 64, kernel: 3, padding: 1, relu: true });
      return z.build('c');
    }, { dup: 'none' as const }],
  ])('%s: a copy never starts a pixel before its window is fetched, nor while it runs another; it starts as soon as both allow', (_name, make, map) => {
    const { pixels, exact } = recordPixels(make(), map);
    expect(exact).toBe(true);
    expect(pixels.length).toBeGreaterThan(10);
    const lastEnd = new Map<Lane, number>();
    // Both waits happen: pixels held by their fetch, and pixels held by the copy's previous pixel.
    let byFetch = 0;
    let byLane = 0;
    for (const p of pixels) {
      const previous = lastEnd.get(p.lane) ?? 0;
      expect(p.startPs).toBeGreaterThanOrEqual(p.fetchedPs);
      expect(p.startPs).toBeGreaterThanOrEqual(previous);
      expect(p.startPs).toBe(Math.max(p.fetchedPs, previous));
      if (p.fetchedPs > previous) byFetch++;
      if (previous > p.fetchedPs) byLane++;
      lastEnd.set(p.lane, p.endPs);
    }
    expect(byFetch).toBeGreaterThan(0);
    expect(byLane).toBeGreaterThan(0);
  });

  test('pixels are dealt evenly over the copies: the busiest copy of LeNet-5\'s c1 computes ceil(784 / copies) pixels', () => {
    const c1 = lenet().layer('c1');
    expect(c1.duplication).toBeGreaterThan(1);
    expect(c1.stagePs).toBe(Math.ceil(784 / c1.duplication) * 320 * NS);
  });
});

describe('what a pixel moves and counts', () => {
  test('im2col fetches each pixel\'s whole window over the bus; kernel-split fetches each input pixel once', () => {
    // 1 x 4 outputs of 8 x 3 x 3 windows over an 8 x 3 x 6 input (18 input pixels of 8 channels).
    const im2col = runNet(oneConv(6), { dup: 'none', mapping: 'im2col' }).layer('a');
    const split = runNet(oneConv(6), { dup: 'none', mapping: 'kernel-split' });
    expect(im2col.tally.bufferReadBits).toBe(4 * 72 * 8);
    expect(im2col.tally.busBits).toBe(4 * 72 * 8);
    expect(split.mapped.layers.find((l) => l.name === 'a')!.partition!.scheme).toBe('kernel-split');
    expect(split.layer('a').tally.bufferReadBits).toBe(18 * 8 * 8);
    expect(split.exact).toBe(true);
  });

  test('every output channel of every pixel is requantized, and rectified where the layer has a ReLU', () => {
    const { layer } = lenet();
    expect(layer('c1').tally.requantizeOps).toBe(784 * 6);
    expect(layer('c1').tally.activationOps).toBe(784 * 6);
    expect(layer('output').tally.requantizeOps).toBe(10);
    expect(layer('output').tally.activationOps).toBe(0);
  });

  test('each pixel counts planes x reads crossbar reads and planes x reads x used columns ADC conversions', () => {
    // oneConv: one crossbar of 64 used columns, 9 reads a plane, 8 planes; 2 pixels.
    const a = runNet(oneConv(4), { dup: 'none' }).layer('a');
    expect(a.tally.crossbarReads).toBe(2 * 8 * 9);
    expect(a.tally.adcConversions).toBe(2 * 8 * 9 * 64);
  });

  test('the statistics registered are those the declaration lists, and pixels counts the pixels computed', () => {
    const sim = new Simulator();
    const net = getNetwork('lenet5');
    const g = buildGraph(sim, net, mapNetwork(net, arch), arch, 'exact');
    const c1 = g.actors.find((x) => x?.mapped.name === 'c1')!;
    expect(registeredStats(sim, c1.name)).toEqual(CrossbarLayerActor.declaration.stats);
    expect(lenet().result.stats.find((s) => s.name === 'layer.c1.pixels')!.value).toBe(784);
  });
});
