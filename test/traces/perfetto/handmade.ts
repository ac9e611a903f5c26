// Writes hand-made packet lists as trace files, to feed the checker traces the writer never makes.
import { writeFileSync } from 'node:fs';
import { loadTraceSchema } from '../../../traces/perfetto/schema.js';

export function encodeTrace(packets: readonly Record<string, unknown>[]): Buffer {
  const schema = loadTraceSchema();
  const Trace = schema.root.lookupType('perfetto.protos.Trace');
  return Buffer.from(Trace.encode({ packet: packets }).finish());
}

export function writeHandmadeTrace(path: string, packets: readonly Record<string, unknown>[]): void {
  writeFileSync(path, encodeTrace(packets));
}

/** A valid start: a cleared sequence, one slice track (uuid 1), one counter track (uuid 2). */
export function validPrelude(): Record<string, unknown>[] {
  return [
    { trustedPacketSequenceId: 1, sequenceFlags: 3, trackDescriptor: { uuid: 1, name: 'adc' } },
    { trustedPacketSequenceId: 1, sequenceFlags: 2, trackDescriptor: { uuid: 2, name: 'occupancy', counter: { unitName: 'B' } } },
  ];
}

export const SLICE_BEGIN = 1;
export const SLICE_END = 2;
export const COUNTER = 4;
