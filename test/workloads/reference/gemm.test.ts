// The reference's WebAssembly GEMM path (conv2dGemm, denseGemm) against the scalar loops it
// replaced (conv2dScalar, denseScalar), which stay as the oracle: bit for bit on random layers and
// on every conv and dense layer of every zoo network, fed the tensors the network really produces.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NetworkBuilder } from '../../../workloads/ir/builder.js';
import { validateNetwork } from '../../../workloads/ir/validate.js';
import type { Conv2dLayer, DenseLayer, Network, Tensor } from '../../../workloads/ir/types.js';
import { conv2dScalar } from '../../../workloads/reference/conv2d.js';
import { conv2dGemm } from '../../../workloads/reference/conv2dGemm.js';
import { denseScalar } from '../../../workloads/reference/dense.js';
import { denseGemm } from '../../../workloads/reference/denseGemm.js';
import { runReference } from '../../../workloads/reference/execute.js';
import { getNetwork, listNetworks } from '../../../workloads/zoo/registry.js';
import { randomInt8Input } from '../../../workloads/datasets/random.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 24) - 128;
}

/** Every conv/dense layer of `net` on `image`: the GEMM's output equals the scalar loop's. */
function expectLayersAgree(net: Network, image: Int8Array): number {
  const shapes = validateNetwork(net);
  const tensors = runReference(net, image, { keepIntermediates: true }).tensors!;
  let checked = 0;
  for (const layer of net.layers) {
    if (layer.kind !== 'conv2d' && layer.kind !== 'dense') continue;
    const input = tensors.get(layer.inputs[0])!;
    const fast = layer.kind === 'conv2d' ? conv2dGemm(layer, input, shapes.get(layer.name)!) : denseGemm(layer, input);
    const slow = layer.kind === 'conv2d' ? conv2dScalar(layer, input, shapes.get(layer.name)!) : denseScalar(layer, input);
    const depthwise = layer.kind === 'conv2d' && layer.outChannels / layer.groups < 4;
    if (depthwise) continue;
    expect(fast, `${net.name}/${layer.name} ran on the GEMM`).toBeDefined();
    expect(Buffer.from(fast!.data.buffer).equals(Buffer.from(slow.data.buffer)), `${net.name}/${layer.name}`).toBe(true);
    // runReference's own output for the layer came through the same dispatch.
    expect(Buffer.from(tensors.get(layer.name)!.data.buffer).equals(Buffer.from(slow.data.buffer)), `${net.name}/${layer.name} in runReference`).toBe(true);
    checked++;
  }
  return checked;
}

