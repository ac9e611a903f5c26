// A zoo skeleton (describeNetwork) is the full network (getNetwork) minus its weight arrays: same
// layers, shapes and output quantization, and the same MAC and parameter counts, for every network.
import { describe, expect, it } from 'vitest';
import { describeNetwork, getNetwork, listNetworks } from '../../../workloads/zoo/registry.js';
import { countMacs, countParams, layerParams, layerParamsFromShape, macsByLayer } from '../../../workloads/ir/counts.js';
import { inferShapes } from '../../../workloads/ir/shapes.js';
import { NetworkBuilder } from '../../../workloads/ir/builder.js';
import { OhmflowError } from '../../../workloads/errors.js';
import type { Layer } from '../../../workloads/ir/types.js';

/** Reduced input so the full builds stay fast; large enough for every network's shapes. */
const RESOLUTION_PX = 64;

/** A layer as a skeleton has it: without the parameter arrays. */
function withoutParameters(layer: Layer): object {
  if (layer.kind !== 'conv2d' && layer.kind !== 'dense') return layer;
  const { weights: _w, bias: _b, weightQuant: _q, ...rest } = layer;
  return rest;
}

describe('zoo skeletons', () => {
  for (const { name } of listNetworks()) {
    it(`${name}: the skeleton is the full network without weight arrays, with equal counts`, () => {
      const full = getNetwork(name, { resolution: RESOLUTION_PX });
      const skeleton = describeNetwork(name, { resolution: RESOLUTION_PX });
      expect(skeleton.name).toBe(full.name);
      expect(skeleton.output).toBe(full.output);
      expect(skeleton.layers).toEqual(full.layers.map(withoutParameters));
      for (const layer of skeleton.layers) expect(layer).not.toHaveProperty('weights');

      expect(countMacs(skeleton)).toBe(countMacs(full));
      expect(countParams(skeleton)).toBe(countParams(full));
      expect(countParams(skeleton, { batchNorm: false })).toBe(countParams(full, { batchNorm: false }));
      expect(macsByLayer(skeleton)).toEqual(macsByLayer(full));
      expect(inferShapes(skeleton)).toEqual(inferShapes(full));
      // Per layer, the count from geometry equals the count from the arrays' lengths.
      const shapes = inferShapes(full);
      for (const layer of full.layers) {
        const inShape = layer.inputs.length > 0 ? shapes.get(layer.inputs[0]) : undefined;
        expect(layerParamsFromShape(layer, inShape)).toBe(layerParams(layer));
      }
    }, 60_000);
  }

  it('count the published figures at the standard input size without generating weights', () => {
    // VGG-16 at 224x224: 138 M weights when built in full; the skeleton has none to generate.
    const vgg16 = describeNetwork('vgg16');
    expect(countMacs(vgg16)).toBe(15_470_264_320);
    expect(countParams(vgg16)).toBe(138_357_544);
    const resnet50 = describeNetwork('resnet50');
    expect(countMacs(resnet50)).toBe(4_089_184_256);
    expect(countParams(resnet50)).toBe(25_557_032);
  });

  it('reject unknown names and bad resolutions as getNetwork does', () => {
    expect(() => describeNetwork('resnet19')).toThrow(/resnet18, resnet34/);
    expect(() => describeNetwork('resnet18', { resolution: 0 })).toThrow(OhmflowError);
  });

  it('cannot be built as a full network once a layer was added without weights', () => {
    const b = new NetworkBuilder('partial');
    const x = b.input('input', [1, 4, 4]);
    b.conv2dSkeleton('conv', x, { outChannels: 2, kernel: 3 });
    expect(() => b.build()).toThrow(/'conv' was added without weights/);
    expect(b.buildSkeleton().layers.map((l) => l.name)).toEqual(['input', 'conv']);
  });
});
