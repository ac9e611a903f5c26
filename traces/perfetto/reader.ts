// Streams the TracePackets of a Perfetto trace file, one at a time, in bounded memory. A file
// that is not a trace, or is cut short, becomes an OhmflowError naming the file and byte offset.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { OhmflowError } from '../../workloads/errors.js';
import { loadTraceSchema, TRACE_PACKET_TAG } from './schema.js';

/** Decoded plain objects (camelCase fields, 64-bit integers as numbers), as protobufjs gives them. */
interface EventNameData {
  iid?: number;
  name?: string;
}

export interface InternedDataData {
  eventNames?: EventNameData[];
  debugAnnotationNames?: EventNameData[];
}

export interface DebugAnnotationData {
  nameIid?: number;
  name?: string;
  boolValue?: boolean;
  uintValue?: number;
  intValue?: number;
  doubleValue?: number;
  stringValue?: string;
}

interface CounterDescriptorData {
  categories?: string[];
  unit?: number;
  unitMultiplier?: number;
  isIncremental?: boolean;
  unitName?: string;
}

export interface TrackDescriptorData {
  uuid?: number;
  parentUuid?: number;
  name?: string;
  counter?: CounterDescriptorData;
  childOrdering?: number;
  siblingOrderRank?: number;
  description?: string;
}

export interface TrackEventData {
  nameIid?: number;
  name?: string;
  type?: number;
  trackUuid?: number;
  counterValue?: number;
  doubleCounterValue?: number;
  debugAnnotations?: DebugAnnotationData[];
  flowIds?: number[];
  terminatingFlowIds?: number[];
}

export interface TracePacketData {
  timestamp?: number;
  timestampClockId?: number;
  trackEvent?: TrackEventData;
  trackDescriptor?: TrackDescriptorData;
  trustedPacketSequenceId?: number;
  internedData?: InternedDataData;
  sequenceFlags?: number;
  incrementalStateCleared?: boolean;
  firstPacketOnSequence?: boolean;
}

export interface PacketAt {
  /** 0-based position of the packet in the file. */
  readonly index: number;
  /** Byte offset of the packet's field tag. */
  readonly offsetBytes: number;
  readonly packet: TracePacketData;
}

const READ_CHUNK_BYTES = 1 << 20;
/** Perfetto packets are kilobytes; a length beyond this means the bytes are not a trace. */
const MAX_PACKET_BYTES = 256 << 20;

const NOT_A_TRACE_FIX = 'pass a file written by `ohmflow simulate --trace FILE` (a Perfetto protobuf trace)';
const TRUNCATED_FIX = 'the run that wrote it probably stopped early; write the trace again';

/** Yields every packet of `path` in file order. */
export function* readTracePackets(path: string): Generator<PacketAt> {
  const schema = loadTraceSchema();
  let fd: number;
  let sizeBytes: number;
  try {
    sizeBytes = statSync(path).size;
    fd = openSync(path, 'r');
  } catch (error) {
    throw new OhmflowError(`cannot read the trace file (${(error as Error).message})`, { field: path });
  }
  try {
    if (sizeBytes === 0) throw new OhmflowError('empty file (0 bytes): not a Perfetto trace', { field: path, fix: NOT_A_TRACE_FIX });
    let buffer = Buffer.alloc(0);
    let bufferStart = 0; // file offset of buffer[0]
    let fileOffset = 0; // next byte to read from the file
    let index = 0;

    /** Makes buffer hold file bytes [at, at + count) when the file has them; false at end of file. */
    const ensure = (at: number, count: number): boolean => {
      while (bufferStart + buffer.length < at + count) {
        if (fileOffset >= sizeBytes) return false;
        const keepFrom = at - bufferStart;
        const chunk = Buffer.alloc(Math.max(READ_CHUNK_BYTES, count));
        const read = readSync(fd, chunk, 0, chunk.length, fileOffset);
        if (read === 0) return false;
        fileOffset += read;
        buffer = Buffer.concat([buffer.subarray(keepFrom), chunk.subarray(0, read)]);
        bufferStart = at;
      }
      return true;
    };

    let at = 0;
    while (at < sizeBytes) {
      ensure(at, 1);
      const tag = buffer[at - bufferStart];
      if (tag !== TRACE_PACKET_TAG) {
        const what = index === 0 ? 'not a Perfetto trace' : 'corrupt Perfetto trace';
        throw new OhmflowError(`${what}: byte offset ${at} holds 0x${tag.toString(16).padStart(2, '0')}, not a Trace.packet field (0x0a)`, {
          field: path,
          fix: NOT_A_TRACE_FIX,
        });
      }
      // Length varint: at most 10 bytes.
      let length = 0;
      let scale = 1;
      let cursor = at + 1;
      for (;;) {
        if (!ensure(cursor, 1)) {
          throw new OhmflowError(`truncated trace: file ends at byte ${sizeBytes} inside the length of packet ${index} (starting at byte offset ${at})`, {
            field: path,
            fix: TRUNCATED_FIX,
          });
        }
        const byte = buffer[cursor - bufferStart];
        length += (byte & 0x7f) * scale;
        scale *= 128;
        cursor++;
        if ((byte & 0x80) === 0) break;
        if (cursor - at > 11) {
          throw new OhmflowError(`not a Perfetto trace: bad packet length at byte offset ${at + 1}`, { field: path, fix: NOT_A_TRACE_FIX });
        }
      }
      if (length > MAX_PACKET_BYTES) {
        throw new OhmflowError(`not a Perfetto trace: packet ${index} at byte offset ${at} claims ${length} bytes`, {
          field: path,
          fix: NOT_A_TRACE_FIX,
        });
      }
      if (!ensure(cursor, length)) {
        throw new OhmflowError(
          `truncated trace: packet ${index} at byte offset ${at} needs ${length} bytes from offset ${cursor}, but the file ends at byte ${sizeBytes}`,
          { field: path, fix: TRUNCATED_FIX },
        );
      }
      const bytes = buffer.subarray(cursor - bufferStart, cursor - bufferStart + length);
      let packet: TracePacketData;
      try {
        const message = schema.TracePacket.decode(bytes);
        packet = schema.TracePacket.toObject(message, { longs: Number, enums: Number, defaults: false }) as TracePacketData;
      } catch (error) {
        throw new OhmflowError(`packet ${index} at byte offset ${at} does not decode as a TracePacket (${(error as Error).message})`, {
          field: path,
          fix: NOT_A_TRACE_FIX,
        });
      }
      yield { index, offsetBytes: at, packet };
      index++;
      at = cursor + length;
    }
  } finally {
    closeSync(fd);
  }
}
