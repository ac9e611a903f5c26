// The hand-written packet encoders against protobufjs's reflection encoder of trace.proto: the same
// bytes for random event packets (random times, ids, names, annotation values of every kind, flows,
// interned names, first or later packet) and track descriptors, and for values at the edges of the
// wire encodings.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeEventPacket, type EventPacket, type SequenceFields } from '../../../traces/perfetto/eventPacket.js';
import { ProtoBuffer } from '../../../traces/perfetto/protoBuffer.js';
import { writeDescriptorPacket, type DescriptorPacket } from '../../../traces/perfetto/descriptorPacket.js';
import { CHILD_ORDERING_EXPLICIT, loadTraceSchema, TYPE_COUNTER, TYPE_SLICE_BEGIN, TYPE_SLICE_END } from '../../../traces/perfetto/schema.js';
import { fuzzSeed } from '../../fuzzSeed.js';

const schema = loadTraceSchema();

/** The packet as the plain object protobufjs encodes (the shape the writer built before). */
type SequencedPacket = EventPacket & SequenceFields;

function reflectionObject(p: SequencedPacket): Record<string, unknown> {
  const event: Record<string, unknown> = { type: p.type, trackUuid: p.trackUuid };
  if (p.nameIid !== undefined) event.nameIid = p.nameIid;
  if (p.annotations !== undefined) {
    event.debugAnnotations = p.annotations.map(({ nameIid, value }) => {
      if (typeof value === 'string') return { nameIid, stringValue: value };
      if (typeof value === 'boolean') return { nameIid, boolValue: value };
      if (Number.isSafeInteger(value)) return { nameIid, intValue: value };
      return { nameIid, doubleValue: value };
    });
  }
  if (p.doubleCounterValue !== undefined) event.doubleCounterValue = p.doubleCounterValue;
  if (p.flowIds !== undefined) event.flowIds = p.flowIds;
  if (p.terminatingFlowIds !== undefined) event.terminatingFlowIds = p.terminatingFlowIds;
  const packet: Record<string, unknown> = { timestamp: p.timePs, trackEvent: event, trustedPacketSequenceId: p.sequenceId, sequenceFlags: p.sequenceFlags };
  const eventNames = p.internedEventNames ?? [];
  const annotationNames = p.internedAnnotationNames ?? [];
  if (eventNames.length > 0 || annotationNames.length > 0) {
    const data: Record<string, unknown> = {};
    if (eventNames.length > 0) data.eventNames = eventNames;
    if (annotationNames.length > 0) data.debugAnnotationNames = annotationNames;
    packet.internedData = data;
  }
  if (p.firstOnSequence) packet.firstPacketOnSequence = true;
  return packet;
}

function byHand(p: SequencedPacket, out = new ProtoBuffer()): Uint8Array {
  out.reset();
  writeEventPacket(out, p, p);
  return out.bytes.slice(0, out.length);
}

function byReflection(p: SequencedPacket): Uint8Array {
  return schema.TracePacket.encode(reflectionObject(p)).finish();
}

const id = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.maxSafeNat());
const text = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 60 }), fc.string({ minLength: 100, maxLength: 300 }));
const value = fc.oneof(
  text,
  fc.boolean(),
  fc.maxSafeInteger(),
  fc.integer({ min: -200, max: 200 }),
  fc.double(),
);
const name = fc.record({ iid: id, name: text });
const ids = fc.array(fc.oneof(id, fc.integer({ min: -5, max: -1 })), { maxLength: 3 });

const packet: fc.Arbitrary<SequencedPacket> = fc.record(
  {
    timePs: fc.oneof(fc.nat(), fc.maxSafeNat()),
    sequenceId: fc.integer({ min: 1, max: 100_000 }),
    sequenceFlags: fc.constantFrom(1, 2, 3),
    firstOnSequence: fc.boolean(),
    type: fc.constantFrom(TYPE_SLICE_BEGIN, TYPE_SLICE_END, TYPE_COUNTER),
    trackUuid: id,
    nameIid: id,
    annotations: fc.array(fc.record({ nameIid: id, value }), { maxLength: 4 }),
    doubleCounterValue: fc.double(),
    flowIds: ids,
    terminatingFlowIds: ids,
    internedEventNames: fc.array(name, { maxLength: 3 }),
    internedAnnotationNames: fc.array(name, { maxLength: 3 }),
  },
  { requiredKeys: ['timePs', 'sequenceId', 'sequenceFlags', 'firstOnSequence', 'type', 'trackUuid'] },
);

