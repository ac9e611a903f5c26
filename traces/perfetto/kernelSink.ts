// Adapts the kernel's TraceSink (flat, named tracks; end() without a slice handle) to the Perfetto
// writer's track tree. Track names are dotted actor paths ("tile3.pe1.adc0" or "<actor>.<name>"):
// "tileN" and "peN" segments become tile and PE tracks,
// other segments components (kind = name without trailing digits), the last one a component or
// a counter.
import type { TraceArgs as KernelTraceArgs, TraceSink, TrackInfo } from '../../sim/kernel/index.js';
import type { PerfettoTraceWriter, SliceHandle, TrackHandle } from './writer.js';

interface KernelSinkOptions {
  /** Places a kernel track in the writer's tree; the default reads the dotted name as above. */
  readonly place?: (writer: PerfettoTraceWriter, track: TrackInfo) => TrackHandle;
}

export class KernelTraceSink implements TraceSink {
  private readonly handles = new Map<number, TrackHandle>();
  /** Open slices per kernel track, oldest first: end() closes the oldest (see README). */
  private readonly openSlices = new Map<number, SliceHandle[]>();

  constructor(
    readonly writer: PerfettoTraceWriter,
    private readonly options: KernelSinkOptions = {},
  ) {}

  registerTrack(track: TrackInfo): void {
    const place = this.options.place ?? placeByDottedName;
    this.handles.set(track.id, place(this.writer, track));
  }

  begin(trackId: number, name: string, timePs: number, args?: KernelTraceArgs): void {
    const slice = this.writer.begin(this.handle(trackId), name, timePs, args);
    let queue = this.openSlices.get(trackId);
    if (queue === undefined) this.openSlices.set(trackId, (queue = []));
    queue.push(slice);
  }

  end(trackId: number, timePs: number): void {
    const slice = this.openSlices.get(trackId)?.shift();
    if (slice === undefined) throw new Error(`trace end() on kernel track ${trackId} with no open activity`);
    this.writer.end(slice, timePs);
  }

  counter(trackId: number, value: number, timePs: number): void {
    this.writer.counter(this.handle(trackId), value, timePs);
  }

  private handle(trackId: number): TrackHandle {
    const handle = this.handles.get(trackId);
    if (handle === undefined) throw new Error(`kernel trace track ${trackId} was never registered with the sink`);
    return handle;
  }
}

/** The default placement: "tile3.pe1.adc0" -> tile 3 / pe 1 / adc0 (kind "adc"). */
export function placeByDottedName(writer: PerfettoTraceWriter, track: TrackInfo): TrackHandle {
  const segments = track.name.split('.');
  const leaf = segments.pop()!;
  let parent = writer.chip;
  let tile: TrackHandle | null = null;
  for (const segment of segments) {
    const tileMatch = /^tile[_ -]?(\d+)$/i.exec(segment);
    const peMatch = /^pe[_ -]?(\d+)$/i.exec(segment);
    if (tileMatch !== null) parent = tile = writer.tileTrack(Number(tileMatch[1]));
    else if (peMatch !== null && tile !== null) parent = writer.peTrack(tile, Number(peMatch[1]));
    // An actor's sub-tracks ("adc0.queue") sit under the actor's own component track.
    else parent = writer.componentTrack(parent, segment, kindOf(segment));
  }
  if (track.kind === 'counter') return writer.counterTrack(parent, leaf, track.unit ?? '');
  return writer.componentTrack(parent, leaf, kindOf(leaf));
}

/** "adc0" -> "adc", "xbar_12" -> "xbar": instances of a kind differ by a trailing number. */
function kindOf(name: string): string {
  return name.replace(/[_ -]?\d+$/, '') || name;
}
