// The Perfetto packet layer: TracePacket messages into the packet file, one trusted sequence with
// incremental state (event and annotation names interned on first use), encoded by hand
// (eventPacket.ts, descriptorPacket.ts) to the bytes protobufjs would write from trace.proto.
// It knows nothing of time order or windows: the writer decides what to write and when.
import type { PacketFile } from './packetFile.js';
import { SEQ_INCREMENTAL_STATE_CLEARED, SEQ_NEEDS_INCREMENTAL_STATE, TYPE_COUNTER, TYPE_SLICE_BEGIN, TYPE_SLICE_END } from './schema.js';
import { writeDescriptorPacket, type DescriptorPacket } from './descriptorPacket.js';
import { writeEventPacket, type Annotation, type EventPacket, type InternedName, type SequenceFields, type TraceArgValue } from './eventPacket.js';
import { ProtoBuffer } from './protoBuffer.js';

export type TraceArgs = Readonly<Record<string, TraceArgValue>>;

export interface FlowOptions {
  /** Flow ids this slice starts or passes through (e.g. a NoC packet leaving a router). */
  readonly flowIds?: readonly number[];
  /** Flow ids this slice ends (the packet arrived). */
  readonly terminatingFlowIds?: readonly number[];
}

const SEQUENCE_ID = 1;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Interned names start empty with the first packet; every later packet relies on what follows. */
const FIRST_ON_SEQUENCE: SequenceFields = {
  sequenceId: SEQUENCE_ID, sequenceFlags: SEQ_INCREMENTAL_STATE_CLEARED | SEQ_NEEDS_INCREMENTAL_STATE, firstOnSequence: true,
};
const LATER_ON_SEQUENCE: SequenceFields = { sequenceId: SEQUENCE_ID, sequenceFlags: SEQ_NEEDS_INCREMENTAL_STATE, firstOnSequence: false };

export class PacketEncoder {
  private readonly eventNames = new Map<string, number>();
  private readonly annotationNames = new Map<string, number>();
  private firstPacket = true;
  /** Reused for every event packet, as are the packet object and its lists: a packet allocates
   *  only its annotations and the names it interns. */
  private readonly buffer = new ProtoBuffer();
  private readonly event: Mutable<EventPacket> = {
    timePs: 0, type: 0, trackUuid: 0, nameIid: undefined, annotations: undefined, doubleCounterValue: undefined,
    flowIds: undefined, terminatingFlowIds: undefined, internedEventNames: undefined, internedAnnotationNames: undefined,
  };
  private readonly annotations: Annotation[] = [];
  private readonly freshEventNames: InternedName[] = [];
  private readonly freshAnnotationNames: InternedName[] = [];

  constructor(private readonly file: PacketFile) {}

  descriptor(track: DescriptorPacket): void {
    const buffer = this.buffer;
    buffer.reset();
    writeDescriptorPacket(buffer, track, this.nextSequenceFields());
    this.file.append(buffer.bytes, buffer.length);
  }

  sliceBegin(trackUuid: number, timePs: number, name: string, args: TraceArgs | undefined, flow: FlowOptions | undefined): void {
    const e = this.event;
    const eventNames = this.freshEventNames;
    const annotationNames = this.freshAnnotationNames;
    eventNames.length = 0;
    annotationNames.length = 0;
    e.nameIid = this.intern(this.eventNames, name, eventNames);
    if (args === undefined) {
      e.annotations = undefined;
    } else {
      const annotations = this.annotations;
      annotations.length = 0;
      for (const key of Object.keys(args)) annotations.push({ nameIid: this.intern(this.annotationNames, key, annotationNames), value: args[key] });
      e.annotations = annotations;
    }
    e.doubleCounterValue = undefined;
    e.flowIds = flow?.flowIds;
    e.terminatingFlowIds = flow?.terminatingFlowIds;
    e.internedEventNames = eventNames;
    e.internedAnnotationNames = annotationNames;
    this.writeEvent(TYPE_SLICE_BEGIN, trackUuid, timePs);
  }

  sliceEnd(trackUuid: number, timePs: number): void {
    this.clearEvent();
    this.writeEvent(TYPE_SLICE_END, trackUuid, timePs);
  }

  counter(trackUuid: number, timePs: number, value: number): void {
    this.clearEvent();
    this.event.doubleCounterValue = value;
    this.writeEvent(TYPE_COUNTER, trackUuid, timePs);
  }

  /** The scratch event with no optional field set. */
  private clearEvent(): void {
    const e = this.event;
    e.nameIid = undefined;
    e.annotations = undefined;
    e.doubleCounterValue = undefined;
    e.flowIds = undefined;
    e.terminatingFlowIds = undefined;
    e.internedEventNames = undefined;
    e.internedAnnotationNames = undefined;
  }

  private intern(table: Map<string, number>, text: string, fresh: InternedName[]): number {
    let iid = table.get(text);
    if (iid === undefined) {
      iid = table.size + 1;
      table.set(text, iid);
      fresh.push({ iid, name: text });
    }
    return iid;
  }

  private writeEvent(type: number, trackUuid: number, timePs: number): void {
    const e = this.event;
    e.type = type;
    e.trackUuid = trackUuid;
    e.timePs = timePs;
    const buffer = this.buffer;
    buffer.reset();
    writeEventPacket(buffer, e, this.nextSequenceFields());
    this.file.append(buffer.bytes, buffer.length);
  }

  private nextSequenceFields(): SequenceFields {
    const sequence = this.firstPacket ? FIRST_ON_SEQUENCE : LATER_ON_SEQUENCE;
    this.firstPacket = false;
    return sequence;
  }
}
