// The quantization of every layer's output tensor: layers that only move or compare int8 values
// (max pool, channel gather, relu, flatten) keep their input's scale and zero point.
import type { Network, TensorQuant } from '../ir/types.js';
import { OhmflowError } from '../errors.js';

export function outputQuants(net: Network): Map<string, TensorQuant> {
  const quants = new Map<string, TensorQuant>();
  for (const layer of net.layers) {
    switch (layer.kind) {
      case 'input':
      case 'conv2d':
      case 'dense':
      case 'avgpool':
      case 'globalavgpool':
      case 'add':
      case 'concat':
      case 'affine':
      case 'mul':
        quants.set(layer.name, layer.kind === 'input' ? layer.quant : layer.outQuant);
        break;
      case 'maxpool':
      case 'channels':
      case 'relu':
      case 'flatten': {
        const q = quants.get(layer.inputs[0] ?? '');
        if (!q) throw new OhmflowError(`input "${layer.inputs[0]}" is not defined before this layer`, { field: `layer ${layer.name}` });
        quants.set(layer.name, q);
        break;
      }
    }
  }
  return quants;
}
