// The functional chip (outputs without timing) computes what the engine computes: exact and adc
// outputs equal the engine's and the references bit for bit, on im2col, kernel-split, residual and
// hybrid (digital MAC) networks; analog without variation or noise equals adc; analog outputs do
// not depend on the number of worker threads, and noise differs between images.
import { describe, expect, test } from 'vitest';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { mapNetwork, type MapOptions } from '../../../hw/mapping/index.js';
import { crossbarConversion } from '../../../hw/mapping/conversion.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { runReference } from '../../../workloads/reference/index.js';
import { simulate, type Fidelity } from '../../../sim/engine/index.js';
import { FunctionalChip, runFunctional } from '../../../sim/functional/index.js';
import { inputsFor } from '../engine/helpers.js';
import { LOSSLESS } from '../../losslessArch.js';

function both(netName: string, archName: string, fidelity: Fidelity, map: Partial<MapOptions> = {}, resolution?: number) {
  const net = getNetwork(netName, resolution === undefined ? {} : { resolution });
  const arch = loadArch(archName);
  const mapped = mapNetwork(net, arch, map);
  const inputs = inputsFor(net, 2);
  const engine = simulate({ net, mapped, arch, tech: loadTech(arch.tech), inputs, fidelity });
  const chip = new FunctionalChip(net, mapped, arch, { fidelity });
  return { net, arch, mapped, inputs, engine: engine.outputs, functional: inputs.map((x, k) => chip.run(x, k)) };
}

describe('functional chip', () => {
  test.each([
    ['lenet5', LOSSLESS, 'exact', {}],
    ['vgg8', LOSSLESS, 'exact', { mapping: 'kernel-split' }],
    ['resnet18', LOSSLESS, 'exact', {}, 32],
    ['lenet5', 'neurosim-vgg8', 'adc', {}],
    ['vgg8', 'neurosim-vgg8', 'adc', { mapping: 'kernel-split' }],
    ['resnet18', 'isaac-adc6', 'adc', {}, 32],
  ] as const)('%s on %s (%s): equals the engine and the reference bit for bit', (name, archName, fidelity, map, resolution?: number) => {
    const r = both(name, archName, fidelity, map as Partial<MapOptions>, resolution);
    expect(r.functional).toEqual(r.engine);
    const conversion = fidelity === 'adc' ? crossbarConversion(r.arch, r.mapped) : undefined;
    r.inputs.forEach((x, k) => expect(r.functional[k]).toEqual(runReference(r.net, x, { crossbar: conversion }).output.data));
  }, 120_000);

  test('hybrid tiles: layers on digital MAC lanes equal the engine', () => {
    const r = both('lenet5', 'aero-hybrid', 'exact', { digital: ['c1', 'f6'] });
    expect(r.mapped.layers.filter((l) => l.engine === 'digitalMac').map((l) => l.name)).toEqual(['c1', 'f6']);
    expect(r.functional).toEqual(r.engine);
  }, 120_000);

  test('analog without variation and noise equals adc; with them, images draw their own noise and any thread count gives the same outputs', async () => {
    const net = getNetwork('lenet5');
    const arch = loadArch('neurosim-vgg8');
    const mapped = mapNetwork(net, arch);
    const inputs = inputsFor(net, 4);
    const adc = new FunctionalChip(net, mapped, arch, { fidelity: 'adc' });
    const quiet = new FunctionalChip(net, mapped, arch, { fidelity: 'analog', analog: { conductanceSigma: 0, readNoiseSigma: 0 } });
    inputs.forEach((x, k) => expect(quiet.run(x, k)).toEqual(adc.run(x, k)));
    const work = { net, mapped, arch, options: { fidelity: 'analog' as const, analog: { seed: 3, readNoiseSigma: 2 } } };
    const one = await runFunctional(work, inputs, 1);
    const two = await runFunctional(work, inputs, 2);
    expect(two).toEqual(one);
    // The same image under another index draws other noise.
    const chip = new FunctionalChip(net, mapped, arch, work.options);
    expect(chip.run(inputs[0], 0)).toEqual(one[0]);
    expect(chip.run(inputs[0], 1)).not.toEqual(one[0]);
  }, 120_000);
});
