// The interface through which the kernel and actors emit activity traces; traces/ implements it.
// With no sink attached, every emit point costs a single null check.

export type TrackKind = 'slice' | 'counter';

/** A timeline: slices (begin/end of an activity) or a counter (a value over time). */
export interface TrackInfo {
  readonly id: number;
  readonly name: string;
  readonly kind: TrackKind;
  /** Unit of a counter track's values, e.g. "pJ" or "entries". */
  readonly unit?: string;
}

export type TraceArgs = Readonly<Record<string, string | number | boolean>>;

export interface TraceSink {
  /** Announced once per track before any event on it; tracks made before attach are replayed. */
  registerTrack(track: TrackInfo): void;
  begin(trackId: number, name: string, timePs: number, args?: TraceArgs): void;
  end(trackId: number, timePs: number): void;
  counter(trackId: number, value: number, timePs: number): void;
}

/** Tracks of one simulation, kept so that a sink attached late still learns all of them. */
export class TrackRegistry {
  private readonly tracks: TrackInfo[] = [];
  private readonly names = new Set<string>();

  add(name: string, kind: TrackKind, unit?: string): TrackInfo | null {
    if (this.names.has(name)) return null;
    const track: TrackInfo = unit === undefined ? { id: this.tracks.length, name, kind } : { id: this.tracks.length, name, kind, unit };
    this.tracks.push(track);
    this.names.add(name);
    return track;
  }

  list(): readonly TrackInfo[] {
    return this.tracks;
  }
}
