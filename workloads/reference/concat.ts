// Reference channel concat: each input's planes in order, requantized to the output's quantization
// where it differs (quant/concat.ts), copied where it does not.
import { concatNeedsRequantize, requantizeConcat } from '../quant/concat.js';
import type { ConcatLayer, Shape, Tensor } from '../ir/types.js';

export function concat(layer: ConcatLayer, inputs: readonly Tensor[], outShape: Shape): Tensor {
  const out = new Int8Array(outShape[0] * outShape[1] * outShape[2]);
  let offset = 0;
  for (const input of inputs) {
    if (concatNeedsRequantize(input.quant, layer.outQuant)) {
      for (let i = 0; i < input.data.length; i++) out[offset + i] = requantizeConcat(input.data[i], input.quant, layer.outQuant);
    } else {
      out.set(input.data, offset);
    }
    offset += input.data.length;
  }
  return { shape: outShape, data: out, quant: layer.outQuant };
}
