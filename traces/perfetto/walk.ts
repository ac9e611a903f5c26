// Replays a trace file: resolves interned names and track uuids, pairs slice BEGIN/END per track,
// and records every structural problem it meets. The checker, the summary and the Chrome export
// all read traces through this one walk, so they agree on what a valid trace is.
import { readTracePackets, type DebugAnnotationData, type PacketAt, type TracePacketData } from './reader.js';
import {
  SEQ_INCREMENTAL_STATE_CLEARED,
  SEQ_NEEDS_INCREMENTAL_STATE,
  TYPE_COUNTER,
  TYPE_INSTANT,
  TYPE_SLICE_BEGIN,
  TYPE_SLICE_END,
} from './schema.js';
import { energyFamilyOf, parseRoleDescription, type EnergyFamily, type TrackRole } from './tracks.js';

export type ArgValue = string | number | boolean;

export interface WalkedTrack {
  readonly uuid: number;
  readonly parent: WalkedTrack | null;
  readonly name: string;
  readonly description: string | undefined;
  /** ohmflow's role for the track, or null for a track written by another producer. */
  readonly role: TrackRole | null;
  readonly kind: string | undefined;
  readonly isCounter: boolean;
  readonly unitName: string | undefined;
  readonly energyFamily: EnergyFamily | null;
  /** Slot tracks belong to the track they were split from; other tracks to themselves. */
  readonly logical: WalkedTrack;
}

interface TraceVisitor {
  track?(track: WalkedTrack): void;
  begin?(track: WalkedTrack, name: string, timestamp: number, args: Readonly<Record<string, ArgValue>>): void;
  /** `name` and `args` are those of the BEGIN this END closes. */
  end?(track: WalkedTrack, name: string, timestamp: number, beginTimestamp: number, args: Readonly<Record<string, ArgValue>>): void;
  instant?(track: WalkedTrack, name: string, timestamp: number): void;
  counter?(track: WalkedTrack, value: number, timestamp: number): void;
}

interface WalkResult {
  readonly packets: number;
  readonly tracks: number;
  /** Problems found, in file order (at most MAX_PROBLEMS kept). */
  readonly problems: readonly string[];
  readonly problemCount: number;
  /** First and last timestamps of track events (trace-ns), or null when there are none. */
  readonly firstTimestamp: number | null;
  readonly lastTimestamp: number | null;
  /** The root track's description (ohmflow states the time scale and level there). */
  readonly rootDescription: string | undefined;
}

const MAX_PROBLEMS = 50;

interface SequenceState {
  cleared: boolean;
  lastTimestamp: number;
  eventNames: Map<number, string>;
  annotationNames: Map<number, string>;
}

interface OpenSlice {
  readonly name: string;
  readonly timestamp: number;
  readonly args: Readonly<Record<string, ArgValue>>;
}