describe('reference GEMM path', () => {
  it('equals the scalar conv loop on random shapes, strides, dilations, padding, groups and zero points', () => {
    const params = fc.record({
      groups: fc.integer({ min: 1, max: 2 }), icg: fc.integer({ min: 1, max: 9 }), ocg: fc.integer({ min: 4, max: 11 }),
      inH: fc.integer({ min: 1, max: 9 }), inW: fc.integer({ min: 1, max: 9 }),
      k: fc.integer({ min: 1, max: 3 }), s: fc.integer({ min: 1, max: 2 }), pad: fc.integer({ min: 0, max: 2 }), d: fc.integer({ min: 1, max: 3 }),
      zx: fc.integer({ min: -128, max: 127 }), zy: fc.integer({ min: -128, max: 127 }), relu: fc.boolean(), perChannel: fc.boolean(),
      seed: fc.integer(),
    }).filter((p) => p.inH + 2 * p.pad >= (p.k - 1) * p.d + 1 && p.inW + 2 * p.pad >= (p.k - 1) * p.d + 1);
    fc.assert(fc.property(params, (p) => {
      const next = lcg(p.seed);
      const inC = p.icg * p.groups;
      const outC = p.ocg * p.groups;
      const b = new NetworkBuilder('t');
      b.input('in', [inC, p.inH, p.inW], { scale: 2 ** -2, zeroPoint: p.zx });
      b.conv2d('c', 'in', {
        outChannels: outC, kernel: p.k, stride: p.s, padding: p.pad, groups: p.groups, dilation: [p.d, p.d],
        weights: Int8Array.from({ length: outC * p.icg * p.k * p.k }, next), bias: Array.from({ length: outC }, () => next() * 300),
        weightQuant: p.perChannel
          ? { scales: Array.from({ length: outC }, (_, i) => (2 * i + 1) * 2 ** -9), zeroPoints: Array.from({ length: outC }, next) }
          : { scales: [3 * 2 ** -9], zeroPoints: [next()] },
        outQuant: { scale: 2 ** -4, zeroPoint: p.zy }, relu: p.relu,
      });
      const net = b.build();
      const x = Int8Array.from({ length: inC * p.inH * p.inW }, next);
      const layer = net.layers[1] as Conv2dLayer;
      const input: Tensor = { shape: [inC, p.inH, p.inW], data: x, quant: { scale: 2 ** -2, zeroPoint: p.zx } };
      const outShape = validateNetwork(net).get('c')!;
      const fast = conv2dGemm(layer, input, outShape);
      expect(fast).toBeDefined();
      expect([...fast!.data]).toEqual([...conv2dScalar(layer, input, outShape).data]);
    }), { numRuns: 200 });
  });

  it('equals the scalar dense loop, across weight slices (1100 outputs of 4096 inputs)', () => {
    const next = lcg(7);
    const b = new NetworkBuilder('t');
    b.input('in', [4096], { scale: 2 ** -2, zeroPoint: 5 });
    b.dense('d', 'in', {
      outFeatures: 1100, weights: Int8Array.from({ length: 4096 * 1100 }, next), bias: Array.from({ length: 1100 }, () => next() * 1000),
      weightQuant: { scales: [2 ** -12], zeroPoints: [-3] }, outQuant: { scale: 2 ** -4, zeroPoint: 0 },
    });
    const net = b.build();
    const layer = net.layers[1] as DenseLayer;
    const input: Tensor = { shape: [4096], data: Int8Array.from({ length: 4096 }, next), quant: { scale: 2 ** -2, zeroPoint: 5 } };
    const slow = denseScalar(layer, input);
    // Not a degenerate case: the outputs spread over many codes.
    expect(new Set(slow.data).size).toBeGreaterThan(20);
    expect([...denseGemm(layer, input)!.data]).toEqual([...slow.data]);
    // Later calls reuse the packed weights: still the scalar loop's outputs, input after input.
    for (let i = 0; i < 3; i++) {
      const again: Tensor = { ...input, data: Int8Array.from({ length: 4096 }, next) };
      expect([...denseGemm(layer, again)!.data]).toEqual([...denseScalar(layer, again).data]);
    }
  });

  it('a conv of one output pixel reuses its packed weights and requantizers: still the scalar loop, input after input and at another input scale', () => {
    const next = lcg(11);
    const b = new NetworkBuilder('t');
    b.input('in', [16, 5, 5], { scale: 2 ** -2, zeroPoint: 3 });
    b.conv2d('c', 'in', {
      outChannels: 24, kernel: 5, weights: Int8Array.from({ length: 24 * 16 * 25 }, next), bias: Array.from({ length: 24 }, () => next() * 300),
      weightQuant: { scales: Array.from({ length: 24 }, (_, i) => (i + 1) * 2 ** -16), zeroPoints: Array.from({ length: 24 }, next) },
      outQuant: { scale: 2 ** -3, zeroPoint: -4 },
    });
    const net = b.build();
    const layer = net.layers[1] as Conv2dLayer;
    const outShape = validateNetwork(net).get('c')!;
    expect(outShape).toEqual([24, 1, 1]);
    for (const scale of [2 ** -2, 2 ** -2, 2 ** -2, 2 ** -4]) {
      const input: Tensor = { shape: [16, 5, 5], data: Int8Array.from({ length: 400 }, next), quant: { scale, zeroPoint: 3 } };
      const slow = conv2dScalar(layer, input, outShape);
      expect(new Set(slow.data).size).toBeGreaterThan(5);
      expect([...conv2dGemm(layer, input, outShape)!.data]).toEqual([...slow.data]);
    }
  });

  it('leaves weights whose zero point takes them off int16 to the scalar loop', () => {
    const b = new NetworkBuilder('t');
    b.input('in', [1, 3, 3]);
    b.conv2d('c', 'in', { outChannels: 4, kernel: 1, weights: [1, 2, 3, 4] });
    // Validation keeps zero points in int8, so only a layer built by hand can get here.
    const built = b.build().layers[1] as Conv2dLayer;
    const layer: Conv2dLayer = { ...built, weightQuant: { scales: [1], zeroPoints: [40000] } };
    const input: Tensor = { shape: [1, 3, 3], data: new Int8Array(9), quant: { scale: 1, zeroPoint: 0 } };
    expect(conv2dGemm(layer, input, [4, 3, 3])).toBeUndefined();
  });

  // Small resolutions keep the scalar oracle quick; ResNet-18 runs at full size below.
  for (const entry of listNetworks()) {
    it(`equals the scalar loops on every conv and dense layer of ${entry.name}`, () => {
      const net = getNetwork(entry.name, entry.resolutionOverridable ? { resolution: entry.name === 'alexnet' ? 64 : 32 } : {});
      const input = net.layers.find((l) => l.kind === 'input')!;
      expect(expectLayersAgree(net, randomInt8Input(input.kind === 'input' ? input.shape : [], 3))).toBeGreaterThan(0);
    }, 120_000);
  }

  it('equals the scalar loops on ResNet-18 at 224x224', () => {
    const net = getNetwork('resnet18', { resolution: 224 });
    expect(expectLayersAgree(net, randomInt8Input([3, 224, 224], 5))).toBe(21);
  }, 300_000);
});
