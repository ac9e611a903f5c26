// Loads traces/perfetto/trace.proto with protobufjs: the message types the writer and reader share.
// The .proto is found from the package root, so the same code works from source and from dist/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

interface TraceSchema {
  readonly root: protobuf.Root;
  readonly TracePacket: protobuf.Type;
}

/** TracePacket.sequence_flags bits. */
export const SEQ_INCREMENTAL_STATE_CLEARED = 1;
export const SEQ_NEEDS_INCREMENTAL_STATE = 2;

/** TrackEvent.Type values. */
export const TYPE_SLICE_BEGIN = 1;
export const TYPE_SLICE_END = 2;
export const TYPE_INSTANT = 3;
export const TYPE_COUNTER = 4;

/** TrackDescriptor.ChildTracksOrdering.EXPLICIT: children sorted by sibling_order_rank. */
export const CHILD_ORDERING_EXPLICIT = 3;

/** Trace.packet is field 1 with wire type 2 (length-delimited): tag byte 0x0A. */
export const TRACE_PACKET_TAG = (1 << 3) | 2;

/** The directory holding the package.json named "ohmflow", found by walking up from `fromUrl`. */
function packageRoot(fromUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown };
        if (pkg.name === 'ohmflow') return dir;
      } catch {
        // a broken package.json further down is not ours; keep walking up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json named "ohmflow" above ${fileURLToPath(fromUrl)}`);
    dir = parent;
  }
}

function traceProtoPath(): string {
  return join(packageRoot(), 'traces', 'perfetto', 'trace.proto');
}

/** Parses the schema; a few milliseconds, so each writer or reader loads its own (no module state). */
export function loadTraceSchema(): TraceSchema {
  const root = protobuf.loadSync(traceProtoPath());
  return { root, TracePacket: root.lookupType('perfetto.protos.TracePacket') };
}
