// import(export(net)) gives back the same network: layers, weights, biases and quantization.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportOnnx, writeOnnx } from '../../../workloads/onnx/export.js';
import { importOnnx } from '../../../workloads/onnx/import.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import type { Layer, Network } from '../../../workloads/ir/types.js';
import { buildNetwork, recipeArbitrary } from './random-network.js';
import { fuzzSeed } from '../../fuzzSeed.js';

/** Splits off weights and bias, which are compared as bytes (deep equality is slow on millions of values). */
function split(layer: Layer): { rest: object; arrays: Uint8Array[] } {
  if (layer.kind !== 'conv2d' && layer.kind !== 'dense') return { rest: layer, arrays: [] };
  const { weights, bias, ...rest } = layer;
  return {
    rest,
    arrays: [new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength), new Uint8Array(bias.buffer, bias.byteOffset, bias.byteLength)],
  };
}

// Scales compare exactly: ONNX stores float32, and the zoo's and the generator's scales are float32 values.
function expectSameNetwork(actual: Network, expected: Network): void {
  expect(actual.output).toBe(expected.output);
  expect(actual.layers.map((l) => l.name)).toEqual(expected.layers.map((l) => l.name));
  actual.layers.forEach((layer, i) => {
    const a = split(layer);
    const e = split(expected.layers[i]);
    expect(a.rest).toEqual(e.rest);
    expect(a.arrays.length).toBe(e.arrays.length);
    a.arrays.forEach((bytes, k) => expect(Buffer.compare(bytes, e.arrays[k]), `${layer.name} ${k === 0 ? 'weights' : 'bias'}`).toBe(0));
  });
}

describe('import(export(net)) equals net', () => {
  for (const [name, resolution] of [['mlp', undefined], ['lenet5', undefined], ['vgg8', undefined], ['resnet18', 32]] as const) {
    it(`zoo ${name}`, () => {
      const net = getNetwork(name, resolution ? { resolution } : {});
      expectSameNetwork(importOnnx(exportOnnx(net), { name: net.name }), net);
    }, 60_000);
  }

  it('random networks', () => {
    fc.assert(
      fc.property(recipeArbitrary, (recipe) => {
        const net = buildNetwork(recipe);
        expectSameNetwork(importOnnx(exportOnnx(net), { name: net.name }), net);
      }),
      { numRuns: 150, seed: fuzzSeed(7) },
    );
  });

  it('through a file written by writeOnnx', () => {
    const net = getNetwork('lenet5');
    const path = join(mkdtempSync(join(tmpdir(), 'ohmflow-onnx-')), 'lenet5.onnx');
    writeOnnx(path, net);
    expectSameNetwork(importOnnx(path, { name: net.name }), net);
  });

  it('keeps the network name from the graph', () => {
    const net = getNetwork('lenet5');
    expect(importOnnx(exportOnnx(net)).name).toBe(net.name);
  });
});