export function walkTrace(path: string, visitor: TraceVisitor = {}): WalkResult {
  const tracks = new Map<number, WalkedTrack>();
  const stacks = new Map<number, OpenSlice[]>();
  const sequences = new Map<number, SequenceState>();
  const problems: string[] = [];
  let problemCount = 0;
  let packets = 0;
  let firstTimestamp: number | null = null;
  let lastTimestamp: number | null = null;
  let rootDescription: string | undefined;

  const problem = (at: PacketAt | null, text: string): void => {
    problemCount++;
    if (problems.length < MAX_PROBLEMS) problems.push(at === null ? text : `packet ${at.index} (byte ${at.offsetBytes}): ${text}`);
  };

  for (const at of readTracePackets(path)) {
    packets++;
    const packet = at.packet;
    const sequence = sequenceOf(sequences, packet);
    const flags = packet.sequenceFlags ?? 0;
    if ((flags & SEQ_INCREMENTAL_STATE_CLEARED) !== 0 || packet.incrementalStateCleared === true) {
      sequence.cleared = true;
      sequence.eventNames.clear();
      sequence.annotationNames.clear();
    }
    if ((flags & SEQ_NEEDS_INCREMENTAL_STATE) !== 0 && !sequence.cleared) {
      problem(at, 'needs incremental state, but its sequence never cleared it (no SEQ_INCREMENTAL_STATE_CLEARED before)');
    }
    for (const entry of packet.internedData?.eventNames ?? []) intern(sequence.eventNames, entry, 'event name', at, problem);
    for (const entry of packet.internedData?.debugAnnotationNames ?? []) intern(sequence.annotationNames, entry, 'annotation name', at, problem);

    if (packet.timestamp !== undefined) {
      if (packet.timestamp < sequence.lastTimestamp) {
        problem(at, `timestamp ${packet.timestamp} goes back from ${sequence.lastTimestamp} on sequence ${packet.trustedPacketSequenceId ?? 0}`);
      }
      sequence.lastTimestamp = Math.max(sequence.lastTimestamp, packet.timestamp);
    }

    if (packet.trackDescriptor !== undefined) {
      const descriptor = packet.trackDescriptor;
      if (descriptor.uuid === undefined || descriptor.uuid === 0) {
        problem(at, 'track descriptor without a uuid');
      } else if (tracks.has(descriptor.uuid)) {
        const known = tracks.get(descriptor.uuid)!;
        if (known.name !== (descriptor.name ?? '') || (known.parent?.uuid ?? undefined) !== descriptor.parentUuid) {
          problem(at, `track uuid ${descriptor.uuid} is described twice ("${known.name}", then "${descriptor.name ?? ''}")`);
        }
      } else {
        let parent: WalkedTrack | null = null;
        if (descriptor.parentUuid !== undefined && descriptor.parentUuid !== 0) {
          parent = tracks.get(descriptor.parentUuid) ?? null;
          if (parent === null) problem(at, `track "${descriptor.name ?? descriptor.uuid}" names parent uuid ${descriptor.parentUuid}, which is not described before it`);
        }
        const role = parseRoleDescription(descriptor.description);
        const base = {
          uuid: descriptor.uuid,
          parent,
          name: descriptor.name ?? `track ${descriptor.uuid}`,
          description: descriptor.description,
          role: role?.role ?? null,
          kind: role?.kind,
          isCounter: descriptor.counter !== undefined,
          unitName: descriptor.counter?.unitName,
          energyFamily: energyFamilyOf(descriptor.counter?.categories),
        };
        const track: WalkedTrack = { ...base, logical: null as unknown as WalkedTrack };
        (track as { logical: WalkedTrack }).logical = role?.role === 'slot' && parent !== null ? parent.logical : track;
        if (parent === null && rootDescription === undefined) rootDescription = descriptor.description;
        tracks.set(track.uuid, track);
        visitor.track?.(track);
      }
    }

    const event = packet.trackEvent;
    if (event === undefined) continue;
    const timestamp = packet.timestamp ?? sequence.lastTimestamp;
    if (packet.timestamp === undefined) problem(at, 'track event without a timestamp');
    firstTimestamp = firstTimestamp === null ? timestamp : Math.min(firstTimestamp, timestamp);
    lastTimestamp = lastTimestamp === null ? timestamp : Math.max(lastTimestamp, timestamp);
    const uuid = event.trackUuid ?? 0;
    const track = tracks.get(uuid);
    if (track === undefined) {
      problem(at, `event uses track uuid ${uuid}, which is not described before it`);
      continue;
    }
    const name = eventName(event.nameIid, event.name, sequence, at, problem);
    const type = event.type ?? 0;
    if (type === TYPE_COUNTER) {
      if (!track.isCounter) {
        problem(at, `counter value on track "${track.name}", which is not a counter track`);
        continue;
      }
      const value = event.doubleCounterValue ?? event.counterValue;
      if (value === undefined) {
        problem(at, `counter event on "${track.name}" has no value`);
        continue;
      }
      visitor.counter?.(track, value, timestamp);
      continue;
    }
    if (track.isCounter) {
      problem(at, `slice event on counter track "${track.name}"`);
      continue;
    }
    const args = annotations(event.debugAnnotations, sequence, at, problem);
    if (type === TYPE_SLICE_BEGIN) {
      let stack = stacks.get(uuid);
      if (stack === undefined) stacks.set(uuid, (stack = []));
      stack.push({ name: name ?? '', timestamp, args });
      visitor.begin?.(track, name ?? '', timestamp, args);
    } else if (type === TYPE_SLICE_END) {
      const stack = stacks.get(uuid);
      const top = stack?.pop();
      if (top === undefined) {
        problem(at, `END on track "${track.name}" at ${timestamp} has no BEGIN on that track`);
        continue;
      }
      if (name !== undefined && name !== top.name) {
        problem(at, `END "${name}" on track "${track.name}" closes "${top.name}": slices on one track must nest`);
      }
      visitor.end?.(track, top.name, timestamp, top.timestamp, top.args);
    } else if (type === TYPE_INSTANT) {
      visitor.instant?.(track, name ?? '', timestamp);
    } else {
      problem(at, `track event of unknown type ${type} on "${track.name}"`);
    }
  }

  for (const [uuid, stack] of stacks) {
    if (stack.length > 0) {
      const track = tracks.get(uuid)!;
      problem(null, `${stack.length} slice(s) on track "${track.name}" never end (first: "${stack[0].name}" at ${stack[0].timestamp})`);
    }
  }
  if (packets === 0) problem(null, 'the file holds no packets');
  return { packets, tracks: tracks.size, problems, problemCount, firstTimestamp, lastTimestamp, rootDescription };
}

type Report = (at: PacketAt | null, text: string) => void;

function sequenceOf(sequences: Map<number, SequenceState>, packet: TracePacketData): SequenceState {
  const id = packet.trustedPacketSequenceId ?? 0;
  let state = sequences.get(id);
  if (state === undefined) {
    state = { cleared: false, lastTimestamp: 0, eventNames: new Map(), annotationNames: new Map() };
    sequences.set(id, state);
  }
  return state;
}

function intern(table: Map<number, string>, entry: { iid?: number; name?: string }, what: string, at: PacketAt, problem: Report): void {
  if (entry.iid === undefined || entry.iid === 0) {
    problem(at, `interned ${what} without an iid`);
    return;
  }
  const known = table.get(entry.iid);
  if (known !== undefined && known !== (entry.name ?? '')) problem(at, `interned ${what} iid ${entry.iid} redefined ("${known}" -> "${entry.name ?? ''}")`);
  table.set(entry.iid, entry.name ?? '');
}

function eventName(iid: number | undefined, inline: string | undefined, sequence: SequenceState, at: PacketAt, problem: Report): string | undefined {
  if (iid === undefined) return inline;
  const name = sequence.eventNames.get(iid);
  if (name === undefined) problem(at, `event name iid ${iid} is used before it is interned on this sequence`);
  return name ?? `#${iid}`;
}

function annotations(list: DebugAnnotationData[] | undefined, sequence: SequenceState, at: PacketAt, problem: Report): Record<string, ArgValue> {
  const args: Record<string, ArgValue> = {};
  for (const item of list ?? []) {
    let key = item.name;
    if (item.nameIid !== undefined) {
      key = sequence.annotationNames.get(item.nameIid);
      if (key === undefined) problem(at, `annotation name iid ${item.nameIid} is used before it is interned on this sequence`);
    }
    const value = item.stringValue ?? item.intValue ?? item.uintValue ?? item.doubleValue ?? item.boolValue;
    if (key !== undefined && value !== undefined) args[key] = value;
  }
  return args;
}
