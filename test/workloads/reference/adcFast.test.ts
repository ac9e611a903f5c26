// The ADC-aware reference's fast paths (adcConvFast.ts on its WebAssembly kernel, adcDenseFast.ts)
// against the scalar loops they replaced (adcConv2d, adcDense), which stay as the oracle: bit for
// bit on random layers and chips (ADC bits, rows per read, cell and DAC bits, offset and
// differential weights, 8- and 16-bit precisions, flip encoding, partial row groups, im2col and kernel-split, groups packed
// or not, strides, padding, dilations) and on the crossbar layers of zoo networks on the lossy
// presets, fed the tensors the networks really produce.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NetworkBuilder } from '../../../workloads/ir/builder.js';
import { validateNetwork } from '../../../workloads/ir/validate.js';
import type { Conv2dLayer, DenseLayer, Tensor } from '../../../workloads/ir/types.js';
import { adcConv2d, adcDense, type AdcModel, type ReadPlan } from '../../../workloads/reference/adcAware.js';
import { adcConv2dFast } from '../../../workloads/reference/adcConvFast.js';
import { adcDenseFast } from '../../../workloads/reference/adcDenseFast.js';
import { adcDenseKernel } from '../../../workloads/reference/adcDenseKernel.js';
import { adcConv2dChannelLanes, LANE_PIXELS_MAX } from '../../../workloads/reference/adcConvLanes.js';
import { runReference } from '../../../workloads/reference/execute.js';
import { getNetwork } from '../../../workloads/zoo/registry.js';
import { randomInt8Input } from '../../../workloads/datasets/random.js';
import { loadArch } from '../../../hw/arch/index.js';
import { mapNetwork, type MappingScheme } from '../../../hw/mapping/index.js';
import { crossbarConversion } from '../../../hw/mapping/conversion.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 24) - 128;
}

/** A chip's conversion: rangeBits as the chip's (bits of a read's largest column sum), plus `rangeExtra`. */
const chip = fc.record({
  cellBits: fc.integer({ min: 1, max: 3 }), dacBits: fc.integer({ min: 1, max: 2 }), adcBits: fc.integer({ min: 2, max: 9 }),
  activeRows: fc.integer({ min: 1, max: 128 }), arraySpare: fc.integer({ min: 0, max: 40 }), rangeExtra: fc.integer({ min: -1, max: 1 }),
  differential: fc.boolean(), flip: fc.boolean(), kernelSplit: fc.boolean(), sixteenBit: fc.boolean(),
}).map((c) => {
  // u8 lanes: a read's plane sums stay under 256.
  const activeRows = Math.min(c.activeRows, Math.floor(255 / (2 ** c.dacBits - 1)));
  const required = Math.ceil(Math.log2(activeRows * (2 ** c.dacBits - 1) * (2 ** c.cellBits - 1) + 1));
  const model: AdcModel = {
    // 16-bit precisions (ISAAC's) take the kernel's variant with int32 weights.
    weightBits: c.sixteenBit ? 16 : 8, inputBits: c.sixteenBit ? 16 : 8,
    cellBits: c.cellBits, dacBits: c.dacBits, adcBits: c.adcBits, rangeBits: Math.max(1, required + c.rangeExtra),
    encoding: c.differential ? 'differential' : 'offset', flip: c.flip,
  };
  return { model, activeRows, arrayRows: activeRows + c.arraySpare, kernelSplit: c.kernelSplit };
});

