// validateNetwork rejects malformed networks with an OhmflowError that names the offending layer.
import { describe, expect, it } from 'vitest';
import { validateNetwork } from '../../../workloads/ir/validate.js';
import { NetworkBuilder, UNIT_QUANT, UNIT_WEIGHT_QUANT } from '../../../workloads/ir/builder.js';
import { OhmflowError } from '../../../workloads/errors.js';
import type { Conv2dLayer, Layer, Network } from '../../../workloads/ir/types.js';

function conv(name: string, inputs: string[], over: Partial<Conv2dLayer> = {}): Conv2dLayer {
  return {
    kind: 'conv2d', name, inputs, outChannels: 2, kernel: [1, 1], stride: [1, 1], padding: [0, 0, 0, 0], groups: 1,
    weights: new Int8Array(2), bias: new Int32Array(2), weightQuant: UNIT_WEIGHT_QUANT, outQuant: UNIT_QUANT, relu: false,
    ...over,
  };
}
const input: Layer = { kind: 'input', name: 'in', inputs: [], shape: [1, 4, 4], quant: UNIT_QUANT };
const net = (layers: Layer[], output = layers[layers.length - 1].name): Network => ({ name: 't', layers, output });

function errorOf(n: Network): OhmflowError {
  try {
    validateNetwork(n);
  } catch (e) {
    expect(e).toBeInstanceOf(OhmflowError);
    return e as OhmflowError;
  }
  throw new Error('expected validateNetwork to throw');
}

describe('validateNetwork', () => {
  it('accepts a well-formed network and returns every shape', () => {
    const shapes = validateNetwork(net([input, conv('c', ['in'])]));
    expect(shapes.get('c')).toEqual([2, 4, 4]);
  });

  it('names the add layer on a shape mismatch', () => {
    const e = errorOf(net([input, conv('a', ['in']), conv('b', ['in'], { stride: [2, 2] }),
      { kind: 'add', name: 'sum', inputs: ['a', 'b'], outQuant: UNIT_QUANT, relu: false }]));
    expect(e.field).toBe('sum');
    expect(e.message).toMatch(/shape mismatch.*\[2, 4, 4\].*\[2, 2, 2\]/);
  });

  it('names the layer with a dangling input', () => {
    const e = errorOf(net([input, conv('c', ['nowhere'])]));
    expect(e.field).toBe('c');
    expect(e.message).toMatch(/dangling input 'nowhere'/);
  });

  it('names a layer of a cycle and prints the cycle', () => {
    const e = errorOf(net([input, conv('a', ['b']), conv('b', ['a'])]));
    expect(['a', 'b']).toContain(e.field);
    expect(e.message).toMatch(/cycle: (a -> b -> a|b -> a -> b)/);
  });

  it('rejects layers out of topological order', () => {
    const e = errorOf(net([input, conv('b', ['a']), conv('a', ['in'])], 'b'));
    expect(e.field).toBe('b');
    expect(e.message).toMatch(/topological/);
  });

  it('rejects duplicate names, zero or two inputs, and wrong arity', () => {
    expect(errorOf(net([input, conv('c', ['in']), conv('c', ['in'])])).field).toBe('c');
    expect(errorOf(net([conv('c', [])])).message).toMatch(/takes 1 input|exactly one input/);
    expect(errorOf(net([input, { ...input, name: 'in2' } as Layer])).message).toMatch(/exactly one input layer, found 2/);
    expect(errorOf(net([input, { kind: 'relu', name: 'r', inputs: ['in', 'in'] }])).field).toBe('r');
  });

  it('checks weight and bias sizes against the shapes', () => {
    const e = errorOf(net([input, conv('c', ['in'], { weights: new Int8Array(3) })]));
    expect(e.field).toBe('c');
    expect(e.message).toMatch(/weights have 3 entries, expected 2/);
    expect(errorOf(net([input, conv('c', ['in'], { bias: new Int32Array(1) })])).message).toMatch(/bias/);
  });

  it('checks that groups divide the channels', () => {
    const e = errorOf(net([input, conv('c', ['in'], { groups: 2 })]));
    expect(e.field).toBe('c');
    expect(e.message).toMatch(/groups 2 must divide/);
  });

  it('checks quantization parameters are in range', () => {
    expect(errorOf(net([input, conv('c', ['in'], { outQuant: { scale: 1, zeroPoint: 128 } })])).message).toMatch(/zero point/);
    expect(errorOf(net([input, conv('c', ['in'], { outQuant: { scale: 0, zeroPoint: 0 } })])).message).toMatch(/scale/);
    expect(errorOf(net([input, conv('c', ['in'], { weightQuant: { scales: [1, 1, 1], zeroPoints: [0, 0, 0] } })])).message)
      .toMatch(/1 or 2 entries/);
  });

  it('checks a fused clamp is int8 codes with min <= max', () => {
    expect(() => validateNetwork(net([input, conv('c', ['in'], { clamp: { min: -128, max: 64 } })]))).not.toThrow();
    for (const clamp of [{ min: 5, max: 4 }, { min: -129, max: 0 }, { min: 0, max: 128 }, { min: 0.5, max: 3 }]) {
      const error = errorOf(net([input, conv('c', ['in'], { clamp })]));
      expect(error.field).toBe('c');
      expect(error.message).toMatch(/clamp/);
    }
    expect(errorOf(net([input, conv('c', ['in'], { relu: true, outQuant: { scale: 1, zeroPoint: 10 }, clamp: { min: -128, max: 9 } })])).message).toMatch(/below the output zero point/);
  });

  it('names the layer whose kernel does not fit the input', () => {
    const e = errorOf(net([input, conv('big', ['in'], { kernel: [5, 5], weights: new Int8Array(50) })]));
    expect(e.field).toBe('big');
  });

  it('asks for a flatten before a dense layer on a feature map', () => {
    const b = new NetworkBuilder('t');
    b.input('in', [1, 2, 2]);
    expect(() => b.dense('fc', 'in', { outFeatures: 1, weights: [1, 1, 1, 1] })).toThrow(/flatten/);
  });
});
