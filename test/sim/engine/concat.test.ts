// Channel concat on the chip (squeezenet-mini: two fire modules concatenating ReLU branches of one
// quantization, one concatenating a ReLU and a linear branch that it requantizes). The engine and
// the functional chip equal the integer reference bit for bit; the analytical model counts the
// same operations the engine tallies; the model's energy agrees within 1% and its interval within
// the tolerance of the residual networks (queueing at a near-saturated ejection port, see below).
// Concats of the network input, of a pool, of a concat, of one tensor twice, as the output, layer by
// layer, duplicated, on a lossy chip and across reload segments stay bit-exact too.
import { describe, expect, test } from 'vitest';
import { loadTech } from '../../../hw/tech/index.js';
import { estimate, measureInputActivity } from '../../../hw/ppa/index.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { FunctionalChip } from '../../../sim/functional/index.js';
import { runReference } from '../../../workloads/reference/index.js';
import { simulatedReport, crosscheckReport } from '../../../traces/report/runReport.js';
import { loadArch, parseArch } from '../../../hw/arch/index.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { LOSSLESS } from '../../losslessArch.js';
import { crossbarConversion } from '../../../hw/mapping/conversion.js';
import { simulate } from '../../../sim/engine/index.js';
import { ZooBuilder } from '../../../workloads/zoo/scales.js';
import type { Network } from '../../../workloads/ir/types.js';
import { expectNearModel, inputsFor, run, runNetwork, crosscheckOf } from './helpers.js';

const IMAGES = 4;
const r = run('squeezenet-mini', { images: IMAGES });
const mapped = mapNetwork(r.net, r.arch);

describe('squeezenet-mini on the lossless preset', () => {
  test('the engine\'s outputs equal the integer reference bit for bit', () => {
    expect(r.compared).toBe(IMAGES * 10);
    expect(r.mismatches).toBe(0);
  });

  test('the functional chip equals the reference bit for bit', () => {
    const chip = new FunctionalChip(r.net, mapped, r.arch, { fidelity: 'exact' });
    inputsFor(r.net, 2).forEach((x, k) => {
      expect(chip.run(x, k)).toEqual(runReference(r.net, x).output.data);
    });
  });

  test('only the concat of mixed quantizations requantizes: all 128 channels of its 8x8 pixels, counted alike by mapping and engine', () => {
    const cats = mapped.layers.filter((l) => l.kind === 'concat');
    expect(cats.map((l) => [l.name, l.engine, l.requantizeOps])).toEqual([
      ['fire2.concat', 'digitalUnit', 0],
      ['fire3.concat', 'digitalUnit', 0],
      // fire4: the linear 3x3 expand (64 channels, zero point 0) and the ReLU 1x1 expand (zero point
      // -128) meet at twice the activation scale: both are requantized.
      ['fire4.concat', 'digitalUnit', 8 * 8 * 128],
    ]);
    for (const l of cats) {
      const engine = r.result.layers.find((e) => e.name === l.name)!;
      expect(engine.tally.requantizeOps / IMAGES).toBe(l.requantizeOps);
    }
  });

  test('the model counts a concat as data movement: one buffer read of every channel per pixel, its output written into its consumers\' buffers, no MVM', () => {
    const analytical = estimate(mapped, r.arch, loadTech(r.arch.tech));
    const bits = r.arch.precision.inputBits;
    const port = r.arch.tile.inputBuffer.bandwidthBitsPerCycle;
    const layer = analytical.layers.find((l) => l.name === 'fire2.concat')!;
    // 16x16 pixels, each fetching 64 channels; the one consumer (fire3.squeeze, a 1x1 conv whose
    // copies span tiles, each reading all 64 channels) keeps the whole tensor on each of its tiles.
    const consumerTiles = mapped.layers.find((l) => l.name === 'fire3.squeeze')!.placement.tiles.length;
    expect(consumerTiles).toBeGreaterThan(1);
    expect(layer.opCounts.bufferReads).toBe(Math.ceil((16 * 16 * 64 * bits) / port));
    expect(layer.opCounts.bufferWrites).toBe(Math.ceil((16 * 16 * 64 * bits) / port) * consumerTiles);
    expect(layer.opCounts.requantizeOps).toBe(0);
    expect([layer.opCounts.crossbarReads, layer.opCounts.adcConversions, layer.opCounts.residualAddOps, layer.opCounts.poolOps]).toEqual([0, 0, 0, 0]);
  });

  test('dynamic energy per component kind agrees with the analytical model within 1.5%, in total within 1%', () => {
    const activity = measureInputActivity(r.net, mapped, r.arch, inputsFor(r.net, IMAGES));
    const analytical = estimate(mapped, r.arch, loadTech(r.arch.tech), { activity });
    const c = crosscheckReport(simulatedReport(r.result, analytical), analytical);
    for (const kind of ['crossbar', 'adc', 'buffer', 'bus', 'router', 'requantize', 'pool']) {
      expect({ kind, ok: Math.abs(c.energyByKindErrPct[kind]!) < 1.5 }).toEqual({ kind, ok: true });
    }
    // Measured +12.7% (ResNet-18 at 32x32 on the same preset: -12.3%; this network with each concat
    // replaced by an add of the same output channels: -5.0%, and +13.4% on 8 images). The model's
    // bound is one maxPool unit (8,192 ns per image); the ejection port of the same tile is busy
    // 7,776 ns, 95% of it, and the queueing there, which a busy-time bound does not see, slows the engine.
    expectNearModel(r.net.name, c, 15, 1, 'dynamicEnergyErrPct');
  });
});

