// Busy intervals per layer read from a trace's layer tracks, for the pipeline occupancy chart.
import { walkTrace } from '../perfetto/walk.js';
import type { OccupancyInterval } from './types.js';

/** Trace timestamps are simulated ps (1 trace-ns = 1 ps, see perfetto/writer.ts). */
const PS_PER_NS = 1000;

export function occupancyFromTrace(path: string): { intervals: OccupancyInterval[]; layerOrder: string[] } {
  const intervals: OccupancyInterval[] = [];
  const layerOrder: string[] = [];
  walkTrace(path, {
    track(track) {
      if (track.role === 'layer') layerOrder.push(track.name);
    },
    end(track, _name, endTs, beginTs, args) {
      if (track.logical.role !== 'layer') return;
      const image = typeof args.image === 'number' ? args.image : undefined;
      const interval = { layer: track.logical.name, startNs: beginTs / PS_PER_NS, endNs: endTs / PS_PER_NS };
      intervals.push(image === undefined ? interval : { ...interval, image });
    },
  });
  return { intervals, layerOrder };
}
