// The tile actor (sim/engine/actors/tile.ts): a tile's shared input-buffer ports, buffer-to-PE bus,
// output buffer and digital unit banks, which every layer on the tile reserves. Times here are hand
// computed from the lossless chip's parameters: a 1 GHz clock (1000 ps a cycle), one 256-bit input
// buffer port, a 256-bit bus, 4 requantizers, 2 max-pool units, 1 avg-pool unit, 4 shift-adders.
import { describe, expect, test } from 'vitest';
import { Simulator } from '../../../../sim/kernel/index.js';
import { TileActor } from '../../../../sim/engine/actors/tile.js';
import { parseArch, type Arch } from '../../../../hw/arch/index.js';
import type { ArchInput } from '../../../../hw/arch/schema.js';
import { presetJson } from '../../../hw/arch/presetJson.js';
import { LOSSLESS } from '../../../losslessArch.js';
import { registeredStats } from '../helpers.js';

/** The lossless chip with its tile edited. */
function archWith(edit: (tile: ArchInput['tile']) => void = () => {}): Arch {
  const json = presetJson(LOSSLESS);
  edit(json.tile);
  return parseArch(json, 'test: edited tile');
}

const CYCLE = 1000;

function tileOf(arch: Arch = archWith()): TileActor {
  expect(1e12 / arch.clockHz).toBe(CYCLE);
  return new TileActor(new Simulator(), 0, arch, CYCLE);
}

describe('the lossless chip\'s tile, as these tests assume it', () => {
  test('has one 256-bit input buffer port, a 256-bit bus and the unit counts the header states', () => {
    const t = archWith().tile;
    expect([t.inputBuffer.ports, t.inputBuffer.bandwidthBitsPerCycle, t.bus.widthBits, t.outputBuffer.bandwidthBitsPerCycle]).toEqual([1, 256, 256, 256]);
    expect([t.digital.requantize.count, t.digital.maxPool.count, t.digital.avgPool.count, t.digital.shiftAdd.count]).toEqual([4, 2, 1, 4]);
  });
});

describe('transfers', () => {
  test('moving bits through a port takes ceil(bits / width) whole cycles', () => {
    const tile = tileOf();
    expect(tile.transferPs(256, 256)).toBe(CYCLE);
    expect(tile.transferPs(257, 256)).toBe(2 * CYCLE);
    expect(tile.transferPs(1, 256)).toBe(CYCLE);
    expect(tile.transferPs(0, 256)).toBe(0);
  });

  test('a fetch for a digital unit (not via the bus) holds an input buffer port for ceil(bits / port bandwidth) cycles and leaves the bus free', () => {
    const tile = tileOf();
    expect(tile.fetch(5_000, 600, false)).toEqual({ endPs: 5_000 + 3 * CYCLE, waitPs: 0 });
    expect(tile.bus.uses).toBe(0);
    expect(tile.inputBuffer.busyPs).toBe(3 * CYCLE);
  });

  test('a fetch to a PE streams the buffer read onto the bus: it ends when the slower of the two is done', () => {
    // A 64-bit bus is 4 times slower than the 256-bit port: 1024 bits are 4 port cycles, 16 bus cycles.
    const tile = tileOf(archWith((t) => void (t.bus.widthBits = 64)));
    expect(tile.fetch(0, 1024, true)).toEqual({ endPs: 16 * CYCLE, waitPs: 0 });
    expect(tile.bus.busyPs).toBe(16 * CYCLE);
    expect(tile.inputBuffer.busyPs).toBe(4 * CYCLE);
  });

  test('a fetch waits for the bus when another fetch holds it, and the wait is counted in busWaitPs', () => {
    // Two ports, so the second fetch finds a free port and waits for the bus alone.
    const tile = tileOf(archWith((t) => void (t.inputBuffer.ports = 2)));
    expect(tile.fetch(0, 1024, true)).toEqual({ endPs: 4 * CYCLE, waitPs: 0 });
    expect(tile.fetch(1_000, 1024, true)).toEqual({ endPs: 8 * CYCLE, waitPs: 3 * CYCLE });
    tile.publishStats();
    const stat = (name: string) => tile.sim.stats().find((s) => s.name === `tile0.${name}`)!.value;
    expect(stat('busWaitPs')).toBe(3 * CYCLE);
    expect(stat('busBusyPs')).toBe(8 * CYCLE);
    // The port was free: the time is not counted again as a buffer wait.
    expect(stat('bufferWaitPs')).toBe(0);
  });

  test('a fetch that waits for the input buffer port (a write holds it) counts the wait in bufferWaitPs, not busWaitPs', () => {
    const tile = tileOf();
    expect(tile.write(0, 512)).toEqual({ readablePs: 2 * CYCLE, waitPs: 0 });
    expect(tile.fetch(0, 256, true)).toEqual({ endPs: 3 * CYCLE, waitPs: 2 * CYCLE });
    expect(tile.inputBuffer.waitPs).toBe(2 * CYCLE);
    expect(tile.bus.waitPs).toBe(0);
  });

  test('fetches spread over the input buffer ports: with two ports two run at once, a third queues; with one port they serialize', () => {
    const two = tileOf(archWith((t) => void (t.inputBuffer.ports = 2)));
    expect([0, 1, 2].map(() => two.fetch(0, 1024, false).endPs)).toEqual([4 * CYCLE, 4 * CYCLE, 8 * CYCLE]);
    const one = tileOf();
    expect([0, 1, 2].map(() => one.fetch(0, 1024, false).endPs)).toEqual([4 * CYCLE, 8 * CYCLE, 12 * CYCLE]);
  });

  test('a write makes data readable after ceil(bits / port bandwidth) cycles, queued behind fetches on the same port', () => {
    const tile = tileOf();
    tile.fetch(0, 768, false); // 3 cycles
    expect(tile.write(1_000, 256)).toEqual({ readablePs: 4 * CYCLE, waitPs: 2 * CYCLE });
  });
});

