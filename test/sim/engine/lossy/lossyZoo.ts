// Shared by the lossy-preset tests: a zoo network simulated in `adc` fidelity on a lossy chip
// against the ADC-aware reference (workloads/reference/adcAware.ts), which rebuilds every read and
// conversion on its own. Small input sizes; networks that do not fit the chip run reloaded.
import { expect, test } from 'vitest';
import { getNetwork } from '../../../../workloads/zoo/index.js';
import { loadArch } from '../../../../hw/arch/index.js';
import { adcLossless } from '../../../../hw/arch/lossless.js';
import { loadTech } from '../../../../hw/tech/index.js';
import { mapNetwork, type MappedNetwork, type MappingScheme } from '../../../../hw/mapping/index.js';
import { OhmflowError } from '../../../../workloads/errors.js';
import { runReference } from '../../../../workloads/reference/index.js';
import { simulate } from '../../../../sim/engine/index.js';
import { crossbarConversion } from '../../../../hw/mapping/conversion.js';
import { inputsFor } from '../helpers.js';

/** Every zoo network at the smallest input its layers allow (AlexNet needs 64). */
export const ZOO_SMALL: readonly [string, number | undefined][] = [
  ['mlp', undefined], ['lenet5', undefined], ['vgg8', undefined], ['vgg13', 32], ['vgg16', 32],
  ['alexnet', 64], ['resnet18', 32], ['resnet34', 32], ['resnet50', 32], ['resnet101', 32],
];

/** The mapping, or undefined when the network does not fit the chip without reloading. */
function mapsWeightStationary(map: () => MappedNetwork): MappedNetwork | undefined {
  try {
    return map();
  } catch (e) {
    if (e instanceof OhmflowError) return undefined;
    throw e;
  }
}

export function lossyZooTests(preset: string, nets: readonly [string, number | undefined][] = ZOO_SMALL, mapping: MappingScheme = 'im2col'): void {
  test(`${preset} is lossy: the integer reference cannot be the check (${mapping})`, () => {
    expect(adcLossless(loadArch(preset)).lossless).toBe(false);
  });
  test.each(nets)(`%s at %s on ${preset} (${mapping}) equals the ADC-aware reference bit for bit`, (name, resolution) => {
    const arch = loadArch(preset);
    const net = getNetwork(name, resolution === undefined ? {} : { resolution });
    const mapped = mapsWeightStationary(() => mapNetwork(net, arch, { mapping })) ?? mapNetwork(net, arch, { mapping, reload: true });
    const inputs = inputsFor(net, 1);
    const result = simulate({ net, mapped, arch, tech: loadTech(arch.tech), inputs, fidelity: 'adc' });
    const conversion = crossbarConversion(arch, mapped)!;
    const expected = runReference(net, inputs[0], { crossbar: conversion }).output.data;
    const integer = runReference(net, inputs[0]).output.data;
    expect(result.outputs[0]).toEqual(expected);
    // The conversions really lose information here, so matching the ADC-aware reference means something.
    expect(Array.from(expected).some((v, i) => v !== integer[i])).toBe(true);
  }, 240_000);
}
