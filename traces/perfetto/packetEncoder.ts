// The Perfetto packet layer: TracePacket messages encoded with protobufjs into the packet file,
// one trusted sequence with incremental state (event and annotation names interned on first use).
// It knows nothing of time order or windows: the writer decides what to write and when.
import type { PacketFile } from './packetFile.js';
import {
  CHILD_ORDERING_EXPLICIT,
  loadTraceSchema,
  SEQ_INCREMENTAL_STATE_CLEARED,
  SEQ_NEEDS_INCREMENTAL_STATE,
  TYPE_COUNTER,
  TYPE_SLICE_BEGIN,
  TYPE_SLICE_END,
  type TraceSchema,
} from './schema.js';

export type TraceArgValue = string | number | boolean;
export type TraceArgs = Readonly<Record<string, TraceArgValue>>;

export interface FlowOptions {
  /** Flow ids this slice starts or passes through (e.g. a NoC packet leaving a router). */
  readonly flowIds?: readonly number[];
  /** Flow ids this slice ends (the packet arrived). */
  readonly terminatingFlowIds?: readonly number[];
}

/** A track as its descriptor states it. */
interface TrackDescription {
  readonly uuid: number;
  readonly name: string;
  readonly parent: { readonly uuid: number; readonly rank: number } | null;
  readonly description: string;
  readonly counter: { readonly unitName: string; readonly category?: string } | null;
}

const SEQUENCE_ID = 1;

export class PacketEncoder {
  private readonly schema: TraceSchema = loadTraceSchema();
  private readonly eventNames = new Map<string, number>();
  private readonly annotationNames = new Map<string, number>();
  private firstPacket = true;

  constructor(private readonly file: PacketFile) {}

  descriptor(track: TrackDescription): void {
    const descriptor: Record<string, unknown> = { uuid: track.uuid, name: track.name };
    if (track.parent !== null) {
      descriptor.parentUuid = track.parent.uuid;
      descriptor.siblingOrderRank = track.parent.rank;
    }
    descriptor.description = track.description;
    if (track.counter !== null) {
      const counter: Record<string, unknown> = { unitName: track.counter.unitName };
      if (track.counter.category !== undefined) counter.categories = [track.counter.category];
      descriptor.counter = counter;
    } else {
      descriptor.childOrdering = CHILD_ORDERING_EXPLICIT;
    }
    this.writePacket({ trackDescriptor: descriptor });
  }

  sliceBegin(trackUuid: number, timePs: number, name: string, args: TraceArgs | undefined, flow: FlowOptions | undefined): void {
    const interned = { eventNames: [] as unknown[], debugAnnotationNames: [] as unknown[] };
    const event: Record<string, unknown> = { type: TYPE_SLICE_BEGIN, trackUuid, nameIid: this.intern(this.eventNames, name, interned.eventNames) };
    if (args !== undefined) {
      const nameIid = (key: string) => this.intern(this.annotationNames, key, interned.debugAnnotationNames);
      event.debugAnnotations = Object.entries(args).map(([key, value]) => annotation(nameIid(key), value));
    }
    if (flow?.flowIds !== undefined && flow.flowIds.length > 0) event.flowIds = [...flow.flowIds];
    if (flow?.terminatingFlowIds !== undefined && flow.terminatingFlowIds.length > 0) event.terminatingFlowIds = [...flow.terminatingFlowIds];
    this.writeEvent(timePs, event, interned);
  }

  sliceEnd(trackUuid: number, timePs: number): void {
    this.writeEvent(timePs, { type: TYPE_SLICE_END, trackUuid }, null);
  }

  counter(trackUuid: number, timePs: number, value: number): void {
    this.writeEvent(timePs, { type: TYPE_COUNTER, trackUuid, doubleCounterValue: value }, null);
  }

  private intern(table: Map<string, number>, text: string, fresh: unknown[]): number {
    let iid = table.get(text);
    if (iid === undefined) {
      iid = table.size + 1;
      table.set(text, iid);
      fresh.push({ iid, name: text });
    }
    return iid;
  }

  private writeEvent(timePs: number, event: Record<string, unknown>, interned: { eventNames: unknown[]; debugAnnotationNames: unknown[] } | null): void {
    const packet: Record<string, unknown> = { timestamp: timePs, trackEvent: event };
    if (interned !== null && (interned.eventNames.length > 0 || interned.debugAnnotationNames.length > 0)) {
      const data: Record<string, unknown> = {};
      if (interned.eventNames.length > 0) data.eventNames = interned.eventNames;
      if (interned.debugAnnotationNames.length > 0) data.debugAnnotationNames = interned.debugAnnotationNames;
      packet.internedData = data;
    }
    this.writePacket(packet);
  }

  private writePacket(packet: Record<string, unknown>): void {
    packet.trustedPacketSequenceId = SEQUENCE_ID;
    if (this.firstPacket) {
      // Interned names start empty here; every later packet relies on what follows.
      packet.sequenceFlags = SEQ_INCREMENTAL_STATE_CLEARED | SEQ_NEEDS_INCREMENTAL_STATE;
      packet.firstPacketOnSequence = true;
      this.firstPacket = false;
    } else {
      packet.sequenceFlags = SEQ_NEEDS_INCREMENTAL_STATE;
    }
    this.file.append(this.schema.TracePacket.encode(packet).finish());
  }
}

function annotation(nameIid: number, value: TraceArgValue): Record<string, unknown> {
  if (typeof value === 'string') return { nameIid, stringValue: value };
  if (typeof value === 'boolean') return { nameIid, boolValue: value };
  if (Number.isSafeInteger(value)) return { nameIid, intValue: value };
  return { nameIid, doubleValue: value };
}
