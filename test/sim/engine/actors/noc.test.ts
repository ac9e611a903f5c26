// The NoC actor (sim/engine/actors/noc.ts): a mesh of routers, XY routing, one reservation per
// output link, virtual cut-through. Scenarios on a bare Simulator with a recording sink; the chip is
// the lossless one (8 x 8 routers, one tile each, 32-bit flits, 1 ns router latency) with 16-bit
// links, so a flit takes 2 cycles (2000 ps) on a link and the two delays stay apart in the sums.
// A packet of F flits crossing h links reaches the tile at (h + 1) router latencies plus (h + F)
// flit times: its head pays a router and a flit per hop, its tail F - 1 more flits behind it, and
// the last router's ejection port is one more router and F flits.
import { describe, expect, test } from 'vitest';
import { Actor, Simulator } from '../../../../sim/kernel/index.js';
import { NocActor, type Packet, type PacketSink } from '../../../../sim/engine/actors/noc.js';
import type { EngineTraceHooks } from '../../../../sim/engine/traceHooks.js';
import { parseArch, type Arch } from '../../../../hw/arch/index.js';
import type { ArchInput } from '../../../../hw/arch/schema.js';
import { hopsBetween } from '../../../../hw/mapping/placement.js';
import { presetJson } from '../../../hw/arch/presetJson.js';
import { LOSSLESS } from '../../../losslessArch.js';
import { registeredStats } from '../helpers.js';

function archWith(edit: (noc: ArchInput['noc']) => void = () => {}): Arch {
  const json = presetJson(LOSSLESS);
  json.noc.linkBandwidthBitsPerCycle = 16;
  edit(json.noc);
  return parseArch(json, 'test: 16-bit links');
}

const CYCLE = 1000;
const ROUTER = 1000;
const FLIT = 2 * CYCLE;

/** Records each packet delivered to it: when, and the copy it got. */
class Sink extends Actor implements PacketSink {
  readonly got: Array<{ atPs: number; p: Packet }> = [];
  acceptPacket(): void {}
  override onEvent(_kind: number, payload: unknown): void {
    const p = payload as Packet;
    this.got.push({ atPs: this.sim.nowPs, p });
  }
}

function setup(arch: Arch = archWith()) {
  const sim = new Simulator();
  const noc = new NocActor(sim, arch, CYCLE, 4);
  const sink = new Sink(sim, 'sink');
  const charged: number[] = [0, 0, 0, 0];
  noc.onFlitHops = (layer, flits) => void (charged[layer] += flits);
  const packet = (srcTile: number, dstTile: number, flits: number, o: Partial<Packet> = {}): Packet => ({
    dest: sink, destKind: 1, srcTile, dstTile, flits, bits: flits * arch.noc.flitBits, producer: 0, consumer: 1, band: 0, image: 0, pixel: 0, slot: 0,
    data: new Int8Array(0), x: 0, y: 0, tailPs: 0, traceFlow: 0, ...o,
  });
  return { sim, noc, sink, charged, packet };
}

describe('the test chip', () => {
  test('has a 1 ns router and a 2-cycle flit on a link', () => {
    const { noc, sim } = setup();
    expect(noc.flitPs).toBe(FLIT);
    expect(archWith().noc.routerLatencyPs).toBe(ROUTER);
    expect(sim.nowPs).toBe(0);
  });
});

