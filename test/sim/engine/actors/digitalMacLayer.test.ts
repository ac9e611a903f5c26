// The digital MAC layer actor (sim/engine/actors/digitalMacLayer.ts): layers sent to the digital
// MAC PEs of hybrid tiles (AERO, --digital) compute exactly with integer MACs, take ceil(MACs per
// pixel / macsPerCycle) cycles per pixel on each PE, and are charged the digital MAC energy of
// hw/components per MAC. Hand-computed times use the aero-hybrid chip: 1 GHz, 2 digital MAC PEs of
// 64 MACs a cycle per tile, 256-bit input-buffer ports (2), a 512-bit bus, 4 requantizers.
import { describe, expect, test } from 'vitest';
import { Simulator } from '../../../../sim/kernel/index.js';
import { buildGraph } from '../../../../sim/engine/build.js';
import { DigitalMacLayerActor } from '../../../../sim/engine/actors/digitalMacLayer.js';
import { simulate } from '../../../../sim/engine/index.js';
import { loadArch } from '../../../../hw/arch/index.js';
import { loadTech } from '../../../../hw/tech/index.js';
import { mapNetwork } from '../../../../hw/mapping/index.js';
import { digitalMacCost } from '../../../../hw/components/index.js';
import { ZooBuilder } from '../../../../workloads/zoo/index.js';
import { runReference } from '../../../../workloads/reference/index.js';
import type { Network } from '../../../../workloads/ir/types.js';
import { LOSSLESS } from '../../../losslessArch.js';
import { inputsFor, registeredStats, run } from '../helpers.js';

const arch = loadArch('aero-hybrid');
const pes = arch.tile.digitalMacPes!;

describe('lenet5 on aero-hybrid with c1 and f6 on digital MAC PEs', () => {
  const r = run('lenet5', { arch, images: 2, map: { digital: ['c1', 'f6'] } });
  const c1 = r.result.layers.find((l) => l.name === 'c1')!;
  const f6 = r.result.layers.find((l) => l.name === 'f6')!;

  test('runs them digitally and stays bit-exact', () => {
    expect(c1.engine).toBe('digitalMac');
    expect(f6.engine).toBe('digitalMac');
    expect(r.mismatches).toBe(0);
  });

  test('charges one digital MAC per multiply-accumulate, at the component energy', () => {
    const perMacPj = digitalMacCost({ operandBits: pes.operandBits, clockHz: arch.clockHz }, loadTech(arch.tech)).energyPjPerOp;
    // c1: 6 x 28 x 28 outputs of 5 x 5 taps; f6: 84 x 120.
    expect(c1.energyPjByKind.digitalMac).toBeCloseTo(6 * 28 * 28 * 25 * perMacPj, 3);
    expect(f6.energyPjByKind.digitalMac).toBeCloseTo(84 * 120 * perMacPj, 3);
    expect(c1.energyPjByKind.crossbar ?? 0).toBe(0);
  });

  test('a PE takes ceil(MACs per pixel / macsPerCycle) cycles per pixel', () => {
    const cyclePs = 1e12 / arch.clockHz;
    const pixelPs = Math.ceil((6 * 25) / pes.macsPerCycle) * cyclePs;
    const lanes = c1.duplication * pes.count;
    // The busiest PE does at least its share of the 784 pixels.
    expect(c1.stagePs).toBeGreaterThanOrEqual(Math.ceil(784 / lanes) * pixelPs);
    expect(c1.stagePs).toBeLessThan(784 * pixelPs);
  });
});

const NS = 1000;

/** One conv of 16 3x3 filters over an 8 x 3 x `w` input (no padding), on the digital MAC PEs:
 *  8 x 9 x 16 = 1152 MACs, 18 cycles at 64 a cycle, for each of its w - 2 pixels. */
