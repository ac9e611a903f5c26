// The inter-layer pipeline plan: one edge per producer -> consumer pair, with the NoC hops and
// flits the producer's output takes to reach the consumer's tiles.
import type { Arch } from '../arch/schema.js';
import { hopsBetween } from './placement.js';
import type { MappedLayer, PipelineEdge } from './types.js';

export function pipelineEdges(layers: readonly MappedLayer[], arch: Arch): PipelineEdge[] {
  const byName = new Map(layers.map((l) => [l.name, l]));
  const edges: PipelineEdge[] = [];
  for (const consumer of layers) {
    for (const name of consumer.inputs) {
      const producer = byName.get(name)!;
      const from = producer.placement.tiles[producer.placement.tiles.length - 1] ?? 0;
      const to = consumer.placement.tiles[0] ?? from;
      const bits = producer.outputValues * arch.precision.inputBits;
      const crossesSegment = producer.segment !== consumer.segment;
      edges.push({
        from: name,
        to: consumer.name,
        hops: crossesSegment ? 0 : hopsBetween(from, to, arch),
        crossesNoc: !crossesSegment && from !== to,
        bits,
        flits: Math.ceil(bits / arch.noc.flitBits),
        crossesSegment,
      });
    }
  }
  return edges;
}