describe('a packet alone on the mesh', () => {
  test('takes the XY route: all of its x hops first, then its y hops, then the ejection port of the destination tile', () => {
    const { sim, noc, packet } = setup();
    const hops: Array<[number, number, number]> = [];
    noc.trace = { hop: (_p: Packet, x: number, y: number, dir: number) => void hops.push([x, y, dir]) } as unknown as EngineTraceHooks;
    // Routers snake along the rows: tile 18 is router (2, 2); tile 13 is router (2, 1) on the odd row.
    noc.inject(packet(0, 18, 1), 0);
    sim.run();
    expect(hops).toEqual([[0, 0, 0], [1, 0, 0], [2, 0, 2], [2, 1, 2], [2, 2, 4]]);
    hops.length = 0;
    noc.inject(packet(18, 13, 1), sim.nowPs);
    sim.run();
    expect(hops).toEqual([[2, 2, 3], [2, 1, 4]]);
    hops.length = 0;
    noc.inject(packet(13, 0, 1), sim.nowPs);
    sim.run();
    expect(hops).toEqual([[2, 1, 1], [1, 1, 1], [0, 1, 3], [0, 0, 4]]);
  });

  test.each([
    [0, 1, 1],
    [0, 18, 3],
    [5, 5, 2],
    [0, 63, 4],
    [63, 7, 16],
  ])('from tile %i to tile %i with %i flits: it crosses as many links as the routers are apart (Manhattan), counts flits x routers flit-hops, and arrives at (h+1) router latencies + (h+F) flit times', (src, dst, flits) => {
    const { sim, noc, sink, charged, packet } = setup();
    noc.inject(packet(src, dst, flits), 0);
    sim.run();
    const h = hopsBetween(src, dst, archWith());
    expect(sink.got.map((g) => g.atPs)).toEqual([(h + 1) * ROUTER + (h + flits) * FLIT]);
    expect(noc.flitHops.value).toBe(flits * (h + 1));
    // Flit-hops are charged to the consuming layer.
    expect(charged).toEqual([0, flits * (h + 1), 0, 0]);
    // Every link it crossed, the ejection port included, was held for flits x flit time.
    expect(noc.linkBusy.value).toBe((h + 1) * flits * FLIT);
    expect(noc.linkWait.value).toBe(0);
    expect(noc.packets.value).toBe(1);
  });

  test('a packet injected later leaves its source router then, not before', () => {
    const { sim, noc, sink, packet } = setup();
    noc.inject(packet(0, 1, 2), 10_000);
    sim.run();
    expect(sink.got[0].atPs).toBe(10_000 + 2 * ROUTER + 3 * FLIT);
  });

  test('needs ceil(bits / flit width) flits', () => {
    const { noc } = setup();
    expect([noc.flitsFor(1), noc.flitsFor(32), noc.flitsFor(33), noc.flitsFor(8 * 64)]).toEqual([1, 1, 2, 16]);
  });
});

describe('packets sharing a link', () => {
  test('two packets on one link queue: the second waits flits x flit time for it and arrives that much later, the wait charged to its producer', () => {
    const { sim, noc, sink, packet } = setup();
    noc.inject(packet(0, 1, 3, { producer: 0 }), 0);
    noc.inject(packet(0, 1, 3, { producer: 2 }), 0);
    sim.run();
    const alone = 2 * ROUTER + 4 * FLIT;
    expect(sink.got.map((g) => g.atPs)).toEqual([alone, alone + 3 * FLIT]);
    // It waits on the first link; by the ejection port the first packet has left it.
    expect(noc.linkWait.value).toBe(3 * FLIT);
    expect(noc.waitByProducer).toEqual([0, 0, 3 * FLIT, 0]);
  });

  test('a link counts as busy only while flits cross it: queued packets and idle gaps add nothing to its busy time', () => {
    // The one-image interval is the busiest resource's busy time (sim/engine/result.ts), so a link
    // booked while a packet waits, or between packets, would inflate it.
    const { sim, noc, packet } = setup();
    noc.inject(packet(0, 1, 3), 0);
    noc.inject(packet(0, 1, 5), 0);
    noc.inject(packet(0, 1, 2), 100 * FLIT);
    sim.run();
    expect(noc.linkWait.value).toBeGreaterThan(0);
    expect(noc.busiestLinkPs()).toBe((3 + 5 + 2) * FLIT);
  });

  test('packets on disjoint routes do not wait for each other', () => {
    const { sim, noc, sink, packet } = setup();
    noc.inject(packet(0, 1, 3), 0);
    noc.inject(packet(1, 0, 3), 0);
    noc.inject(packet(2, 3, 3), 0);
    sim.run();
    expect(sink.got.map((g) => g.atPs)).toEqual([1, 2, 3].map(() => 2 * ROUTER + 4 * FLIT));
    expect(noc.linkWait.value).toBe(0);
  });

  test('each tile of a router has its own ejection port: packets to two tiles of one router do not queue, two to one tile do', () => {
    const arch = archWith((n) => Object.assign(n, { rows: 4, cols: 8, tilesPerRouter: 2, routerPorts: 6 }));
    const two = setup(arch);
    // Tiles 0 and 1 share router 0: packets between them never leave it (no link but the ejection port).
    two.noc.inject(two.packet(0, 1, 3), 0);
    two.noc.inject(two.packet(1, 0, 3), 0);
    two.sim.run();
    expect(two.sink.got.map((g) => g.atPs)).toEqual([ROUTER + 3 * FLIT, ROUTER + 3 * FLIT]);
    const one = setup(arch);
    one.noc.inject(one.packet(0, 1, 3), 0);
    one.noc.inject(one.packet(1, 1, 3), 0);
    one.sim.run();
    expect(one.sink.got.map((g) => g.atPs)).toEqual([ROUTER + 3 * FLIT, ROUTER + 6 * FLIT]);
  });
});

