// The Perfetto packet layer: TracePacket messages into the packet file, one trusted sequence with
// incremental state (event and annotation names interned on first use), encoded by hand
// (eventPacket.ts, descriptorPacket.ts) to the bytes protobufjs would write from trace.proto.
// It knows nothing of time order or windows: the writer decides what to write and when.
import type { PacketFile } from './packetFile.js';
import { SEQ_INCREMENTAL_STATE_CLEARED, SEQ_NEEDS_INCREMENTAL_STATE, TYPE_COUNTER, TYPE_SLICE_BEGIN, TYPE_SLICE_END } from './schema.js';
import { writeDescriptorPacket, type DescriptorPacket } from './descriptorPacket.js';
import { writeEventPacket, type Annotation, type EventPacket, type InternedName, type SequenceFields, type TraceArgValue } from './eventPacket.js';
import { writeCounterPacket, writeSliceBeginPacket, writeSliceEndPacket } from './directPacket.js';

export type TraceArgs = Readonly<Record<string, TraceArgValue>>;

export interface FlowOptions {
  /** Flow ids this slice starts or passes through (e.g. a NoC packet leaving a router). */
  readonly flowIds?: readonly number[];
  /** Flow ids this slice ends (the packet arrived). */
  readonly terminatingFlowIds?: readonly number[];
}

const SEQUENCE_ID = 1;

const NO_IDS: readonly number[] = [];