describe('idle gaps', () => {
  test('a write uses the port while a fetch over the bus waits for the bus, instead of queueing behind the fetch', () => {
    const tile = tileOf();
    tile.merge(0, 10 * 256, 4); // the bus is busy for 10 cycles
    // The fetch streams port and bus together: it starts at 10 cycles.
    expect(tile.fetch(0, 256, true)).toEqual({ endPs: 11 * CYCLE, waitPs: 10 * CYCLE });
    // The port is idle until then: a write now is readable after its own cycle, not after the
    // fetch (at 12 cycles, queued; a tile's port then stayed booked ahead while mostly idle).
    expect(tile.write(0, 256)).toEqual({ readablePs: CYCLE, waitPs: 0 });
  });
});

describe('merging partial sums', () => {
  test('a merge moves the sums over the bus into the shift-adders, which take ceil(ops / units) cycles; it ends when both are done', () => {
    const tile = tileOf();
    // 512 bits: 2 bus cycles; 10 adds on 4 units: 3 cycles.
    expect(tile.merge(0, 512, 10)).toBe(3 * CYCLE);
    expect(tile.units.shiftAdd.busyPs).toBe(3 * CYCLE);
    expect(tile.bus.busyPs).toBe(2 * CYCLE);
  });

  test('a merge and a fetch share the bus: the later one waits for it', () => {
    const tile = tileOf();
    tile.merge(0, 1024, 4); // bus 4 cycles
    expect(tile.fetch(0, 256, true)).toEqual({ endPs: 5 * CYCLE, waitPs: 4 * CYCLE });
    expect(tile.bus.waitPs).toBe(4 * CYCLE);
  });
});

describe('digital unit banks', () => {
  test('a bank takes ceil(ops / units) cycles: 10 requantizations on 4 requantizers take 3 cycles, 10 max-pool compares on 2 units take 5', () => {
    const tile = tileOf();
    expect(tile.unit('requantize', 0, 10)).toBe(3 * CYCLE);
    expect(tile.unit('maxPool', 0, 10)).toBe(5 * CYCLE);
    expect(tile.unit('avgPool', 0, 10)).toBe(10 * CYCLE);
  });

  test('requests on one bank are served in request order; banks of other kinds do not wait for each other', () => {
    const tile = tileOf();
    expect(tile.unit('requantize', 0, 8)).toBe(2 * CYCLE);
    expect(tile.unit('requantize', 0, 4)).toBe(3 * CYCLE);
    expect(tile.unit('requantize', 0, 4)).toBe(4 * CYCLE);
    expect(tile.unit('activation', 0, 4)).toBe(CYCLE);
    expect(tile.units.requantize.waitPs).toBe(2 * CYCLE + 3 * CYCLE);
  });

  test('a kind with no units on the tile is costed as one unit', () => {
    const tile = tileOf(archWith((t) => void (t.digital.maxPool.count = 0)));
    expect(tile.unitCount.maxPool).toBe(1);
    expect(tile.unit('maxPool', 0, 6)).toBe(6 * CYCLE);
  });
});

describe('statistics', () => {
  test('the statistics registered are those the declaration lists, in its order, with its units and descriptions', () => {
    const tile = tileOf();
    const registered = registeredStats(tile.sim, 'tile0');
    expect(registered).toEqual(TileActor.declaration.stats);
    expect(Object.keys(registered)).toEqual(Object.keys(TileActor.declaration.stats));
  });

  test('publishStats copies each reservation\'s busy and wait time into its counter', () => {
    const tile = tileOf();
    tile.fetch(0, 512, false);
    tile.fetch(0, 512, false);
    tile.unit('avgPool', 0, 3);
    tile.unit('avgPool', 0, 2);
    tile.publishStats();
    const values = Object.fromEntries(tile.sim.stats().filter((s) => s.owner === 'tile0').map((s) => [s.stat, s.value]));
    expect(values).toMatchObject({ bufferBusyPs: 4 * CYCLE, bufferWaitPs: 2 * CYCLE, avgPoolBusyPs: 5 * CYCLE, avgPoolWaitPs: 3 * CYCLE, busBusyPs: 0 });
  });
});
