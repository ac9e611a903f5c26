// The hot packets of a trace, encoded by hand: a TracePacket holding one TrackEvent (slice begin,
// slice end, counter) and the names it interns. A trace is almost all such packets, and encoding
// them through protobufjs's reflection cost as much as the simulation itself. The bytes are those
// protobufjs writes for the same packet (fields in field-number order, proto2 repeated fields
// unpacked); test/traces/perfetto/eventPacket.test.ts checks that over random packets. Field
// numbers are trace.proto's.
import type { ProtoBuffer } from './protoBuffer.js';

export type TraceArgValue = string | number | boolean;

/** An interned name: EventName or DebugAnnotationName. */
export interface InternedName {
  readonly iid: number;
  readonly name: string;
}

/** A DebugAnnotation with an interned name; the value's JS type chooses the field. */
export interface Annotation {
  readonly nameIid: number;
  readonly value: TraceArgValue;
}

/** The packet's place on its sequence. */
export interface SequenceFields {
  readonly sequenceId: number;
  readonly sequenceFlags: number;
  readonly firstOnSequence: boolean;
}

export interface EventPacket {
  readonly timePs: number;
  /** TrackEvent.Type. */
  readonly type: number;
  readonly trackUuid: number;
  readonly nameIid?: number;
  readonly annotations?: readonly Annotation[];
  readonly doubleCounterValue?: number;
  readonly flowIds?: readonly number[];
  readonly terminatingFlowIds?: readonly number[];
  readonly internedEventNames?: readonly InternedName[];
  readonly internedAnnotationNames?: readonly InternedName[];
}

// Tags: (field number << 3) | wire type (0 varint, 1 fixed64, 2 length-delimited).
const PACKET_TIMESTAMP = (8 << 3) | 0;
const PACKET_SEQUENCE_ID = (10 << 3) | 0;
const PACKET_TRACK_EVENT = (11 << 3) | 2;
const PACKET_INTERNED_DATA = (12 << 3) | 2;
const PACKET_SEQUENCE_FLAGS = (13 << 3) | 0;
const PACKET_FIRST_ON_SEQUENCE = (87 << 3) | 0;
const EVENT_DEBUG_ANNOTATION = (4 << 3) | 2;
const EVENT_TYPE = (9 << 3) | 0;
const EVENT_NAME_IID = (10 << 3) | 0;
const EVENT_TRACK_UUID = (11 << 3) | 0;
const EVENT_DOUBLE_COUNTER_VALUE = (44 << 3) | 1;
const EVENT_FLOW_ID = (47 << 3) | 1;
const EVENT_TERMINATING_FLOW_ID = (48 << 3) | 1;
const ANNOTATION_NAME_IID = (1 << 3) | 0;
const ANNOTATION_BOOL = (2 << 3) | 0;
const ANNOTATION_INT = (4 << 3) | 0;
const ANNOTATION_DOUBLE = (5 << 3) | 1;
const ANNOTATION_STRING = (6 << 3) | 2;
const INTERNED_EVENT_NAME = (2 << 3) | 2;
const INTERNED_ANNOTATION_NAME = (3 << 3) | 2;
const NAME_IID = (1 << 3) | 0;
const NAME_TEXT = (2 << 3) | 2;

const NONE: readonly InternedName[] = [];

/** Appends the TracePacket's bytes (without the Trace.packet framing) to `out`. */
export function writeEventPacket(out: ProtoBuffer, p: EventPacket, sequence: SequenceFields): void {
  out.uint32(PACKET_TIMESTAMP);
  out.varint64(p.timePs);
  out.uint32(PACKET_SEQUENCE_ID);
  out.uint32(sequence.sequenceId);
  out.uint32(PACKET_TRACK_EVENT);
  const event = out.beginMessage();
  const annotations = p.annotations;
  if (annotations !== undefined) for (let i = 0; i < annotations.length; i++) writeAnnotation(out, annotations[i]);
  out.uint32(EVENT_TYPE);
  out.int32(p.type);
  if (p.nameIid !== undefined) {
    out.uint32(EVENT_NAME_IID);
    out.varint64(p.nameIid);
  }
  out.uint32(EVENT_TRACK_UUID);
  out.varint64(p.trackUuid);
  if (p.doubleCounterValue !== undefined) {
    out.uint32(EVENT_DOUBLE_COUNTER_VALUE);
    out.double(p.doubleCounterValue);
  }
  if (p.flowIds !== undefined) writeFixed64s(out, EVENT_FLOW_ID, p.flowIds);
  if (p.terminatingFlowIds !== undefined) writeFixed64s(out, EVENT_TERMINATING_FLOW_ID, p.terminatingFlowIds);
  out.endMessage(event);
  const eventNames = p.internedEventNames ?? NONE;
  const annotationNames = p.internedAnnotationNames ?? NONE;
  if (eventNames.length > 0 || annotationNames.length > 0) {
    out.uint32(PACKET_INTERNED_DATA);
    const interned = out.beginMessage();
    for (const n of eventNames) writeName(out, INTERNED_EVENT_NAME, n);
    for (const n of annotationNames) writeName(out, INTERNED_ANNOTATION_NAME, n);
    out.endMessage(interned);
  }
  out.uint32(PACKET_SEQUENCE_FLAGS);
  out.uint32(sequence.sequenceFlags);
  if (sequence.firstOnSequence) {
    out.uint32(PACKET_FIRST_ON_SEQUENCE);
    out.bool(true);
  }
}

function writeAnnotation(out: ProtoBuffer, a: Annotation): void {
  out.uint32(EVENT_DEBUG_ANNOTATION);
  const mark = out.beginMessage();
  out.uint32(ANNOTATION_NAME_IID);
  out.varint64(a.nameIid);
  const value = a.value;
  if (typeof value === 'string') {
    out.uint32(ANNOTATION_STRING);
    out.string(value);
  } else if (typeof value === 'boolean') {
    out.uint32(ANNOTATION_BOOL);
    out.bool(value);
  } else if (Number.isSafeInteger(value)) {
    out.uint32(ANNOTATION_INT);
    out.varint64(value);
  } else {
    out.uint32(ANNOTATION_DOUBLE);
    out.double(value);
  }
  out.endMessage(mark);
}

function writeFixed64s(out: ProtoBuffer, tag: number, values: readonly number[]): void {
  for (const v of values) {
    out.uint32(tag);
    out.fixed64(v);
  }
}

function writeName(out: ProtoBuffer, tag: number, n: InternedName): void {
  out.uint32(tag);
  const mark = out.beginMessage();
  out.uint32(NAME_IID);
  out.varint64(n.iid);
  out.uint32(NAME_TEXT);
  out.string(n.name);
  out.endMessage(mark);
}
