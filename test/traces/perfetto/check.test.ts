// The checker accepts what the writer makes and names each structural error in hand-made traces;
// a file that is truncated or not a trace is an OhmflowError naming the file and byte offset.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkTrace } from '../../../traces/perfetto/check.js';
import { OhmflowError } from '../../../workloads/errors.js';
import { writeSyntheticTrace } from '../synthetic.js';
import { COUNTER, SLICE_BEGIN, SLICE_END, validPrelude, writeHandmadeTrace } from './handmade.js';

const dir = mkdtempSync(join(tmpdir(), 'ohmflow-check-'));
let serial = 0;

function checkPackets(packets: Record<string, unknown>[]): ReturnType<typeof checkTrace> {
  const path = join(dir, `case-${serial++}.pftrace`);
  writeHandmadeTrace(path, packets);
  return checkTrace(path);
}

function event(timestamp: number, trackEvent: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { trustedPacketSequenceId: 1, sequenceFlags: 2, timestamp, trackEvent, ...extra };
}

describe('trace check', () => {
  it('accepts a trace from the writer at every level', () => {
    for (const level of ['layer', 'tile', 'component'] as const) {
      const path = join(dir, `writer-${level}.pftrace`);
      writeSyntheticTrace(path, { level });
      const check = checkTrace(path);
      expect(check.problems).toEqual([]);
      expect(check.ok).toBe(true);
      expect(check.packets).toBeGreaterThan(0);
    }
  });

  it('accepts a minimal well-formed hand-made trace', () => {
    const check = checkPackets([
      ...validPrelude(),
      event(10, { type: SLICE_BEGIN, trackUuid: 1, name: 'convert' }),
      event(20, { type: COUNTER, trackUuid: 2, doubleCounterValue: 3 }),
      event(30, { type: SLICE_END, trackUuid: 1 }),
    ]);
    expect(check.problems).toEqual([]);
    expect(check.tracks).toBe(2);
  });

  it('finds an END without a BEGIN on its track', () => {
    const check = checkPackets([...validPrelude(), event(10, { type: SLICE_END, trackUuid: 1 })]);
    expect(check.ok).toBe(false);
    expect(check.problems.join('\n')).toMatch(/END on track "adc" at 10 has no BEGIN/);
  });

  it('finds a BEGIN that never ends', () => {
    const check = checkPackets([...validPrelude(), event(10, { type: SLICE_BEGIN, trackUuid: 1, name: 'convert' })]);
    expect(check.problems.join('\n')).toMatch(/never end/);
  });

  it('finds slices that do not nest (an END naming an outer slice)', () => {
    const check = checkPackets([
      ...validPrelude(),
      event(10, { type: SLICE_BEGIN, trackUuid: 1, name: 'outer' }),
      event(20, { type: SLICE_BEGIN, trackUuid: 1, name: 'inner' }),
      event(30, { type: SLICE_END, trackUuid: 1, name: 'outer' }),
      event(40, { type: SLICE_END, trackUuid: 1 }),
    ]);
    expect(check.problems.join('\n')).toMatch(/closes "inner": slices on one track must nest/);
  });

  it('finds a counter value on a slice track and a slice on a counter track', () => {
    const check = checkPackets([
      ...validPrelude(),
      event(10, { type: COUNTER, trackUuid: 1, doubleCounterValue: 1 }),
      event(20, { type: SLICE_BEGIN, trackUuid: 2, name: 'x' }),
    ]);
    const text = check.problems.join('\n');
    expect(text).toMatch(/counter value on track "adc", which is not a counter track/);
    expect(text).toMatch(/slice event on counter track "occupancy"/);
  });

  it('finds an interned name used before it is defined', () => {
    const check = checkPackets([
      ...validPrelude(),
      event(10, { type: SLICE_BEGIN, trackUuid: 1, nameIid: 7 }),
      event(20, { type: SLICE_END, trackUuid: 1 }),
    ]);
    expect(check.problems.join('\n')).toMatch(/event name iid 7 is used before it is interned/);
  });

  it('finds an annotation name iid used before it is defined', () => {
    const check = checkPackets([
      ...validPrelude(),
      event(10, { type: SLICE_BEGIN, trackUuid: 1, name: 'x', debugAnnotations: [{ nameIid: 3, intValue: 1 }] }),
      event(20, { type: SLICE_END, trackUuid: 1 }),
    ]);
    expect(check.problems.join('\n')).toMatch(/annotation name iid 3 is used before it is interned/);
  });

  it('accepts an iid interned in the packet that first uses it', () => {
    const check = checkPackets([
      ...validPrelude(),
      event(10, { type: SLICE_BEGIN, trackUuid: 1, nameIid: 1 }, { internedData: { eventNames: [{ iid: 1, name: 'mvm' }] } }),
      event(20, { type: SLICE_END, trackUuid: 1 }),
    ]);
    expect(check.problems).toEqual([]);
  });

  it('finds timestamps going back on a sequence', () => {
    const check = checkPackets([
      ...validPrelude(),
      event(50, { type: COUNTER, trackUuid: 2, doubleCounterValue: 1 }),
      event(40, { type: COUNTER, trackUuid: 2, doubleCounterValue: 2 }),
    ]);
    expect(check.problems.join('\n')).toMatch(/timestamp 40 goes back from 50/);
  });

  it('finds an event on a track whose descriptor comes later (or never)', () => {
    const check = checkPackets([
      ...validPrelude(),
      event(10, { type: COUNTER, trackUuid: 9, doubleCounterValue: 1 }),
      { trustedPacketSequenceId: 1, sequenceFlags: 2, trackDescriptor: { uuid: 9, name: 'late', counter: {} } },
    ]);
    expect(check.problems.join('\n')).toMatch(/track uuid 9, which is not described before it/);
  });

  it('finds a packet that needs incremental state on a sequence never cleared', () => {
    const check = checkPackets([{ trustedPacketSequenceId: 4, sequenceFlags: 2, trackDescriptor: { uuid: 1, name: 'a' } }]);
    expect(check.problems.join('\n')).toMatch(/never cleared/);
  });

  describe('files that are not complete traces', () => {
    function expectOhmflowError(path: string, pattern: RegExp): void {
      let caught: unknown;
      try {
        checkTrace(path);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(OhmflowError);
      expect((caught as Error).message).toMatch(pattern);
      expect((caught as Error).message).toContain(path);
    }

    it('a truncated trace names the packet and byte offset', () => {
      const whole = join(dir, 'whole.pftrace');
      writeSyntheticTrace(whole);
      const bytes = readFileSync(whole);
      const cut = join(dir, 'cut.pftrace');
      writeFileSync(cut, bytes.subarray(0, bytes.length - 5));
      expectOhmflowError(cut, /truncated trace: packet \d+ at byte offset \d+ needs \d+ bytes/);
    });

    it('a text file is not a trace', () => {
      const path = join(dir, 'notes.txt');
      writeFileSync(path, 'hello, this is not a trace\n');
      expectOhmflowError(path, /not a Perfetto trace: byte offset 0 holds 0x68/);
    });

    it('random bytes after valid packets are a corrupt trace', () => {
      const whole = join(dir, 'whole2.pftrace');
      writeSyntheticTrace(whole);
      const path = join(dir, 'garbage-tail.pftrace');
      writeFileSync(path, Buffer.concat([readFileSync(whole), Buffer.from([0xff, 0x00, 0x13])]));
      expectOhmflowError(path, /corrupt Perfetto trace: byte offset \d+ holds 0xff/);
    });

    it('an empty file is not a trace', () => {
      const path = join(dir, 'empty.pftrace');
      writeFileSync(path, '');
      expectOhmflowError(path, /empty file \(0 bytes\)/);
    });

    it('a missing file is an OhmflowError too', () => {
      expectOhmflowError(join(dir, 'missing.pftrace'), /cannot read the trace file/);
    });
  });
});
