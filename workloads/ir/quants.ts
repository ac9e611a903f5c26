// The quantization of every layer's output tensor, from a network or a skeleton: layers that only
// move or compare int8 values (max pool, channel gather, relu, flatten) keep their input's scale and zero point.
import type { NetworkSkeleton, TensorQuant } from './types.js';

export function tensorQuants(net: NetworkSkeleton): Map<string, TensorQuant> {
  const quants = new Map<string, TensorQuant>();
  for (const l of net.layers) {
    if (l.kind === 'input') quants.set(l.name, l.quant);
    else if ('outQuant' in l) quants.set(l.name, l.outQuant);
    else quants.set(l.name, quants.get(l.inputs[0])!);
  }
  return quants;
}
