// The byte-by-byte packets (traces/perfetto/directPacket.ts) against protobufjs's reflection encoder
// of trace.proto and against writeEventPacket: the same bytes for random slice ENDs, counter values
// and BEGINs (with and without an annotation and a flow), first on the sequence or not, at values
// crossing the varint and 32-bit boundaries; and several packets appended to one buffer.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeCounterPacket, writeSliceBeginPacket, writeSliceEndPacket } from '../../../traces/perfetto/directPacket.js';
import { writeEventPacket, type EventPacket, type SequenceFields } from '../../../traces/perfetto/eventPacket.js';
import { ProtoBuffer } from '../../../traces/perfetto/protoBuffer.js';
import { loadTraceSchema, TYPE_COUNTER, TYPE_SLICE_BEGIN, TYPE_SLICE_END } from '../../../traces/perfetto/schema.js';

const schema = loadTraceSchema();

/** What protobufjs encodes for the packet (field names from trace.proto). */
function byReflection(p: EventPacket, s: SequenceFields): string {
  const event: Record<string, unknown> = { type: p.type, trackUuid: p.trackUuid };
  if (p.nameIid !== undefined) event.nameIid = p.nameIid;
  if (p.annotations !== undefined) event.debugAnnotations = p.annotations.map(({ nameIid, value }) => ({ nameIid, intValue: value }));
  if (p.doubleCounterValue !== undefined) event.doubleCounterValue = p.doubleCounterValue;
  if (p.flowIds !== undefined) event.flowIds = p.flowIds;
  if (p.terminatingFlowIds !== undefined) event.terminatingFlowIds = p.terminatingFlowIds;
  const packet: Record<string, unknown> = { timestamp: p.timePs, trackEvent: event, trustedPacketSequenceId: s.sequenceId, sequenceFlags: s.sequenceFlags };
  if (s.firstOnSequence) packet.firstPacketOnSequence = true;
  return Buffer.from(schema.TracePacket.encode(packet).finish()).toString('hex');
}

function byEventPacket(p: EventPacket, s: SequenceFields): string {
  const out = new ProtoBuffer();
  writeEventPacket(out, p, s);
  return out.bytes.subarray(0, out.length).toString('hex');
}

/** A direct packet's body, after checking its frame: one Trace.packet field (tag 0x0A, one-byte length). */
function direct(write: (out: ProtoBuffer) => void): string {
  const out = new ProtoBuffer();
  write(out);
  expect(out.bytes[0]).toBe(0x0a);
  expect(out.bytes[1]).toBe(out.length - 2);
  return out.bytes.subarray(2, out.length).toString('hex');
}

/** A packet body framed as a Trace.packet field (bodies here are under 128 bytes). */
function framed(bodyHex: string): string {
  return '0a' + (bodyHex.length / 2).toString(16).padStart(2, '0') + bodyHex;
}

const count = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 2 ** 31 - 2, max: 2 ** 32 + 2 }), fc.maxSafeNat());
const sequence: fc.Arbitrary<SequenceFields> = fc.record({
  sequenceId: fc.integer({ min: 1, max: 100_000 }),
  sequenceFlags: fc.constantFrom(1, 2, 3),
  firstOnSequence: fc.boolean(),
});

describe('direct packets', () => {
  it('slice ENDs are what protobufjs and writeEventPacket write', () => {
    fc.assert(
      fc.property(count, count, sequence, (trackUuid, timePs, s) => {
        const p: EventPacket = { timePs, type: TYPE_SLICE_END, trackUuid };
        const bytes = direct((out) => writeSliceEndPacket(out, trackUuid, timePs, s));
        expect(bytes).toBe(byReflection(p, s));
        expect(bytes).toBe(byEventPacket(p, s));
      }),
      { numRuns: 1000, seed: 15 },
    );
  });

  it('counter values are what protobufjs and writeEventPacket write', () => {
    const value = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -0, Number.NaN, Infinity, 1e300, 5e-324));
    fc.assert(
      fc.property(count, count, value, sequence, (trackUuid, timePs, v, s) => {
        const p: EventPacket = { timePs, type: TYPE_COUNTER, trackUuid, doubleCounterValue: v };
        const bytes = direct((out) => writeCounterPacket(out, trackUuid, timePs, v, s));
        expect(bytes).toBe(byReflection(p, s));
        expect(bytes).toBe(byEventPacket(p, s));
      }),
      { numRuns: 1000, seed: 16 },
    );
  });

  it('slice BEGINs, with or without an annotation and a flow, are what protobufjs and writeEventPacket write', () => {
    const annotation = fc.option(fc.record({ nameIid: count, value: count }), { nil: undefined });
    const flow = fc.option(fc.record({ id: count, terminates: fc.boolean() }), { nil: undefined });
    fc.assert(
      fc.property(count, count, count, annotation, flow, sequence, (trackUuid, timePs, nameIid, a, f, s) => {
        const p: EventPacket = {
          timePs, type: TYPE_SLICE_BEGIN, trackUuid, nameIid,
          ...(a === undefined ? {} : { annotations: [a] }),
          ...(f === undefined ? {} : f.terminates ? { terminatingFlowIds: [f.id] } : { flowIds: [f.id] }),
        };
        const bytes = direct((out) =>
          writeSliceBeginPacket(out, trackUuid, timePs, nameIid, a?.nameIid ?? -1, a?.value ?? 0, f?.id ?? -1, f?.terminates ?? false, s));
        expect(bytes).toBe(byReflection(p, s));
        expect(bytes).toBe(byEventPacket(p, s));
      }),
      { numRuns: 2000, seed: 17 },
    );
  });

  it('append to what the buffer holds, growing it when needed', () => {
    const out = new ProtoBuffer();
    const s: SequenceFields = { sequenceId: 1, sequenceFlags: 2, firstOnSequence: false };
    const expected: string[] = [];
    for (let i = 0; i < 40; i++) {
      const big = 2 ** 53 - 1 - i;
      writeSliceBeginPacket(out, big, big, big, big, big, big, i % 2 === 0, s);
      const flow = i % 2 === 0 ? { terminatingFlowIds: [big] } : { flowIds: [big] };
      const annotations = [{ nameIid: big, value: big }];
      expected.push(framed(byEventPacket({ timePs: big, type: TYPE_SLICE_BEGIN, trackUuid: big, nameIid: big, annotations, ...flow }, s)));
      writeSliceEndPacket(out, i, big, s);
      expected.push(framed(byEventPacket({ timePs: big, type: TYPE_SLICE_END, trackUuid: i }, s)));
    }
    expect(out.length).toBeGreaterThan(1024);
    expect(out.bytes.subarray(0, out.length).toString('hex')).toBe(expected.join(''));
  });
});