function oneConv(w: number): Network {
  const z = new ZooBuilder('one-conv', 5);
  z.conv('a', z.input([8, 3, w]), { outChannels: 16, kernel: 3, relu: true });
  return z.build('a');
}

function runOne(w: number) {
  const net = oneConv(w);
  const mapped = mapNetwork(net, arch, { digital: ['a'] });
  const inputs = inputsFor(net, 1);
  const result = simulate({ net, mapped, arch, tech: loadTech(arch.tech), inputs });
  return { mapped, result, reference: runReference(net, inputs[0]).output.data, a: result.layers.find((l) => l.name === 'a')! };
}

describe('a conv on the digital MAC PEs, timed by hand', () => {
  test('a lone pixel is the input written, the window fetched over the bus, ceil(MACs / macsPerCycle) cycles, requantize with ReLU, and the output written', () => {
    // 576 input bits: 3 cycles to write; fetched through a 256-bit port (3 cycles) onto the 512-bit
    // bus (2); 1152 MACs: 18 cycles; 16 channels on 4 requantizers: 4; 128 bits out: 1.
    const { result, reference, a } = runOne(3);
    expect(a.engine).toBe('digitalMac');
    expect(result.outputs[0]).toEqual(reference);
    expect(result.latencyPs).toBe(3 * NS + 3 * NS + 18 * NS + 4 * NS + NS);
    expect(a.tally).toMatchObject({ digitalMacs: 1152, busBits: 576, bufferReadBits: 576 });
  });

  test('the PEs of a tile are lanes working at once: two pixels run side by side, the second fetched once the bus is free', () => {
    // Pixel 1's window waits 2 cycles for the bus (pixel 0's transfer), so it ends 2 cycles later and
    // its requantization queues behind pixel 0's until 32 ns; written out at 33.
    const { result, reference, a } = runOne(4);
    expect(result.outputs[0]).toEqual(reference);
    expect(result.latencyPs).toBe(33 * NS);
    expect(a.stagePs).toBe(18 * NS);
  });

  test('each PE runs its pixels one after another: four pixels on two PEs keep each busy for two', () => {
    const { result, reference, a } = runOne(6);
    expect(result.outputs[0]).toEqual(reference);
    expect(a.stagePs).toBe(2 * 18 * NS);
  });
});

describe('its lanes and bands', () => {
  test('each tile of its placement is a band (its own line buffer) whose lanes are the tile\'s digital MAC PEs', () => {
    const net = oneConv(6);
    const mapped = mapNetwork(net, arch, { digital: ['a'] });
    const g = buildGraph(new Simulator(), net, mapped, arch, 'exact');
    const a = g.actors.find((x) => x?.mapped.name === 'a')!;
    expect(a).toBeInstanceOf(DigitalMacLayerActor);
    const tiles = mapped.layers.find((l) => l.name === 'a')!.placement.tiles;
    expect(a.bands.map((b) => b.tile)).toEqual(tiles);
    for (const b of a.bands) expect(b.lanes.map((l) => l.tile)).toEqual([b.tile, b.tile]);
    expect((a as DigitalMacLayerActor).pixelPs).toBe(18 * NS);
  });

  test('a layer mapped to digital MAC PEs is refused on a chip without them', () => {
    const net = oneConv(3);
    const mapped = mapNetwork(net, arch, { digital: ['a'] });
    expect(() => buildGraph(new Simulator(), net, mapped, loadArch(LOSSLESS), 'exact')).toThrow(/layer a is on digital MAC PEs but arch rram-lossless-32nm has none/);
  });

  test('the statistics registered are those the declaration lists', () => {
    const sim = new Simulator();
    const net = oneConv(3);
    const g = buildGraph(sim, net, mapNetwork(net, arch, { digital: ['a'] }), arch, 'exact');
    expect(registeredStats(sim, g.actors.find((x) => x?.mapped.name === 'a')!.name)).toEqual(DigitalMacLayerActor.declaration.stats);
  });
});
