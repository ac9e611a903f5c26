// Operation counts per image of one mapped layer, in closed form (docs/ppa-model.md, "Operation
// counts"). Duplication does not change a count: copies split the pixels, not the work.
import type { Arch } from '../arch/schema.js';
import type { MappedLayer, MappedNetwork, PipelineEdge } from '../mapping/types.js';
import type { EdgeFlow } from './flow.js';
import { pixelWork } from './resources.js';
import type { SpanFlow } from './spanFlow.js';
import type { InputActivity, OpCounts } from './types.js';

export function zeroCounts(): OpCounts {
  return {
    crossbarReads: 0, dacConversions: 0, adcConversions: 0, sampleHolds: 0, shiftAdds: 0, bufferReads: 0, bufferWrites: 0,
    busBits: 0, nocFlitHops: 0, activationOps: 0, poolOps: 0, residualAddOps: 0, requantizeOps: 0, digitalMacs: 0,
    offChipBits: 0, cellWrites: 0, outputBufferWrites: 0,
  };
}

export function addCounts(a: OpCounts, b: OpCounts): OpCounts {
  const out = { ...a };
  for (const k of Object.keys(b) as Array<keyof OpCounts>) out[k] += b[k];
  return out;
}

/** The data movement one layer's counts read: its copies' span flow (crossbar layers), and the
 *  flows whose data it produced and those it consumes, each in the network's flow order. */
interface LayerFlows {
  span?: SpanFlow;
  sent: readonly EdgeFlow[];
  received: readonly EdgeFlow[];
}

/** A layer's counts, given its flows (estimate groups the network's flows once for all layers). */
export function countsWithFlows(
  layer: MappedLayer,
  inbound: readonly PipelineEdge[],
  mapped: MappedNetwork,
  arch: Arch,
  mine: LayerFlows,
  activity: InputActivity,
): OpCounts {
  const c = zeroCounts();
  const bits = arch.precision.inputBits;
  const bufferBits = arch.tile.inputBuffer.bandwidthBitsPerCycle;
  const planes = mapped.precision.inputBitPlanes;
  const p = layer.partition;
  let extraReadBits = 0;
  if (layer.engine === 'crossbar' && p) {
    const perPlanePixels = layer.outputPixels * planes;
    c.crossbarReads = perPlanePixels * p.readsPerPlane;
    c.dacConversions = perPlanePixels * p.rowsDrivenPerPlane * (activity.perLayer?.[layer.name] ?? activity.defaultActivity);
    c.adcConversions = perPlanePixels * p.conversionsPerPlane;
    c.sampleHolds = c.adcConversions;
    // Every digitized column value is shifted and added into its output once (bit-planes, slices,
    // row blocks and, for kernel-split, the Kh*Kw array sets); offset encoding adds one bias
    // correction per output value.
    c.shiftAdds = c.adcConversions + (mapped.precision.weightEncoding === 'offset' ? layer.outputValues : 0);
    // A copy spanning PEs or tiles: each tile reads its window slice (values two tiles need are
    // read on both); partial sums merge over each tile's bus and pass down the copy's tiles; one
    // accumulate (tile shift-add) per moved value.
    const span = mine.span!;
    c.shiftAdds += span.accumulateOps;
    c.busBits += span.extraReadBits + span.mergeBusBits;
    extraReadBits = span.extraReadBits;
    c.nocFlitHops += span.flitHops;
    if (mapped.reloading) c.cellWrites = (layer.duplication * p.cellsUsed) / mapped.options.batch;
  }
  if (layer.engine === 'digitalMac') c.digitalMacs = layer.macs;
  // A folded layer reads its inputs once per fold; a digital unit fetches its whole window for
  // every output pixel (overlapping pool windows are read again).
  const inputBits = layer.folds * layer.inputValuesRead * bits;
  if (layer.engine === 'crossbar' || layer.engine === 'digitalMac') c.busBits += inputBits;
  const readBits = (layer.engine === 'digitalUnit' ? layer.outputPixels * pixelWork(layer, arch).windowBits : inputBits) + extraReadBits;
  c.bufferReads = Math.ceil(readBits / bufferBits);
  // A layer's output lands in the input buffer of every consumer band that reads it (a row read by
  // two bands is written twice), and of a crossbar consumer's other tiles (the channels they
  // keep); flatten only relabels those bytes, so its source is charged. The network's result goes
  // to the output buffer instead.
  let written = 0;
  let consumed = false;
  for (const f of mine.sent) {
    written += f.deliveredBits;
    consumed = true;
  }
  c.bufferWrites = Math.ceil(written / bufferBits);
  // Nothing reads it (flows follow flatten back to the layer): the network's result.
  if (!consumed && layer.engine !== 'none') {
    c.outputBufferWrites = Math.ceil((layer.outputPixels * pixelWork(layer, arch).channels * bits) / arch.tile.outputBuffer.bandwidthBitsPerCycle);
  }
  c.activationOps = layer.activationOps;
  c.requantizeOps = layer.requantizeOps;
  if (layer.digitalUnit === 'maxPool' || layer.digitalUnit === 'avgPool') c.poolOps = layer.digitalUnitOps;
  if (layer.digitalUnit === 'residualAdd') c.residualAddOps = layer.digitalUnitOps;
  // Each packet crosses hops + 1 routers from the tile that computed it to the band that reads it,
  // and each router on the way of its multicast along a crossbar consumer's other tiles.
  for (const f of mine.received) c.nocFlitHops += f.flitHops;
  for (const e of inbound) {
    // Between segments a batch's activations are parked off chip: written out, read back.
    if (e.crossesSegment) c.offChipBits += 2 * e.bits;
  }
  return c;
}
