// The three packets a trace is nearly all made of, written byte by byte into the buffer: a slice
// END, a counter value, and a slice BEGIN whose names are already interned, with at most one
// integer annotation and one flow. Each is written framed, as one Trace.packet field (tag and a
// one-byte length: these bodies stay under 128 bytes), the bytes writeEventPacket (eventPacket.ts)
// writes for the same packets inside that frame, so the same as protobufjs's;
// test/traces/perfetto/directPacket.test.ts checks both. writeEventPacket goes through an EventPacket object and a call per field; these take the
// values as arguments and reserve room once, which is what a trace of a million packets pays for.
// Every id, time and annotation value here is a non-negative safe integer (the callers check).
import type { ProtoBuffer } from './protoBuffer.js';
import type { SequenceFields } from './eventPacket.js';
import { TRACE_PACKET_TAG, TYPE_COUNTER, TYPE_SLICE_BEGIN, TYPE_SLICE_END } from './schema.js';

const TWO_32 = 4294967296;

// Tags as in eventPacket.ts; the two-byte ones as their varint bytes.
const PACKET_TIMESTAMP = (8 << 3) | 0;
const PACKET_SEQUENCE_ID = (10 << 3) | 0;
const PACKET_TRACK_EVENT = (11 << 3) | 2;
const PACKET_SEQUENCE_FLAGS = (13 << 3) | 0;
const PACKET_FIRST_ON_SEQUENCE = [(87 << 3) & 127 | 128, (87 << 3) >>> 7];
const EVENT_DEBUG_ANNOTATION = (4 << 3) | 2;
const EVENT_TYPE = (9 << 3) | 0;
const EVENT_NAME_IID = (10 << 3) | 0;
const EVENT_TRACK_UUID = (11 << 3) | 0;
const EVENT_DOUBLE_COUNTER_VALUE = [(44 << 3 | 1) & 127 | 128, (44 << 3 | 1) >>> 7];
const EVENT_FLOW_ID = [(47 << 3 | 1) & 127 | 128, (47 << 3 | 1) >>> 7];
const EVENT_TERMINATING_FLOW_ID = [(48 << 3 | 1) & 127 | 128, (48 << 3 | 1) >>> 7];
const ANNOTATION_NAME_IID = (1 << 3) | 0;
const ANNOTATION_INT = (4 << 3) | 0;

/** Room for any of these framed packets (at most 92 bytes: safe integers take 8 varint bytes). */
const MAX_PACKET_BYTES = 128;

const float64 = new Float64Array(1);
const float64Bytes = new Uint8Array(float64.buffer);

/** A non-negative safe integer as a varint at `pos`; returns the position after it. Callers write
 *  the values that are nearly always one byte (ids, flags, image numbers) inline instead. */
function varint(bytes: Uint8Array, pos: number, value: number): number {
  if (value < TWO_32) {
    let v = value >>> 0;
    while (v > 127) {
      bytes[pos++] = (v & 127) | 128;
      v >>>= 7;
    }
    bytes[pos++] = v;
    return pos;
  }
  let lo = value >>> 0;
  let hi = ((value - lo) / TWO_32) >>> 0;
  while (hi) {
    bytes[pos++] = (lo & 127) | 128;
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
  }
  while (lo > 127) {
    bytes[pos++] = (lo & 127) | 128;
    lo >>>= 7;
  }
  bytes[pos++] = lo;
  return pos;
}

/** The packet's head after its frame (tag and length byte at pos - 2, pos - 1): timestamp,
 *  sequence id, and the TrackEvent's tag (its one-byte length follows). */
function head(bytes: Uint8Array, pos: number, timePs: number, sequence: SequenceFields): number {
  bytes[pos++] = TRACE_PACKET_TAG;
  pos++;
  bytes[pos++] = PACKET_TIMESTAMP;
  pos = varint(bytes, pos, timePs);
  bytes[pos++] = PACKET_SEQUENCE_ID;
  const sequenceId = sequence.sequenceId;
  if (sequenceId < 128) bytes[pos++] = sequenceId;
  else pos = varint(bytes, pos, sequenceId);
  bytes[pos++] = PACKET_TRACK_EVENT;
  return pos;
}

/** The event's type and track, then (with name) its name first. */
function typeAndTrack(bytes: Uint8Array, pos: number, type: number, nameIid: number, trackUuid: number): number {
  bytes[pos++] = EVENT_TYPE;
  bytes[pos++] = type;
  if (nameIid >= 0) {
    bytes[pos++] = EVENT_NAME_IID;
    if (nameIid < 128) bytes[pos++] = nameIid;
    else pos = varint(bytes, pos, nameIid);
  }
  bytes[pos++] = EVENT_TRACK_UUID;
  return varint(bytes, pos, trackUuid);
}