describe('hand-written event packets', () => {
  it('are byte for byte what protobufjs writes, over random packets', () => {
    const out = new ProtoBuffer();
    fc.assert(
      fc.property(packet, (p) => {
        expect(Buffer.from(byHand(p, out)).toString('hex')).toBe(Buffer.from(byReflection(p)).toString('hex'));
      }),
      { numRuns: 2000, seed: fuzzSeed(15) },
    );
  });

  it('match at the edges: varints crossing 7-bit and 32-bit boundaries, negative ints, long strings and messages', () => {
    const edges = [0, 1, 127, 128, 16383, 16384, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1];
    for (const n of edges) {
      const p: SequencedPacket = {
        timePs: n, sequenceId: 1, sequenceFlags: 2, firstOnSequence: false, type: TYPE_SLICE_BEGIN, trackUuid: n, nameIid: n,
        annotations: [{ nameIid: n, value: n }, { nameIid: 1, value: -n }, { nameIid: 2, value: n + 0.5 }, { nameIid: 3, value: 'x'.repeat(n % 300) }],
        flowIds: [n, -n], internedEventNames: [{ iid: n, name: 'é'.repeat(n % 200) }],
      };
      expect(byHand(p)).toEqual(byReflection(p));
    }
  });

  it('keep every earlier packet intact when the buffer grows mid-packet', () => {
    const out = new ProtoBuffer();
    const big: SequencedPacket = {
      timePs: 5, sequenceId: 1, sequenceFlags: 2, firstOnSequence: false, type: TYPE_SLICE_BEGIN, trackUuid: 9, nameIid: 1,
      annotations: Array.from({ length: 50 }, (_, i) => ({ nameIid: i + 1, value: 'long value '.repeat(10) + i })),
    };
    expect(byHand(big, out)).toEqual(byReflection(big));
    expect(out.bytes.length).toBeGreaterThan(1024);
  });
});

/** A descriptor as the plain object protobufjs encodes (the shape the writer built before). */
function reflectionDescriptor(d: DescriptorPacket, sequence: SequenceFields): Record<string, unknown> {
  const descriptor: Record<string, unknown> = { uuid: d.uuid, name: d.name };
  if (d.parent !== null) {
    descriptor.parentUuid = d.parent.uuid;
    descriptor.siblingOrderRank = d.parent.rank;
  }
  descriptor.description = d.description;
  if (d.counter !== null) {
    const counter: Record<string, unknown> = { unitName: d.counter.unitName };
    if (d.counter.category !== undefined) counter.categories = [d.counter.category];
    descriptor.counter = counter;
  } else {
    descriptor.childOrdering = CHILD_ORDERING_EXPLICIT;
  }
  const packet: Record<string, unknown> = { trackDescriptor: descriptor, trustedPacketSequenceId: sequence.sequenceId, sequenceFlags: sequence.sequenceFlags };
  if (sequence.firstOnSequence) packet.firstPacketOnSequence = true;
  return packet;
}

const descriptor: fc.Arbitrary<DescriptorPacket> = fc.record({
  uuid: id,
  name: text,
  parent: fc.option(fc.record({ uuid: id, rank: fc.integer({ min: 0, max: 100_000 }) }), { nil: null }),
  description: text,
  counter: fc.option(fc.record({ unitName: text, category: fc.option(text, { nil: undefined }) }), { nil: null }),
});
const sequence: fc.Arbitrary<SequenceFields> = fc.record({
  sequenceId: fc.integer({ min: 1, max: 100_000 }), sequenceFlags: fc.constantFrom(1, 2, 3), firstOnSequence: fc.boolean(),
});

describe('hand-written track descriptor packets', () => {
  it('are byte for byte what protobufjs writes, over random descriptors', () => {
    const out = new ProtoBuffer();
    fc.assert(
      fc.property(descriptor, sequence, (d, seq) => {
        out.reset();
        writeDescriptorPacket(out, d, seq);
        const expected = schema.TracePacket.encode(reflectionDescriptor(d, seq)).finish();
        expect(Buffer.from(out.bytes.subarray(0, out.length)).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
      }),
      { numRuns: 1000, seed: fuzzSeed(15) },
    );
  });
});
