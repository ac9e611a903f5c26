// Operation counts per image of one mapped layer, in closed form (docs/ppa-model.md, "Operation
// counts"). Duplication does not change a count: copies split the pixels, not the work.
import type { Arch } from '../arch/schema.js';
import type { MappedLayer, MappedNetwork, PipelineEdge } from '../mapping/types.js';
import type { OpCounts } from './types.js';

export function zeroCounts(): OpCounts {
  return {
    crossbarReads: 0, dacConversions: 0, adcConversions: 0, sampleHolds: 0, shiftAdds: 0, bufferReads: 0, bufferWrites: 0,
    busBits: 0, nocFlitHops: 0, activationOps: 0, poolOps: 0, residualAddOps: 0, requantizeOps: 0, digitalMacs: 0,
    offChipBits: 0, cellWrites: 0,
  };
}

export function addCounts(a: OpCounts, b: OpCounts): OpCounts {
  const out = { ...a };
  for (const k of Object.keys(b) as Array<keyof OpCounts>) out[k] += b[k];
  return out;
}

/** Counts of one layer; `inbound` are the pipeline edges that end at it. */
export function layerOpCounts(layer: MappedLayer, inbound: readonly PipelineEdge[], mapped: MappedNetwork, arch: Arch): OpCounts {
  const c = zeroCounts();
  const bits = arch.precision.inputBits;
  const bufferBits = arch.tile.inputBuffer.bandwidthBitsPerCycle;
  const planes = mapped.precision.inputBitPlanes;
  const p = layer.partition;
  if (layer.engine === 'crossbar' && p) {
    const perPlanePixels = layer.outputPixels * planes;
    c.crossbarReads = perPlanePixels * p.readsPerPlane;
    c.dacConversions = perPlanePixels * p.rowsDrivenPerPlane;
    c.adcConversions = perPlanePixels * p.conversionsPerPlane;
    c.sampleHolds = c.adcConversions;
    // Every digitized column value is shifted and added into its output once (bit-planes, slices,
    // row blocks and, for kernel-split, the Kh*Kw array sets); offset encoding adds one bias
    // correction per output value.
    c.shiftAdds = c.adcConversions + (mapped.precision.weightEncoding === 'offset' ? layer.outputValues : 0);
    if (mapped.reloading) c.cellWrites = (layer.duplication * p.cellsUsed) / mapped.options.batch;
  }
  if (layer.engine === 'digitalMac') c.digitalMacs = layer.macs;
  // A folded layer reads its inputs once per fold.
  const inputBits = layer.folds * layer.inputValuesRead * bits;
  if (layer.engine === 'crossbar' || layer.engine === 'digitalMac') c.busBits = inputBits;
  c.bufferReads = Math.ceil(inputBits / bufferBits);
  // A layer's output lands in its consumers' input buffers; flatten only relabels those bytes.
  if (layer.kind !== 'flatten') c.bufferWrites = Math.ceil((layer.outputValues * bits) / bufferBits);
  c.activationOps = layer.activationOps;
  c.requantizeOps = layer.requantizeOps;
  if (layer.digitalUnit === 'maxPool' || layer.digitalUnit === 'avgPool') c.poolOps = layer.digitalUnitOps;
  if (layer.digitalUnit === 'residualAdd') c.residualAddOps = layer.digitalUnitOps;
  for (const e of inbound) {
    if (e.crossesNoc) c.nocFlitHops += e.flits * (e.hops + 1);
    // Between segments a batch's activations are parked off chip: written out, read back.
    if (e.crossesSegment) c.offChipBits += 2 * e.bits;
  }
  return c;
}
