// A network's one-line facts as `ohmflow networks` lists them: layers, MACs, parameters, input.
import { countMacs, countParams } from '../../../workloads/ir/counts.js';
import type { NetworkSkeleton } from '../../../workloads/ir/types.js';

export interface NetworkSummary {
  name: string;
  layers: number;
  macs: number;
  params: number;
  /** Input shape [C, H, W] (or [F]). */
  input: number[];
  /** Why this network cannot be built at the requested resolution (its counts are then 0). */
  unavailable?: string;
}

/** Layers (the input not counted), MACs, parameters and input shape of a network's skeleton. */
export function summarize(net: NetworkSkeleton): NetworkSummary {
  const input = net.layers.find((l) => l.kind === 'input');
  return {
    name: net.name,
    layers: net.layers.filter((l) => l.kind !== 'input').length,
    macs: countMacs(net),
    params: countParams(net),
    input: input?.kind === 'input' ? [...input.shape] : [],
  };
}
