// Track descriptor packets, encoded by hand like the event packets (eventPacket.ts), so the writer
// needs no protobufjs: parsing trace.proto and generating its encoders cost each trace tens of
// milliseconds, most of a small run's tracing time. The bytes are those protobufjs writes for the
// same packet (test/traces/perfetto/eventPacket.test.ts). Field numbers are trace.proto's.
import type { SequenceFields } from './eventPacket.js';
import type { ProtoBuffer } from './protoBuffer.js';
import { CHILD_ORDERING_EXPLICIT } from './schema.js';

export interface DescriptorPacket {
  readonly uuid: number;
  readonly name: string;
  readonly parent: { readonly uuid: number; readonly rank: number } | null;
  readonly description: string;
  /** A counter track's unit and category; null for a slice track (children in explicit order). */
  readonly counter: { readonly unitName: string; readonly category?: string } | null;
}

const PACKET_SEQUENCE_ID = (10 << 3) | 0;
const PACKET_SEQUENCE_FLAGS = (13 << 3) | 0;
const PACKET_TRACK_DESCRIPTOR = (60 << 3) | 2;
const PACKET_FIRST_ON_SEQUENCE = (87 << 3) | 0;
const TRACK_UUID = (1 << 3) | 0;
const TRACK_NAME = (2 << 3) | 2;
const TRACK_PARENT_UUID = (5 << 3) | 0;
const TRACK_COUNTER = (8 << 3) | 2;
const TRACK_CHILD_ORDERING = (11 << 3) | 0;
const TRACK_SIBLING_ORDER_RANK = (12 << 3) | 0;
const TRACK_DESCRIPTION = (14 << 3) | 2;
const COUNTER_CATEGORY = (2 << 3) | 2;
const COUNTER_UNIT_NAME = (6 << 3) | 2;

/** Appends the TracePacket's bytes (without the Trace.packet framing) to `out`. */
export function writeDescriptorPacket(out: ProtoBuffer, d: DescriptorPacket, sequence: SequenceFields): void {
  out.uint32(PACKET_SEQUENCE_ID);
  out.uint32(sequence.sequenceId);
  out.uint32(PACKET_SEQUENCE_FLAGS);
  out.uint32(sequence.sequenceFlags);
  out.uint32(PACKET_TRACK_DESCRIPTOR);
  const track = out.beginMessage();
  out.uint32(TRACK_UUID);
  out.varint64(d.uuid);
  out.uint32(TRACK_NAME);
  out.string(d.name);
  if (d.parent !== null) {
    out.uint32(TRACK_PARENT_UUID);
    out.varint64(d.parent.uuid);
  }
  if (d.counter !== null) {
    out.uint32(TRACK_COUNTER);
    const counter = out.beginMessage();
    if (d.counter.category !== undefined) {
      out.uint32(COUNTER_CATEGORY);
      out.string(d.counter.category);
    }
    out.uint32(COUNTER_UNIT_NAME);
    out.string(d.counter.unitName);
    out.endMessage(counter);
  } else {
    out.uint32(TRACK_CHILD_ORDERING);
    out.int32(CHILD_ORDERING_EXPLICIT);
  }
  if (d.parent !== null) {
    out.uint32(TRACK_SIBLING_ORDER_RANK);
    out.int32(d.parent.rank);
  }
  out.uint32(TRACK_DESCRIPTION);
  out.string(d.description);
  out.endMessage(track);
  if (sequence.firstOnSequence) {
    out.uint32(PACKET_FIRST_ON_SEQUENCE);
    out.bool(true);
  }
}