/** What directPacket.ts writes: a non-negative safe integer. */
function isCount(value: number): boolean {
  return value >= 0 && Number.isSafeInteger(value);
}

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
  /** The last name and annotation key sliceBeginDirect found interned: BEGINs repeat them (a
   *  layer's name, "image"), and comparing one string is cheaper than hashing it. */
  private lastName: string | null = null;
  private lastNameIid = -1;
  private lastKey: string | null = null;
  private lastKeyIid = -1;
  /** The last args object sliceBeginDirect read, with its one annotation: the engine's slices share
   *  one object per image (arguments are read-only), so most BEGINs skip the walk over its keys. */
  private lastArgs: TraceArgs | undefined = undefined;
  private lastArgsIid = -1;
  private lastArgsValue = 0;
  /** Reused for every event packet written through writeEventPacket, as are its lists: a packet
   *  allocates only the names it interns. Packets are encoded straight into the file's buffer. */
  private readonly event: Mutable<EventPacket> = {
    timePs: 0, type: 0, trackUuid: 0, nameIid: undefined, annotations: undefined, doubleCounterValue: undefined,
    flowIds: undefined, terminatingFlowIds: undefined, internedEventNames: undefined, internedAnnotationNames: undefined,
  };
  /** The annotations of the packet being written: the first `annotationCount` of a pool of reused objects. */
  private readonly annotationPool: Array<Mutable<Annotation>> = [];
  private readonly annotations: Array<Mutable<Annotation>> = [];
  private readonly freshEventNames: InternedName[] = [];
  private readonly freshAnnotationNames: InternedName[] = [];

  constructor(private readonly file: PacketFile) {}

  descriptor(track: DescriptorPacket): void {
    writeDescriptorPacket(this.file.beginPacket(), track, this.nextSequenceFields());
    this.file.endPacket();
  }

  /** `flowId` (>= 0, with no `flow`): the one flow the slice continues, or ends when `flowEnds`. */
  sliceBegin(trackUuid: number, timePs: number, name: string, args: TraceArgs | undefined, flow: FlowOptions | undefined, flowId = -1, flowEnds = false): void {
    if (this.sliceBeginDirect(trackUuid, timePs, name, args, flow, flowId, flowEnds)) return;
    if (flowId >= 0) flow = flowEnds ? { terminatingFlowIds: [flowId] } : { flowIds: [flowId] };
    this.sliceBeginGeneral(trackUuid, timePs, name, args, flow);
  }

  /** The common BEGIN (directPacket.ts): names already interned, at most one non-negative integer
   *  argument and one flow; false, writing nothing, for any other. */
  private sliceBeginDirect(
    trackUuid: number, timePs: number, name: string, args: TraceArgs | undefined, flow: FlowOptions | undefined, flowId: number, flowEnds: boolean,
  ): boolean {
    let nameIid: number | undefined = this.lastNameIid;
    if (name !== this.lastName) {
      nameIid = this.eventNames.get(name);
      if (nameIid !== undefined) {
        this.lastName = name;
        this.lastNameIid = nameIid;
      }
    }
    if (nameIid === undefined || !isCount(trackUuid) || !isCount(timePs)) return false;
    let annotationIid = -1;
    let annotationValue = 0;
    if (args !== undefined && args === this.lastArgs) {
      annotationIid = this.lastArgsIid;
      annotationValue = this.lastArgsValue;
    } else if (args !== undefined) {
      for (const key in args) {
        const value = args[key];
        const iid = key === this.lastKey ? this.lastKeyIid : this.annotationNames.get(key);
        if (annotationIid >= 0 || iid === undefined || typeof value !== 'number' || !isCount(value)) return false;
        annotationIid = iid;
        annotationValue = value;
        this.lastKey = key;
        this.lastKeyIid = iid;
      }
      // Remembered only when it qualified: one that did not returned above.
      this.lastArgs = args;
      this.lastArgsIid = annotationIid;
      this.lastArgsValue = annotationValue;
    }
    let flowTerminates = flowEnds;
    if (flowId >= 0 && !isCount(flowId)) return false;
    if (flow !== undefined) {
      const ids = flow.flowIds ?? NO_IDS;
      const ends = flow.terminatingFlowIds ?? NO_IDS;
      if (ids.length + ends.length > 1) return false;
      if (ids.length + ends.length === 1) {
        flowTerminates = ends.length === 1;
        flowId = flowTerminates ? ends[0] : ids[0];
        if (!isCount(flowId)) return false;
      }
    }
    const out = this.file.framedPacketBuffer();
    writeSliceBeginPacket(out, trackUuid, timePs, nameIid, annotationIid, annotationValue, flowId, flowTerminates, this.nextSequenceFields());
    this.file.endFramedPacket();
    return true;
  }

  private sliceBeginGeneral(trackUuid: number, timePs: number, name: string, args: TraceArgs | undefined, flow: FlowOptions | undefined): void {
    const e = this.event;
    const eventNames = this.freshEventNames;
    const annotationNames = this.freshAnnotationNames;
    // Emptied only when used: setting an array's length is a runtime call even when it is 0.
    if (eventNames.length > 0) eventNames.length = 0;
    if (annotationNames.length > 0) annotationNames.length = 0;
    e.nameIid = this.intern(this.eventNames, name, eventNames);
    if (args === undefined) {
      e.annotations = undefined;
    } else {
      const annotations = this.annotations;
      const pool = this.annotationPool;
      if (annotations.length > 0) annotations.length = 0;
      for (const key in args) {
        const annotation = pool[annotations.length] ?? (pool[annotations.length] = { nameIid: 0, value: 0 });
        annotation.nameIid = this.intern(this.annotationNames, key, annotationNames);
        annotation.value = args[key];
        annotations.push(annotation);
      }
      e.annotations = annotations;
    }
    e.doubleCounterValue = undefined;
    e.flowIds = flow?.flowIds;
    e.terminatingFlowIds = flow?.terminatingFlowIds;
    e.internedEventNames = eventNames.length > 0 ? eventNames : undefined;
    e.internedAnnotationNames = annotationNames.length > 0 ? annotationNames : undefined;
    this.writeEvent(TYPE_SLICE_BEGIN, trackUuid, timePs);
  }

  sliceEnd(trackUuid: number, timePs: number): void {
    if (!isCount(trackUuid) || !isCount(timePs)) {
      this.writeGeneral(TYPE_SLICE_END, trackUuid, timePs, undefined);
      return;
    }
    writeSliceEndPacket(this.file.framedPacketBuffer(), trackUuid, timePs, this.nextSequenceFields());
    this.file.endFramedPacket();
  }

  counter(trackUuid: number, timePs: number, value: number): void {
    if (!isCount(trackUuid) || !isCount(timePs)) {
      this.writeGeneral(TYPE_COUNTER, trackUuid, timePs, value);
      return;
    }
    writeCounterPacket(this.file.framedPacketBuffer(), trackUuid, timePs, value, this.nextSequenceFields());
    this.file.endFramedPacket();
  }

  /** An END or a counter value through writeEventPacket (ids or times outside directPacket.ts's range). */
  private writeGeneral(type: number, trackUuid: number, timePs: number, counterValue: number | undefined): void {
    const e = this.event;
    e.nameIid = undefined;
    e.annotations = undefined;
    e.doubleCounterValue = counterValue;
    e.flowIds = undefined;
    e.terminatingFlowIds = undefined;
    e.internedEventNames = undefined;
    e.internedAnnotationNames = undefined;
    this.writeEvent(type, trackUuid, timePs);
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
    writeEventPacket(this.file.beginPacket(), e, this.nextSequenceFields());
    this.file.endPacket();
  }

  private nextSequenceFields(): SequenceFields {
    const sequence = this.firstPacket ? FIRST_ON_SEQUENCE : LATER_ON_SEQUENCE;
    this.firstPacket = false;
    return sequence;
  }
}
