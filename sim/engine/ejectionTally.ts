// The engine's own count of every tile's ejection-port busy time, by segment, for comparison with
// the model's ledger ("s<k> tile <t> ejection port"): a trace target that keeps only the NoC's
// ejection hops. A port is one link for the whole run, but the segments of a reloading run use it
// at different times, so only a segment's share is comparable with that segment's bound.
import type { MappedNetwork } from '../../hw/mapping/types.js';
import type { EngineTraceTarget } from './traceHooks.js';

/** The trace hooks name a tile's ejection port's track so (traceHooks.ts, hop()). */
const EJECTION_TRACK = /^router \(\d+,\d+\) to tile (\d+)$/;

export class EjectionTally implements EngineTraceTarget {
  readonly detail = 'component' as const;
  /** No energy samples are wanted: one at the end. */
  readonly energySamplePs = Number.MAX_SAFE_INTEGER;
  /** By track id: the tile whose ejection port it is, or -1. */
  private readonly tileOfTrack: number[] = [];
  /** Busy time over the run, ps, by tile, then by sending layer (a packet's producer: the source
   *  of data, the consuming layer itself for forwards along its tiles and for partial sums). */
  readonly busyPs = new Map<number, Map<string, number>>();

  private track(tile: number): number {
    this.tileOfTrack.push(tile);
    return this.tileOfTrack.length - 1;
  }

  tileTrack(): number {
    return this.track(-1);
  }

  componentTrack(_tile: number | null, _pe: number | null, name: string): number {
    const m = EJECTION_TRACK.exec(name);
    return this.track(m === null ? -1 : Number(m[1]));
  }

  counterTrack(): number {
    return this.track(-1);
  }

  activity(track: number, _nowPs: number, _startPs: number, durationPs: number, layer: string): void {
    const tile = this.tileOfTrack[track];
    if (tile < 0) return;
    let byLayer = this.busyPs.get(tile);
    if (byLayer === undefined) this.busyPs.set(tile, (byLayer = new Map()));
    byLayer.set(layer, (byLayer.get(layer) ?? 0) + durationPs);
  }

  counter(): void {}

  beginActivity(): number {
    return 0;
  }

  endActivity(): void {}

  energy(): void {}

  newFlowId(): number {
    return 1;
  }
}

/** Busy time per image of each tile's ejection port by segment (the sending layer's), ps, keyed
 *  as the model's ledger keys it ("s0 tile 30 ejection port"). */
export function ejectionBusyBySegment(tally: EjectionTally, mapped: MappedNetwork, images: number): Map<string, number> {
  const segmentOf = new Map(mapped.layers.map((l) => [l.name, l.segment]));
  const out = new Map<string, number>();
  for (const [tile, byLayer] of [...tally.busyPs].sort((a, b) => a[0] - b[0])) {
    for (const [layer, ps] of byLayer) {
      const key = `s${segmentOf.get(layer)!} tile ${tile} ejection port`;
      out.set(key, (out.get(key) ?? 0) + ps / images);
    }
  }
  return out;
}
