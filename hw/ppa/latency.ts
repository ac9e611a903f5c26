// Pipeline timing: stage times, the steady-state interval, and the first image's latency with the
// pipeline fill (each layer waits for the input rows its window needs). docs/ppa-model.md, "Latency".
import type { Arch } from '../arch/schema.js';
import { stageTimePs } from '../mapping/stageTime.js';
import type { MappedLayer, MappedNetwork } from '../mapping/types.js';

export interface LayerTiming {
  stagePs: number;
  startPs: number;
  endPs: number;
}

export interface NetworkTiming {
  layers: Map<string, LayerTiming>;
  /** Per segment: interval (slowest stage) and fill (first image through the segment), ps. */
  segments: Array<{ intervalPs: number; fillPs: number; writePs: number }>;
  intervalPs: number;
  latencyPs: number;
}

/** Share of a producer's stage a consumer waits for before it can start. */
export function startFraction(consumer: MappedLayer): number {
  if (consumer.kind === 'dense' || consumer.kind === 'globalavgpool') return 1;
  if (consumer.inShape.length !== 3 || consumer.kernel[0] <= 1) return 0;
  const h = consumer.inShape[1];
  const rowsNeeded = Math.max(0, Math.min(h, consumer.kernel[0] - consumer.padding[0]));
  return rowsNeeded / h;
}

/** Share of a consumer's own stage left after its producer's last output arrives. */
export function tailFraction(consumer: MappedLayer): number {
  if (consumer.outShape.length !== 3 || startFraction(consumer) === 1) return 1;
  return 1 / consumer.outShape[1];
}

export function networkTiming(mapped: MappedNetwork, arch: Arch): NetworkTiming {
  const byName = new Map(mapped.layers.map((l) => [l.name, l]));
  const hops = new Map(mapped.edges.map((e) => [`${e.from}->${e.to}`, e.hops]));
  const timings = new Map<string, LayerTiming>();
  for (const layer of mapped.layers) {
    const stagePs = stageTimePs(layer, arch);
    let startPs = 0;
    let endPs = stagePs;
    for (const name of layer.inputs) {
      const producer = byName.get(name)!;
      if (producer.segment !== layer.segment) continue; // ready before this segment starts
      const t = timings.get(name)!;
      const transferPs = (hops.get(`${name}->${layer.name}`) ?? 0) * arch.noc.routerLatencyPs;
      startPs = Math.max(startPs, t.startPs + startFraction(layer) * t.stagePs + transferPs);
      endPs = Math.max(endPs, t.endPs + transferPs + tailFraction(layer) * stagePs);
    }
    endPs = Math.max(endPs, startPs + stagePs);
    timings.set(layer.name, { stagePs, startPs, endPs });
  }
  const batch = mapped.reloading ? mapped.options.batch : 1;
  const segments = mapped.segments.map((s) => {
    const members = s.layers.map((n) => timings.get(n)!);
    return {
      intervalPs: Math.max(0, ...members.map((t) => t.stagePs)),
      fillPs: Math.max(0, ...members.map((t) => t.endPs)),
      writePs: s.writeLatencyPs,
    };
  });
  // One segment, stationary weights: images stream at the slowest stage. With reloading, each
  // segment writes its weights, then runs the whole batch through before the next one starts.
  const batchPs = segments.reduce((s, g) => s + g.writePs + g.fillPs + (batch - 1) * g.intervalPs, 0);
  const intervalPs = mapped.reloading ? batchPs / batch : segments[0].intervalPs;
  const last = segments[segments.length - 1];
  const latencyPs = mapped.reloading ? batchPs - (batch - 1) * last.intervalPs : segments[0].fillPs;
  return { layers: timings, segments, intervalPs, latencyPs };
}
