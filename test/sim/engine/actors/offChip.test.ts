// The off-chip links (sim/engine/actors/offChip.ts), used with weight reloading: a parked tensor is
// written out and read back at the links' total bandwidth, each direction one queue. Here the links
// move 6.4 GB/s each way (one HyperTransport link), so 128 bytes take 20 ns. How parking uses them
// in a run is pinned in parking.test.ts.
import { describe, expect, test } from 'vitest';
import { Simulator } from '../../../../sim/kernel/index.js';
import { OffChipLinkActor } from '../../../../sim/engine/actors/offChip.js';
import { registeredStats } from '../helpers.js';

const BYTES_PER_S = 6.4e9;
/** 128 bytes at 6.4 GB/s, ps. */
const KBIT_PS = 20_000;

const links = () => new OffChipLinkActor(new Simulator(), BYTES_PER_S);

describe('off-chip links', () => {
  test('a transfer takes bits / bandwidth, rounded up to a whole ps', () => {
    const l = links();
    expect(l.transferPs(1024)).toBe(KBIT_PS);
    expect(l.transferPs(2048)).toBe(2 * KBIT_PS);
    // 1 bit is 1e12 / 5.12e10 = 19.53 ps.
    expect(l.transferPs(1)).toBe(20);
    expect(l.transferPs(0)).toBe(0);
  });

  test('write-outs queue behind each other: one made while another is under way starts when it ends', () => {
    const l = links();
    expect(l.writeOut(0, 1024)).toBe(KBIT_PS);
    expect(l.writeOut(5_000, 1024)).toBe(2 * KBIT_PS);
    expect(l.writeOut(100_000, 1024)).toBe(100_000 + KBIT_PS);
    expect(l.out.waitPs).toBe(KBIT_PS - 5_000);
  });

  test('read-backs queue the same way, and the two directions do not wait for each other', () => {
    const l = links();
    l.writeOut(0, 4096);
    expect(l.readBack(0, 1024)).toBe(KBIT_PS);
    expect(l.readBack(0, 1024)).toBe(2 * KBIT_PS);
    expect(l.in.waitPs).toBe(KBIT_PS);
    expect(l.out.waitPs).toBe(0);
  });

  test('counts the bits each way and publishes busy and wait times per direction', () => {
    const l = links();
    l.writeOut(0, 1024);
    l.writeOut(0, 2048);
    l.readBack(0, 1024);
    l.publishStats();
    const values = Object.fromEntries(l.sim.stats().filter((s) => s.owner === 'offChip').map((s) => [s.stat, s.value]));
    expect(values).toMatchObject({ outBits: 3072, inBits: 1024, outBusyPs: 3 * KBIT_PS, inBusyPs: KBIT_PS, outWaitPs: KBIT_PS, inWaitPs: 0 });
  });

  test('the statistics registered are those the declaration lists, in its order', () => {
    const l = links();
    const registered = registeredStats(l.sim, 'offChip');
    expect(registered).toEqual(OffChipLinkActor.declaration.stats);
    expect(Object.keys(registered)).toEqual(Object.keys(OffChipLinkActor.declaration.stats));
  });
});
