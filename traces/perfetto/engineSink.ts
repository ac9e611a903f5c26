// The engine's component-level activity (sim/engine/traceHooks.ts) written with the Perfetto
// writer: tile tracks hold one slice per pixel computed on a lane, PEs hold crossbar and ADC
// slices, tiles their buffer ports, bus and digital units, the "noc" group the router output
// ports (slices linked by one flow per packet), one load counter per used link ("link (x,y)->..."
// in flits, see README) and the packets-in-flight counter.
import type { EnergySums, EngineTraceTarget } from '../../sim/engine/traceHooks.js';
import type { TraceLevel, TraceWindowNs } from './options.js';
import { PerfettoTraceWriter, type SliceHandle, type TrackHandle } from './writer.js';
import { KernelTraceSink, placeByDottedName } from './kernelSink.js';

/** What `ohmflow simulate --trace` attaches: the kernel's tracks (layer slices) and the engine's activity, one file. */
export interface EngineTrace {
  readonly writer: PerfettoTraceWriter;
  readonly kernel: KernelTraceSink;
  readonly activity: EngineActivitySink;
}

export function openEngineTrace(path: string, options: { level?: TraceLevel; window?: TraceWindowNs | null; title?: string } = {}): EngineTrace {
  const level = options.level ?? 'component';
  const writer = PerfettoTraceWriter.open(path, { level, window: options.window ?? null, ...(options.title === undefined ? {} : { title: options.title }) });
  // The layer actors' kernel tracks ("layer.<name>.images") go under the writer's "layers" group.
  const kernel = new KernelTraceSink(writer, {
    place: (w, track) => (track.name.startsWith('layer.') && track.name.endsWith('.images') ? w.layerTrack(track.name.slice(6, -7)) : placeByDottedName(w, track)),
  });
  return { writer, kernel, activity: new EngineActivitySink(writer, level) };
}

/**
 * How often the energy counters step, per level: each step adds the energy spent since the last
 * one, so totals are exact and the file does not grow with every pixel (see README, Traces).
 */
export const ENERGY_SAMPLE_PS: Record<TraceLevel, number> = { layer: 1_000_000, tile: 100_000, component: 100_000 };

export class EngineActivitySink implements EngineTraceTarget {
  /** Set after the run: energy the hooks could not place at a call site, and the leakage charged. */
  summary: { unattributedPj: number; leakagePj: number } | null = null;
  readonly energySamplePs: number;
  /** Each image's slice arguments, made once: slices hold them until written, many at a time. */
  private readonly imageArgs: Array<{ readonly image: number }> = [];
  /** The energy sums' tile keys (tile index or null) as the writer's tile tracks, by key index, and
   *  the tile list handed to the writer (refilled per sample). */
  private tileKeysOf: readonly (number | null)[] | null = null;
  private readonly tileKeys: Array<TrackHandle | null> = [];
  private readonly byTile: { count: number; keys: ReadonlyArray<TrackHandle | null>; order: Int32Array; values: Float64Array } = {
    count: 0, keys: this.tileKeys, order: new Int32Array(0), values: new Float64Array(0),
  };

  constructor(
    readonly writer: PerfettoTraceWriter,
    readonly detail: TraceLevel,
  ) {
    this.energySamplePs = ENERGY_SAMPLE_PS[detail];
  }

  tileTrack(tile: number): number {
    return this.writer.tileTrack(tile);
  }

  componentTrack(tile: number | null, pe: number | null, name: string, kind: string): number {
    return this.writer.componentTrack(this.parent(tile, pe), name, kind);
  }

  counterTrack(tile: number | null, name: string, unit: string): number {
    return this.writer.counterTrack(this.parent(tile, null), `${name} (${unit})`, unit);
  }

  activity(track: number, nowPs: number, startPs: number, durationPs: number, layer: string, image: number, flow?: { id: number; last: boolean }): void {
    // The slice's name is its layer (interned, so Perfetto colours by layer at no cost per slice).
    if (flow === undefined) this.writer.bookSlice(track as TrackHandle, layer, nowPs, startPs, durationPs, this.argsOf(image));
    else this.writer.bookFlowSlice(track as TrackHandle, layer, nowPs, startPs, durationPs, this.argsOf(image), flow.id, flow.last);
  }

  beginActivity(track: number, nowPs: number, layer: string, image: number): number {
    return this.writer.begin(track as TrackHandle, layer, nowPs, this.argsOf(image));
  }

  private argsOf(image: number): { readonly image: number } {
    return (this.imageArgs[image] ??= { image });
  }

  endActivity(handle: number, nowPs: number): void {
    this.writer.end(handle as SliceHandle, nowPs);
  }

  counter(track: number, value: number, timePs: number): void {
    this.writer.counter(track as TrackHandle, value, timePs);
  }

  energy(sums: EnergySums, timePs: number): void {
    // The tile list with the writer's tile tracks as keys: same order and values, so the lists'
    // arrays are passed on as they are. A tile's track is asked for when it first has energy.
    const tiles = sums.byTile;
    if (this.tileKeysOf !== tiles.keys) {
      this.tileKeysOf = tiles.keys;
      this.tileKeys.length = 0;
    }
    for (let i = 0; i < tiles.count; i++) {
      const index = tiles.order[i];
      if (this.tileKeys[index] === undefined) {
        const tile = tiles.keys[index];
        this.tileKeys[index] = tile === null ? null : this.writer.tileTrack(tile);
      }
    }
    const byTile = this.byTile;
    byTile.count = tiles.count;
    byTile.order = tiles.order;
    byTile.values = tiles.values;
    this.writer.addEnergySums({ byKind: sums.byKind, byLayer: sums.byLayer, byTile }, timePs);
  }

  newFlowId(): number {
    return this.writer.newFlowId();
  }

  finished(summary: { unattributedPj: number; leakagePj: number }): void {
    this.summary = summary;
  }

  private parent(tile: number | null, pe: number | null): TrackHandle {
    if (tile === null) return this.writer.groupTrack(this.writer.chip, 'noc');
    const tileTrack = this.writer.tileTrack(tile);
    return pe === null ? tileTrack : this.writer.peTrack(tileTrack, pe);
  }
}