/** The packet's tail: sequence flags and, on the first packet, first_packet_on_sequence; then
 *  the frame's length (the packet began at `start`). */
function tail(bytes: Uint8Array, pos: number, sequence: SequenceFields, start: number): number {
  bytes[pos++] = PACKET_SEQUENCE_FLAGS;
  const flags = sequence.sequenceFlags;
  if (flags < 128) bytes[pos++] = flags;
  else pos = varint(bytes, pos, flags);
  if (sequence.firstOnSequence) {
    bytes[pos++] = PACKET_FIRST_ON_SEQUENCE[0];
    bytes[pos++] = PACKET_FIRST_ON_SEQUENCE[1];
    bytes[pos++] = 1;
  }
  bytes[start + 1] = pos - start - 2;
  return pos;
}

function fixed64(bytes: Uint8Array, pos: number, value: number): number {
  const lo = value >>> 0;
  const hi = ((value - lo) / TWO_32) >>> 0;
  bytes[pos] = lo & 255;
  bytes[pos + 1] = (lo >>> 8) & 255;
  bytes[pos + 2] = (lo >>> 16) & 255;
  bytes[pos + 3] = lo >>> 24;
  bytes[pos + 4] = hi & 255;
  bytes[pos + 5] = (hi >>> 8) & 255;
  bytes[pos + 6] = (hi >>> 16) & 255;
  bytes[pos + 7] = hi >>> 24;
  return pos + 8;
}

export function writeSliceEndPacket(out: ProtoBuffer, trackUuid: number, timePs: number, sequence: SequenceFields): void {
  const bytes = out.reserve(MAX_PACKET_BYTES);
  const start = out.length;
  let pos = head(bytes, start, timePs, sequence);
  const event = pos++;
  pos = typeAndTrack(bytes, pos, TYPE_SLICE_END, -1, trackUuid);
  bytes[event] = pos - event - 1;
  out.length = tail(bytes, pos, sequence, start);
}

export function writeCounterPacket(out: ProtoBuffer, trackUuid: number, timePs: number, value: number, sequence: SequenceFields): void {
  const bytes = out.reserve(MAX_PACKET_BYTES);
  const start = out.length;
  let pos = head(bytes, start, timePs, sequence);
  const event = pos++;
  pos = typeAndTrack(bytes, pos, TYPE_COUNTER, -1, trackUuid);
  bytes[pos++] = EVENT_DOUBLE_COUNTER_VALUE[0];
  bytes[pos++] = EVENT_DOUBLE_COUNTER_VALUE[1];
  float64[0] = value;
  for (let i = 0; i < 8; i++) bytes[pos + i] = float64Bytes[i];
  pos += 8;
  bytes[event] = pos - event - 1;
  out.length = tail(bytes, pos, sequence, start);
}

/**
 * A slice BEGIN interning nothing: `annotationIid` -1 for no annotation, else the one integer
 * annotation (annotationValue); `flowId` -1 for no flow, else the one flow it continues, or ends
 * when `flowTerminates`.
 */
export function writeSliceBeginPacket(
  out: ProtoBuffer,
  trackUuid: number,
  timePs: number,
  nameIid: number,
  annotationIid: number,
  annotationValue: number,
  flowId: number,
  flowTerminates: boolean,
  sequence: SequenceFields,
): void {
  const bytes = out.reserve(MAX_PACKET_BYTES);
  const start = out.length;
  let pos = head(bytes, start, timePs, sequence);
  const event = pos++;
  if (annotationIid >= 0) {
    bytes[pos++] = EVENT_DEBUG_ANNOTATION;
    const annotation = pos++;
    bytes[pos++] = ANNOTATION_NAME_IID;
    if (annotationIid < 128) bytes[pos++] = annotationIid;
    else pos = varint(bytes, pos, annotationIid);
    bytes[pos++] = ANNOTATION_INT;
    if (annotationValue < 128) bytes[pos++] = annotationValue;
    else pos = varint(bytes, pos, annotationValue);
    bytes[annotation] = pos - annotation - 1;
  }
  pos = typeAndTrack(bytes, pos, TYPE_SLICE_BEGIN, nameIid, trackUuid);
  if (flowId >= 0) {
    const tag = flowTerminates ? EVENT_TERMINATING_FLOW_ID : EVENT_FLOW_ID;
    bytes[pos++] = tag[0];
    bytes[pos++] = tag[1];
    pos = fixed64(bytes, pos, flowId);
  }
  bytes[event] = pos - event - 1;
  out.length = tail(bytes, pos, sequence, start);
}
