// Input activity measured on real inputs: per crossbar layer, the fraction of its (row, input
// bit-plane) digits that are not 0, over every output pixel's window (padding holds the input
// zero point, as the line buffers do). Computed from the integer reference's tensors, not from the
// engine, so the analytical model stays independent of the simulation. With it, the model's DAC row
// drives equal the engine's, which counts them from the data it moves.
import type { Arch } from '../arch/schema.js';
import type { MappedNetwork } from '../mapping/types.js';
import type { Network, Tensor } from '../../workloads/ir/types.js';
import { dilationOf } from '../../workloads/ir/shapes.js';
import { runReference, type CrossbarConversion } from '../../workloads/reference/index.js';
import type { InputActivity } from './types.js';
import { nonZeroDigitTable } from '../components/dac.js';
import { inputBitPlanes } from '../timing.js';

/** Sum over every output pixel's window of the non-zero digits of u = x + 2^(inputBits-1). */
function windowDigits(
  x: Tensor,
  dense: boolean,
  kernel: readonly [number, number],
  stride: readonly [number, number],
  dilation: readonly [number, number],
  padding: readonly number[],
  outH: number,
  outW: number,
  table: Uint8Array,
  offset: number,
): number {
  // A dense layer's window is its whole (flattened) input.
  const [c, h, w] = !dense && x.shape.length === 3 ? x.shape : [x.data.length, 1, 1];
  const pad = table[x.quant.zeroPoint + offset];
  let total = 0;
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      for (let ky = 0; ky < kernel[0]; ky++) {
        const iy = oy * stride[0] + ky * dilation[0] - padding[0];
        for (let kx = 0; kx < kernel[1]; kx++) {
          const ix = ox * stride[1] + kx * dilation[1] - padding[1];
          if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
            total += pad * c;
            continue;
          }
          for (let ic = 0; ic < c; ic++) total += table[x.data[(ic * h + iy) * w + ix] + offset];
        }
      }
    }
  }
  return total;
}

/**
 * Every crossbar layer's input activity over images whose layer outputs (`perImage`, by layer name,
 * from runReference with keepIntermediates) are given: the tensors the chip really moves, so on a
 * lossy chip those of the ADC-aware reference.
 */
export function inputActivityOf(net: Network, mapped: MappedNetwork, arch: Arch, perImage: readonly ReadonlyMap<string, Tensor>[]): InputActivity {
  const { inputBits } = arch.precision;
  const planes = inputBitPlanes(arch);
  const table = nonZeroDigitTable(inputBits, arch.tile.pe.dac.bits);
  const offset = 2 ** (inputBits - 1);
  const digits = new Map<string, number>();
  const slots = new Map<string, number>();
  for (const tensors of perImage) {
    for (const m of mapped.layers) {
      if (m.engine !== 'crossbar') continue;
      const layer = net.layers.find((l) => l.name === m.name)!;
      if (layer.kind !== 'conv2d' && layer.kind !== 'dense') continue;
      const x = tensors.get(layer.inputs[0])!;
      const out = tensors.get(layer.name)!;
      const [outH, outW] = layer.kind === 'conv2d' ? [out.shape[1], out.shape[2]] : [1, 1];
      const kernel = layer.kind === 'conv2d' ? layer.kernel : ([1, 1] as const);
      const stride = layer.kind === 'conv2d' ? layer.stride : ([1, 1] as const);
      const dilation = layer.kind === 'conv2d' ? dilationOf(layer) : ([1, 1] as const);
      const padding = layer.kind === 'conv2d' ? layer.padding : [0, 0, 0, 0];
      const patch = (layer.kind === 'conv2d' ? x.shape[0] : x.data.length) * kernel[0] * kernel[1];
      digits.set(m.name, (digits.get(m.name) ?? 0) + windowDigits(x, layer.kind === 'dense', kernel, stride, dilation, padding, outH, outW, table, offset));
      slots.set(m.name, (slots.get(m.name) ?? 0) + outH * outW * patch * planes);
    }
  }
  const perLayer: Record<string, number> = {};
  let allDigits = 0;
  let allSlots = 0;
  for (const [name, d] of digits) {
    perLayer[name] = d / slots.get(name)!;
    allDigits += d;
    allSlots += slots.get(name)!;
  }
  return { source: 'measured', defaultActivity: allSlots > 0 ? allDigits / allSlots : 0.5, perLayer };
}

/** Measures the input activity over `inputs` (int8 images) with the integer reference, or with the
 *  ADC-aware one when `conversion` describes a lossy chip's conversions. */
export function measureInputActivity(
  net: Network,
  mapped: MappedNetwork,
  arch: Arch,
  inputs: readonly Int8Array[],
  conversion?: CrossbarConversion,
): InputActivity {
  const perImage = inputs.map((x) => runReference(net, x, { keepIntermediates: true, crossbar: conversion }).tensors!);
  return inputActivityOf(net, mapped, arch, perImage);
}
