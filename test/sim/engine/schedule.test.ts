// The layer-by-layer schedule (NeuroSim's pipeline=false): a layer starts only when its producers
// have finished the whole image, and the next image enters only when the last layer is done. Model
// and engine both follow it; the outputs are those of the pipelined run, the energy the same.
import { describe, expect, test } from 'vitest';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { mapNetwork, parseMapFlags } from '../../../hw/mapping/index.js';
import { estimate } from '../../../hw/ppa/index.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { OhmflowError } from '../../../workloads/errors.js';
import { run } from './helpers.js';
import { LOSSLESS } from '../../losslessArch.js';

describe.each(['lenet5', 'vgg8'])('%s layer by layer on the lossless chip', (name) => {
  const arch = loadArch(LOSSLESS);
  const byLayer = run(name, { arch, images: 2, map: { schedule: 'layer-by-layer' } });
  const pipelined = run(name, { arch, images: 2 });
  const r = byLayer.result;
  const layers = byLayer.net.layers;

  test('outputs are bit-exact, as pipelined', () => {
    expect(byLayer.mismatches).toBe(0);
    expect(r.outputs).toEqual(pipelined.result.outputs);
  });

  test('every layer starts after its producers finished the image', () => {
    let checked = 0;
    r.layers.forEach((l, i) => {
      if (l.firstStartPs.length === 0) return;
      for (const input of layers[i].inputs) {
        const p = r.layers.find((x) => x.name === input);
        if (p === undefined || p.lastEndPs.length === 0) continue;
        expect(l.firstStartPs[0]).toBeGreaterThanOrEqual(p.lastEndPs[0]);
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(3);
  });

  test('images do not overlap: image 1 enters after image 0 is out', () => {
    const first = r.layers.find((l) => l.firstStartPs.length > 0)!;
    expect(first.firstStartPs[1]).toBeGreaterThanOrEqual(r.imageEndPs[0]);
  });

  test('slower than pipelined, with the same energy; the model agrees within 15%', () => {
    expect(r.latencyPs).toBeGreaterThan(pipelined.result.latencyPs);
    // The same operations; only NoC routes taken at other times may differ a little.
    expect(Math.abs(r.dynamicEnergyPjPerImage / pipelined.result.dynamicEnergyPjPerImage - 1)).toBeLessThan(0.01);
    const mapped = mapNetwork(byLayer.net, arch, { schedule: 'layer-by-layer' });
    const a = estimate(mapped, arch, loadTech(arch.tech));
    expect(a.intervalNs).toBe(a.latencyNs);
    expect(Math.abs(r.latencyPs / 1e3 / a.latencyNs - 1)).toBeLessThan(0.15);
  });
});

describe('schedule options', () => {
  test('an unknown schedule, or layer-by-layer with reloading, is refused with a fix', () => {
    expect(() => parseMapFlags({ schedule: 'sideways' })).toThrow(OhmflowError);
    expect(() => parseMapFlags({ schedule: 'layer-by-layer', reload: true })).toThrow(/not supported/);
    expect(() => mapNetwork(getNetwork('vgg16', { resolution: 32 }), loadArch(LOSSLESS), { schedule: 'layer-by-layer', reload: true })).toThrow(/layer-by-layer schedule needs every weight on chip/);
    expect(parseMapFlags({ schedule: 'pipelined' }).schedule).toBeUndefined();
  });
});