describe('oldest image first', () => {
  test('packets waiting for one link take it oldest image first when it frees, in arrival order within an image', () => {
    const { sim, noc, sink, packet } = setup();
    // The first books the link at once; the other three find it booked and queue.
    noc.inject(packet(0, 1, 3, { image: 3, pixel: 0 }), 0);
    noc.inject(packet(0, 1, 3, { image: 5, pixel: 1 }), 0);
    noc.inject(packet(0, 1, 3, { image: 4, pixel: 2 }), 0);
    noc.inject(packet(0, 1, 3, { image: 4, pixel: 3 }), 0);
    sim.run();
    expect(sink.got.map((g) => g.p.pixel)).toEqual([0, 2, 3, 1]);
    // Each takes the link the moment the one before leaves it: nothing idles.
    const alone = 2 * ROUTER + 4 * FLIT;
    expect(sink.got.map((g) => g.atPs)).toEqual([0, 1, 2, 3].map((k) => alone + 3 * k * FLIT));
    expect(noc.linkWait.value).toBe((3 + 6 + 9) * FLIT);
  });

  test('a packet of an older image arriving later goes before those already waiting, not before the one on the link', () => {
    const { sim, noc, sink, packet } = setup();
    noc.inject(packet(0, 1, 3, { image: 7, pixel: 0 }), 0);
    noc.inject(packet(0, 1, 3, { image: 7, pixel: 1 }), 0);
    noc.inject(packet(0, 1, 3, { image: 2, pixel: 2 }), FLIT);
    sim.run();
    expect(sink.got.map((g) => g.p.pixel)).toEqual([0, 2, 1]);
  });

  test('a multicast whose copy waits for a busy ejection port goes on to its next tile meanwhile', () => {
    const { sim, noc, sink, packet } = setup();
    // Tile 2's packet reaches router 1 with the multicast and books tile 1's ejection port first.
    noc.inject(packet(2, 1, 3, { image: 0, pixel: 9 }), 0);
    noc.inject(packet(0, 1, 3, { image: 0, pixel: 0, next: [{ tile: 2, flits: 2 }] }), 0);
    sim.run();
    const at = (pixel: number, tile: number) => sink.got.find((g) => g.p.pixel === pixel && g.p.dstTile === tile)!.atPs;
    const headAt1 = ROUTER + FLIT;
    // The copy for tile 1 waits the other packet's 3 flits on the ejection port.
    expect(at(0, 1)).toBe(2 * ROUTER + 4 * FLIT + 3 * FLIT);
    // The rest reaches tile 2 as it does with no one in its way (the multicast test below).
    expect(at(0, 2)).toBe(headAt1 + 2 * ROUTER + 3 * FLIT);
  });
});

describe('multicast', () => {
  test('a packet with onward tiles leaves a copy at each (leg 0, 1, ...), goes on from there with the flits it keeps, and counts the flit-hops of each stretch', () => {
    const { sim, noc, sink, packet } = setup();
    noc.inject(packet(0, 1, 3, { next: [{ tile: 2, flits: 2 }] }), 0);
    sim.run();
    expect(sink.got.map((g) => [g.p.dstTile, g.p.leg ?? 0, g.p.flits])).toEqual([[1, 0, 3], [2, 1, 2]]);
    // Tile 1's copy as a unicast; the rest leaves router (1, 0) as soon as the head is there
    // (ROUTER + FLIT after injection) and reaches tile 2 as a 2-flit packet over one link would.
    const headAt1 = ROUTER + FLIT;
    expect(sink.got.map((g) => g.atPs)).toEqual([2 * ROUTER + 4 * FLIT, headAt1 + 2 * ROUTER + 3 * FLIT]);
    // Routers 0 and 1 see 3 flits, router 2 sees 2.
    expect(noc.flitHops.value).toBe(3 + 3 + 2);
    expect(noc.packets.value).toBe(1);
  });
});

describe('statistics', () => {
  test('the statistics registered are those the declaration lists, in its order', () => {
    const { sim } = setup();
    const registered = registeredStats(sim, 'noc');
    expect(registered).toEqual(NocActor.declaration.stats);
    expect(Object.keys(registered)).toEqual(Object.keys(NocActor.declaration.stats));
  });
});
