// The trace writer's slices from booking to END, as records reused through a free list: a trace
// books hundreds of thousands of slices that each live for a while in the writer's queue, long
// enough that fresh objects per slice would be copied by every young-generation GC before dying.
import type { FlowOptions, TraceArgs } from './packetEncoder.js';
import type { Slot, TrackNode } from './trackTree.js';

export interface SliceRecord {
  id: number;
  node: TrackNode;
  /** Where it is open (null while its BEGIN waits in the queue). */
  slot: Slot | null;
  name: string;
  args: TraceArgs | undefined;
  flow: FlowOptions | undefined;
  /** One flow by id instead of `flow` (-1: none): continued, or ended when flowEnds. */
  flowId: number;
  flowEnds: boolean;
  /** Known when it begins (slice(), bookSlice()); -1 for begin()'s, which end() closes. */
  durationPs: number;
  /** Its BEGIN waits in the queue. */
  pending: boolean;
  /** It is in the writer's list of open slices. */
  listed: boolean;
  /** Its BEGIN is in the file. */
  written: boolean;
}

export class SlicePool {
  private readonly free: SliceRecord[] = [];

  take(
    id: number, node: TrackNode, name: string, args: TraceArgs | undefined,
    flow: FlowOptions | undefined, flowId: number, flowEnds: boolean, durationPs: number,
  ): SliceRecord {
    const record = this.free.pop();
    if (record === undefined) {
      return { id, node, slot: null, name, args, flow, flowId, flowEnds, durationPs, pending: false, listed: false, written: false };
    }
    record.id = id;
    record.node = node;
    record.name = name;
    record.args = args;
    record.flow = flow;
    record.flowId = flowId;
    record.flowEnds = flowEnds;
    record.durationPs = durationPs;
    return record;
  }

  /** The record is done with (its END written or dropped); it must be referenced nowhere else. */
  release(record: SliceRecord): void {
    record.slot = null;
    record.args = undefined;
    record.flow = undefined;
    record.pending = false;
    record.listed = false;
    record.written = false;
    this.free.push(record);
  }
}