/** Concat where it is awkward: of the network input (written whole, not sent), of a max pool's
 *  output and a concat's, of one tensor twice, and as the network's output; then a dense head. */
function awkward(outputIsConcat: boolean): Network {
  const z = new ZooBuilder('concat-awkward', 5);
  const x = z.input([3, 12, 12]);
  const a = z.conv('a', x, { outChannels: 6, kernel: 3, padding: 1, relu: true });
  const withInput = z.concat('withInput', [x, a]); // the input (scale 2^-7) beside a ReLU conv: both requantized
  const pooled = z.maxPool('pooled', withInput, { kernel: 2 });
  const b = z.conv('b', pooled, { outChannels: 5, kernel: 1, relu: false });
  const nested = z.concat('nested', [pooled, b, b]);
  if (outputIsConcat) return z.build(z.concat('out', [nested, pooled]));
  const head = z.conv('head', nested, { outChannels: 4, kernel: 3, relu: true });
  return z.build(z.dense('fc', z.flatten('flat', head), { outFeatures: 7, relu: false }));
}

describe('concat in awkward places', () => {
  test.each([
    ['a dense head', false, {}],
    ['a concat as the network output', true, {}],
    ['layer by layer', false, { schedule: 'layer-by-layer' as const }],
    ['two copies of every crossbar layer', false, { dup: 2 }],
  ])('%s: the engine and the functional chip equal the reference bit for bit', (_, outputIsConcat, map) => {
    const net = awkward(outputIsConcat);
    const run2 = runNetwork(net, { images: 2, map });
    expect(run2.compared).toBeGreaterThan(0);
    expect(run2.mismatches).toBe(0);
    const chip = new FunctionalChip(net, mapNetwork(net, run2.arch, map), run2.arch, { fidelity: 'exact' });
    inputsFor(net, 2).forEach((x, k) => expect(chip.run(x, k)).toEqual(runReference(net, x).output.data));
  }, 60_000);

  test('the model\'s dynamic energy agrees with the engine\'s within 1% (the input written whole into a concat\'s buffer, nested concats)', () => {
    const net = awkward(false);
    const run2 = runNetwork(net, { images: 2 });
    const c = crosscheckOf(run2);
    for (const name of ['withInput', 'nested']) {
      const layer = c.layers.find((l) => l.name === name)!;
      expect({ name, ok: Math.abs(layer.energyErrPct!) < 1 }).toEqual({ name, ok: true });
    }
    expect(Math.abs(c.dynamicEnergyErrPct!)).toBeLessThan(1);
  });

  test('on a lossy chip in adc fidelity: the engine equals the ADC-aware reference bit for bit', () => {
    const net = awkward(false);
    const arch = loadArch('isaac-adc6');
    const m = mapNetwork(net, arch);
    const inputs = inputsFor(net, 2);
    const engine = simulate({ net, mapped: m, arch, tech: loadTech(arch.tech), inputs, fidelity: 'adc' });
    const conversion = crossbarConversion(arch, m);
    inputs.forEach((x, k) => expect(engine.outputs[k]).toEqual(runReference(net, x, { crossbar: conversion }).output.data));
  }, 60_000);
});

describe('concat across reload segments', () => {
  test('squeezenet-mini on a chip of 2 one-PE tiles: concats read tensors parked by earlier segments and stay bit-exact', () => {
    const base = loadArch(LOSSLESS);
    const arch = parseArch({ ...base, name: `${base.name}-2x1`, chip: { ...base.chip, tiles: 2 }, tile: { ...base.tile, peCount: 1 } }, 'test: small chip');
    const net = getNetwork('squeezenet-mini');
    const m = mapNetwork(net, arch, { reload: true }, loadTech(arch.tech));
    const segmentOf = new Map(m.layers.map((l) => [l.name, l.segment]));
    // Some concat reads an input produced in an earlier segment.
    const crossing = m.layers.filter((l) => l.kind === 'concat' && l.inputs.some((i) => segmentOf.get(i)! < l.segment));
    expect(crossing.length).toBeGreaterThan(0);
    const inputs = inputsFor(net, 2);
    const result = simulate({ net, mapped: m, arch, tech: loadTech(arch.tech), inputs });
    inputs.forEach((x, k) => expect(result.outputs[k]).toEqual(runReference(net, x).output.data));
  }, 60_000);
});
