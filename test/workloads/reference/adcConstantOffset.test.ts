// Why lenet5-mnist scores worse with 7-bit ADCs than with 6-bit ones on neurosim-vgg8
// (docs/accuracy.md, "ADC bits"): a digit's input code x (0..127) enters as u = x + 128, so the
// top input bit-plane drives every row of c1 for every pixel, background included. Its column sums
// are then constants of the weights, one per output channel and weight slice, and their rounding
// error is a per-channel offset that no image averages away, weighted 2^7 x 4^slice. Its size
// depends on where those constants fall between ADC levels, not on the ADC bits alone.
// This test pins that mechanism: on a blank digit the ADC-aware reference's c1 output is the
// integer result shifted by exactly the offset computed here from the weights.
import { describe, expect, it } from 'vitest';
import { loadArch } from '../../../hw/arch/index.js';
import { crossbarConversion } from '../../../hw/mapping/conversion.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { archAt } from '../../../sim/accuracy/index.js';
import { layerRequantizers, requantize } from '../../../workloads/quant/requantize.js';
import { runReference } from '../../../workloads/reference/index.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import type { Conv2dLayer, InputLayer } from '../../../workloads/ir/types.js';

const net = getNetwork('lenet5-mnist');
const c1 = net.layers.find((l) => l.name === 'c1') as Conv2dLayer;
const input = net.layers.find((l) => l.kind === 'input') as InputLayer;

/** The accumulator offset of each c1 channel on a blank digit: the top plane's column sums per
 *  2-bit slice of the stored w + 128, rounded half up to the ADC's LSB (2^(9 - bits) on 128-row
 *  reads of 2-bit cells), each error worth 2^7 x 4^slice. */
function blankOffsets(bits: number): number[] {
  const lsb = 2 ** (9 - bits);
  const perChannel = c1.weights.length / c1.outChannels;
  return Array.from({ length: c1.outChannels }, (_, oc) => {
    let offset = 0;
    for (let slice = 0; slice < 4; slice++) {
      let v = 0;
      for (let i = 0; i < perChannel; i++) v += ((c1.weights[oc * perChannel + i] + 128) >> (2 * slice)) & 3;
      offset += 128 * 4 ** slice * (Math.floor(v / lsb + 0.5) * lsb - v);
    }
    return offset;
  });
}

describe('lenet5-mnist c1 on neurosim-vgg8: a constant offset per channel', () => {
  it.each([5, 6, 7, 8])('on a blank digit, %i-bit ADCs shift each channel by the offset of its constant top-plane sums', (bits) => {
    const arch = archAt(loadArch('neurosim-vgg8'), [{ label: 'adc.bits', path: 'tile.pe.adc.bits', values: [bits] }], [bits]);
    const conversion = crossbarConversion(arch, mapNetwork(net, arch))!;
    const blank = new Int8Array(32 * 32).fill(input.quant.zeroPoint);
    const chip = runReference(net, blank, { keepIntermediates: true, crossbar: conversion }).tensors!.get('c1')!;
    const exact = runReference(net, blank, { keepIntermediates: true }).tensors!.get('c1')!;
    const rq = layerRequantizers(c1, input.quant.scale);
    const offsets = blankOffsets(bits);
    const pixels = 28 * 28;
    for (let oc = 0; oc < c1.outChannels; oc++) {
      // A blank digit's accumulator is the bias alone (x = zero point = 0 everywhere).
      expect(exact.data[oc * pixels + 100]).toBe(requantize(c1.bias[oc], rq[oc]));
      expect(chip.data[oc * pixels + 100]).toBe(requantize(c1.bias[oc] + offsets[oc], rq[oc]));
      // The same at every pixel: the offset is the image's, not the pixel's.
      expect(new Set(chip.data.subarray(oc * pixels, (oc + 1) * pixels)).size).toBe(1);
    }
  });

  it('7-bit ADCs leave a larger worst offset than 6-bit ones on some channels, though their LSB is half as wide', () => {
    const six = blankOffsets(6).map(Math.abs);
    const seven = blankOffsets(7).map(Math.abs);
    expect(seven.some((o, oc) => o > six[oc])).toBe(true);
    expect(Math.max(...blankOffsets(9).map(Math.abs))).toBe(0);
  });
});