describe('ADC-aware reference fast paths', () => {
  it('the conv kernel equals the scalar loop on random layers and chips', () => {
    const layerParams = fc.record({
      groups: fc.integer({ min: 1, max: 2 }), packed: fc.boolean(), icg: fc.integer({ min: 1, max: 40 }), ocg: fc.integer({ min: 1, max: 6 }),
      inH: fc.integer({ min: 1, max: 7 }), inW: fc.integer({ min: 1, max: 7 }),
      k: fc.integer({ min: 1, max: 3 }), s: fc.integer({ min: 1, max: 2 }), pad: fc.integer({ min: 0, max: 2 }), d: fc.integer({ min: 1, max: 2 }),
      zx: fc.integer({ min: -128, max: 127 }), perChannel: fc.boolean(), seed: fc.integer(),
    }).filter((p) => p.inH + 2 * p.pad >= (p.k - 1) * p.d + 1 && p.inW + 2 * p.pad >= (p.k - 1) * p.d + 1);
    let lossy = 0;
    fc.assert(fc.property(layerParams, chip, (p, c) => {
      const next = lcg(p.seed);
      const inC = p.icg * p.groups;
      const outC = p.ocg * p.groups;
      const b = new NetworkBuilder('t');
      b.input('in', [inC, p.inH, p.inW], { scale: 2 ** -2, zeroPoint: p.zx });
      b.conv2d('c', 'in', {
        outChannels: outC, kernel: p.k, stride: p.s, padding: p.pad, groups: p.groups, dilation: [p.d, p.d],
        weights: Int8Array.from({ length: outC * p.icg * p.k * p.k }, next), bias: Array.from({ length: outC }, () => next() * 300),
        weightQuant: p.perChannel
          ? { scales: Array.from({ length: outC }, (_, i) => (2 * i + 1) * 2 ** -12), zeroPoints: Array.from({ length: outC }, next) }
          : { scales: [3 * 2 ** -12], zeroPoints: [next()] },
        outQuant: { scale: 2 ** -4, zeroPoint: 3 },
      });
      const net = b.build();
      const layer = net.layers[1] as Conv2dLayer;
      const x = Int8Array.from({ length: inC * p.inH * p.inW }, next);
      const input: Tensor = { shape: [inC, p.inH, p.inW], data: x, quant: { scale: 2 ** -2, zeroPoint: p.zx } };
      const outShape = validateNetwork(net).get('c')!;
      const plan: ReadPlan = {
        scheme: c.kernelSplit ? 'kernel-split' : 'im2col', arrayRows: c.arrayRows, activeRows: c.activeRows, groupsPerPack: p.packed ? p.groups : 1,
      };
      const fast = adcConv2dFast(layer, input, outShape, c.model, plan);
      expect(fast).toBeDefined();
      const slow = adcConv2d(layer, input, outShape, c.model, plan);
      expect([...fast!.data]).toEqual([...slow.data]);
      if (new Set(slow.data).size > 1) lossy++;
    }), { numRuns: 300 });
    // Not a degenerate sample: most layers' outputs spread over several codes.
    expect(lossy).toBeGreaterThan(150);
  });

  it('the conv with channels in the lanes equals the scalar loop on random layers and chips', () => {
    // Channel counts over 16 and multiples of 4 taps: partial and whole blocks of lanes, both packings of the weights.
    const layerParams = fc.record({
      ic: fc.integer({ min: 1, max: 40 }), oc: fc.integer({ min: 1, max: 40 }), inH: fc.integer({ min: 1, max: 10 }), inW: fc.integer({ min: 1, max: 10 }),
      k: fc.integer({ min: 1, max: 3 }), s: fc.integer({ min: 1, max: 2 }), pad: fc.integer({ min: 0, max: 1 }),
      zx: fc.integer({ min: -128, max: 127 }), perChannel: fc.boolean(), seed: fc.integer(),
    }).filter((p) => p.inH + 2 * p.pad >= p.k && p.inW + 2 * p.pad >= p.k);
    let onLanes = 0;
    fc.assert(fc.property(layerParams, chip, (p, c) => {
      const next = lcg(p.seed);
      const b = new NetworkBuilder('t');
      b.input('in', [p.ic, p.inH, p.inW], { scale: 2 ** -2, zeroPoint: p.zx });
      b.conv2d('c', 'in', {
        outChannels: p.oc, kernel: p.k, stride: p.s, padding: p.pad,
        weights: Int8Array.from({ length: p.oc * p.ic * p.k * p.k }, next), bias: Array.from({ length: p.oc }, () => next() * 300),
        weightQuant: p.perChannel
          ? { scales: Array.from({ length: p.oc }, (_, i) => (2 * i + 1) * 2 ** -12), zeroPoints: Array.from({ length: p.oc }, next) }
          : { scales: [3 * 2 ** -12], zeroPoints: [next()] },
        outQuant: { scale: 2 ** -4, zeroPoint: 3 },
      });
      const net = b.build();
      const layer = net.layers[1] as Conv2dLayer;
      const data = Int8Array.from({ length: p.ic * p.inH * p.inW }, next);
      const input: Tensor = { shape: [p.ic, p.inH, p.inW], data, quant: { scale: 2 ** -2, zeroPoint: p.zx } };
      const outShape = validateNetwork(net).get('c')!;
      const plan: ReadPlan = { scheme: c.kernelSplit ? 'kernel-split' : 'im2col', arrayRows: c.arrayRows, activeRows: c.activeRows, groupsPerPack: 1 };
      const lanes = adcConv2dChannelLanes(layer, input, outShape, c.model, plan);
      // The lanes take 1-bit DACs without flip encoding, a stored value's slices in 16 bits, 16 slices at most, few pixels.
      const perWeight = Math.ceil(c.model.weightBits / c.model.cellBits);
      const slices = (c.model.encoding === 'differential' ? 2 : 1) * perWeight;
      const unfit = c.model.flip || c.model.dacBits !== 1 || perWeight * c.model.cellBits > 16 || slices > 16
        || (outShape[1] * outShape[2] > LANE_PIXELS_MAX && p.oc < 16);
      expect(lanes === undefined).toBe(unfit);
      if (lanes === undefined) return;
      onLanes++;
      expect([...lanes.data]).toEqual([...adcConv2d(layer, input, outShape, c.model, plan).data]);
    }), { numRuns: 300 });
    // Not a degenerate sample: a good share of the chips run on the lanes.
    expect(onLanes).toBeGreaterThan(40);
  });

  it('the dense paths (on the kernel, and in TypeScript) equal the scalar loop on random layers and chips', () => {
    const params = fc.record({
      inF: fc.integer({ min: 1, max: 700 }), outF: fc.integer({ min: 1, max: 40 }), zx: fc.integer({ min: -128, max: 127 }),
      perChannel: fc.boolean(), seed: fc.integer(),
    });
    fc.assert(fc.property(params, chip, (p, c) => {
      const next = lcg(p.seed);
      const b = new NetworkBuilder('t');
      b.input('in', [p.inF], { scale: 2 ** -2, zeroPoint: p.zx });
      b.dense('d', 'in', {
        outFeatures: p.outF, weights: Int8Array.from({ length: p.inF * p.outF }, next), bias: Array.from({ length: p.outF }, () => next() * 300),
        weightQuant: p.perChannel
          ? { scales: Array.from({ length: p.outF }, () => 2 ** -12), zeroPoints: Array.from({ length: p.outF }, next) }
          : { scales: [2 ** -12], zeroPoints: [next()] },
        outQuant: { scale: 2 ** -4, zeroPoint: 0 },
      });
      const layer = b.build().layers[1] as DenseLayer;
      const input: Tensor = { shape: [p.inF], data: Int8Array.from({ length: p.inF }, next), quant: { scale: 2 ** -2, zeroPoint: p.zx } };
      const plan: ReadPlan = { scheme: 'im2col', arrayRows: c.arrayRows, activeRows: c.activeRows, groupsPerPack: 1 };
      const slow = [...adcDense(layer, input, c.model, plan).data];
      const fast = adcDenseFast(layer, input, c.model, plan);
      expect(fast).toBeDefined();
      expect([...fast!.data]).toEqual(slow);
      // The kernel takes 1-bit DACs without flip encoding, a stored value's slices in 16 bits, 16 slices at most.
      const onKernel = adcDenseKernel(layer, input, c.model, plan);
      const perWeight = Math.ceil(c.model.weightBits / c.model.cellBits);
      const slices = (c.model.encoding === 'differential' ? 2 : 1) * perWeight;
      expect(onKernel === undefined).toBe(c.model.flip || c.model.dacBits !== 1 || perWeight * c.model.cellBits > 16 || slices > 16);
      if (onKernel !== undefined) expect([...onKernel.data]).toEqual(slow);
    }), { numRuns: 300 });
  });

  it('leaves a chip whose read sums overflow the kernel\'s u8 lanes to the scalar loop', () => {
    const b = new NetworkBuilder('t');
    b.input('in', [1, 3, 3]);
    b.conv2d('c', 'in', { outChannels: 4, kernel: 1, weights: [1, 2, 3, 4] });
    const layer = b.build().layers[1] as Conv2dLayer;
    const input: Tensor = { shape: [1, 3, 3], data: new Int8Array(9), quant: { scale: 1, zeroPoint: 0 } };
    const model: AdcModel = { weightBits: 8, inputBits: 8, cellBits: 2, dacBits: 1, adcBits: 5, rangeBits: 10, encoding: 'offset', flip: false };
    expect(adcConv2dFast(layer, input, [4, 3, 3], model, { scheme: 'im2col', arrayRows: 256, activeRows: 256, groupsPerPack: 1 })).toBeUndefined();
  });

  const zoo: [string, string, MappingScheme, number | undefined][] = [
    ['lenet5', 'neurosim-vgg8', 'im2col', undefined], ['vgg8', 'neurosim-vgg8', 'kernel-split', undefined], ['resnet18', 'neurosim-vgg8', 'im2col', 32],
    ['lenet5', 'isaac-adc6', 'im2col', undefined], ['mlp', 'rram-slc-differential', 'im2col', undefined], ['lenet5', 'rram-slc-differential', 'im2col', undefined],
  ];
  it.each(zoo)('%s on %s (%s): every crossbar layer equals the scalar loop', (name, preset, mapping, resolution) => {
    const arch = loadArch(preset);
    const net = getNetwork(name, resolution === undefined ? {} : { resolution });
    const conversion = crossbarConversion(arch, mapNetwork(net, arch, { mapping, reload: true }))!;
    const input = net.layers.find((l) => l.kind === 'input')!;
    const shapes = validateNetwork(net);
    const tensors = runReference(net, randomInt8Input(input.kind === 'input' ? input.shape : [], 3), { keepIntermediates: true, crossbar: conversion }).tensors!;
    let checked = 0;
    for (const layer of net.layers) {
      const plan = conversion.plans.get(layer.name);
      if (plan === undefined || (layer.kind !== 'conv2d' && layer.kind !== 'dense')) continue;
      const x = tensors.get(layer.inputs[0])!;
      const fast = layer.kind === 'conv2d'
        ? adcConv2dFast(layer, x, shapes.get(layer.name)!, conversion.model, plan)
        : adcDenseKernel(layer, x, conversion.model, plan) ?? adcDenseFast(layer, x, conversion.model, plan);
      const slow = layer.kind === 'conv2d' ? adcConv2d(layer, x, shapes.get(layer.name)!, conversion.model, plan) : adcDense(layer, x, conversion.model, plan);
      expect(fast, `${name}/${layer.name} ran on the fast path`).toBeDefined();
      expect(Buffer.from(fast!.data.buffer).equals(Buffer.from(slow.data.buffer)), `${name}/${layer.name}`).toBe(true);
      // runReference's own output for the layer came through the same dispatch.
      expect(Buffer.from(tensors.get(layer.name)!.data.buffer).equals(Buffer.from(slow.data.buffer)), `${name}/${layer.name} in runReference`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(1);
  }, 240_000);
});
