// Reference channel-broadcast product (ChannelMulLayer): each value of channel c of x times the
// gate's value for c, both less their zero points, requantized once (quant/mul.ts).
import { makeMulRequantizer, requantizeMul } from '../quant/mul.js';
import type { ChannelMulLayer, Tensor } from '../ir/types.js';

export function channelMul(layer: ChannelMulLayer, x: Tensor, gate: Tensor): Tensor {
  const [c, h, w] = x.shape;
  const plane = h * w;
  const r = makeMulRequantizer(x.quant.scale, gate.quant.scale, layer.outQuant);
  const out = new Int8Array(x.data.length);
  for (let ch = 0; ch < c; ch++) {
    const g = gate.data[ch] - gate.quant.zeroPoint;
    for (let i = ch * plane; i < (ch + 1) * plane; i++) out[i] = requantizeMul((x.data[i] - x.quant.zeroPoint) * g, r);
  }
  return { shape: x.shape, data: out, quant: layer.outQuant };
}
