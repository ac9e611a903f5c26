// The device non-idealities of `analog` fidelity (sim/engine/compute/device.ts), from the arch's
// device section: each one at its ideal value gives the adc result bit for bit, and turning it up
// moves the outputs away from the adc result, never closer, on average over seeds (LeNet-5 on the
// lossless chip, where adc equals the integer reference).
import { describe, expect, test } from 'vitest';
import { getNetwork } from '../../../../workloads/zoo/index.js';
import { loadArch, parseArch } from '../../../../hw/arch/index.js';
import { mapNetwork } from '../../../../hw/mapping/index.js';
import { FunctionalChip } from '../../../../sim/functional/index.js';
import { IDEAL_DEVICE, type AnalogParams } from '../../../../sim/engine/compute/analog.js';
import { analogParamsFor, analogReport, cellProgrammer, offLevels, programmingKey } from '../../../../sim/engine/compute/device.js';
import { NormalStream } from '../../../../sim/engine/compute/analog.js';
import { Random } from '../../../../sim/kernel/index.js';
import { presetJson } from '../../../hw/arch/presetJson.js';
import { LOSSLESS } from '../../../losslessArch.js';
import { inputsFor } from '../helpers.js';

const net = getNetwork('lenet5');
const arch = loadArch(LOSSLESS);
const mapped = mapNetwork(net, arch, {});
const inputs = inputsFor(net, 2);
const adcOutputs = inputs.map((x) => new FunctionalChip(net, mapped, arch, { fidelity: 'adc' }).run(x));
const NO_NOISE = { conductanceSigma: 0, readNoiseSigma: 0 };

function analogOutputs(analog: Partial<AnalogParams>): Int8Array[] {
  const chip = new FunctionalChip(net, mapped, arch, { fidelity: 'analog', analog });
  return inputs.map((x, i) => chip.run(x, i));
}

/** Mean |analog - adc| per output value, over the images and seeds 1 and 2. */
function meanError(analog: Partial<AnalogParams>): number {
  let err = 0;
  let n = 0;
  for (const seed of [1, 2]) {
    analogOutputs({ ...NO_NOISE, ...analog, seed }).forEach((o, i) => {
      for (let j = 0; j < o.length; j++) err += Math.abs(o[j] - adcOutputs[i][j]);
      n += o.length;
    });
  }
  return err / n;
}

describe('each non-ideality at its ideal value changes nothing', () => {
  test('every device field at its ideal value, given explicitly, gives the adc outputs bit for bit', () => {
    expect(analogOutputs({ ...NO_NOISE, ...IDEAL_DEVICE })).toEqual(adcOutputs);
  });

  test.each([
    ['d2dSigma', { conductanceSigma: 0 }], ['c2cSigma', { c2cSigma: 0 }], ['stuck-at rates', { stuckAt0Rate: 0, stuckAt1Rate: 0 }],
    ['drift', { driftNu: 0, driftNuSigma: 0, driftTimeS: 1e6 }], ['ADC errors', { adcGainError: 0, adcOffsetLsb: 0 }],
    ['IR drop', { wireResistanceOhm: 0, lrsResistanceOhm: 1e4 }], ['read noise', { readNoiseSigma: 0 }],
  ])('%s off', (_name, off) => {
    expect(analogOutputs({ ...NO_NOISE, ...off })).toEqual(adcOutputs);
  });
});

describe('turning a non-ideality up degrades the outputs monotonically on average over seeds', () => {
  const sweeps: Array<[string, Array<Partial<AnalogParams>>]> = [
    ['d2d variation', [0, 0.05, 0.1, 0.2].map((s) => ({ conductanceSigma: s }))],
    ['c2c variation', [0, 0.05, 0.1, 0.2].map((s) => ({ c2cSigma: s }))],
    ['on/off ratio (falling)', [Infinity, 100, 20, 5].map((r) => ({ onOffRatio: r }))],
    ['stuck-at-0 rate', [0, 0.01, 0.05, 0.2].map((r) => ({ stuckAt0Rate: r }))],
    ['stuck-at-1 rate', [0, 0.01, 0.05, 0.2].map((r) => ({ stuckAt1Rate: r }))],
    ['drift after 10^4 s', [0, 0.005, 0.01, 0.02].map((nu) => ({ driftNu: nu, driftTimeS: 1e4 }))],
    ['read noise', [0, 0.3, 1, 3].map((s) => ({ readNoiseSigma: s }))],
    ['ADC gain error', [0, 0.02, 0.05, 0.1].map((g) => ({ adcGainError: g }))],
    ['ADC offset', [0, 0.3, 1, 2].map((o) => ({ adcOffsetLsb: o }))],
    ['IR drop (wire ohms per cell, 10 kohm cells)', [0, 1, 3, 10].map((r) => ({ wireResistanceOhm: r, lrsResistanceOhm: 1e4 }))],
  ];
  test.each(sweeps)('%s', (_name, levels) => {
    const errors = levels.map(meanError);
    expect(errors[0]).toBe(0);
    for (let k = 1; k < errors.length; k++) expect(errors[k], `level ${k}: ${errors.join(', ')}`).toBeGreaterThanOrEqual(errors[k - 1]);
    expect(errors[errors.length - 1]).toBeGreaterThan(0);
  }, 30_000);
});

describe('the device section of the arch', () => {
  test('feeds analog fidelity, flags override it, and absent fields keep the defaults', () => {
    const json = presetJson(LOSSLESS);
    json.device = { d2dSigma: 0.2, stuckAt1Rate: 0.01, onOffRatio: 50 };
    const a = analogParamsFor(parseArch(json, 'device.json'), { conductanceSigma: 0.1 });
    expect(a).toMatchObject({ conductanceSigma: 0.1, stuckAt1Rate: 0.01, onOffRatio: 50, readNoiseSigma: 0.1, c2cSigma: 0 });
  });

  test('IR drop without the cell resistance is refused, naming the field', () => {
    const json = presetJson(LOSSLESS);
    json.device = { wireResistanceOhm: 2 };
    expect(() => parseArch(json, 'ir.json')).toThrow(/device\.lrsResistanceOhm[\s\S]*fix:/);
  });

  test('the report leaves out infinite values, which JSON cannot hold', () => {
    const r = analogReport(analogParamsFor(arch));
    expect(r.onOffRatio).toBeUndefined();
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

describe('cell programming', () => {
  const a = (p: Partial<AnalogParams>): AnalogParams => analogParamsFor(arch, { ...NO_NOISE, ...p });
  const draws = () => new NormalStream(new Random(5));

  test('level 0 conducts L / (ratio - 1), so the top level over level 0 is the on/off ratio', () => {
    const p = cellProgrammer(a({ onOffRatio: 10 }), 3, 128, draws(), 0, 0);
    expect(offLevels(a({ onOffRatio: 10 }), 3)).toBeCloseTo(3 / 9, 12);
    expect(p.conductance(3, 0, 0) / p.conductance(0, 0, 0)).toBeCloseTo(10, 9);
    expect(p.skipsZero).toBe(false);
  });

  test('drift scales a cell by (t / 1 s)^-nu', () => {
    const p = cellProgrammer(a({ driftNu: 0.1, driftTimeS: 1000 }), 3, 128, draws(), 0, 0);
    expect(p.conductance(2, 0, 0)).toBeCloseTo(2 * 1000 ** -0.1, 12);
  });

  test('IR drop attenuates a cell the more wire lies between it and its driver and sense amplifier', () => {
    const p = cellProgrammer(a({ wireResistanceOhm: 5, lrsResistanceOhm: 1e4 }), 3, 128, draws(), 0, 0);
    const near = p.conductance(3, 127, 0);
    const far = p.conductance(3, 0, 127);
    expect(near).toBeCloseTo(3 / (1 + 3 * (5 / (3 * 1e4)) * 1), 12);
    expect(far).toBeLessThan(near);
  });

  test('stuck-at rates of 1 pin every cell', () => {
    const sa1 = cellProgrammer(a({ stuckAt1Rate: 1 }), 3, 128, draws(), 0, 0);
    const sa0 = cellProgrammer(a({ stuckAt0Rate: 1 }), 3, 128, draws(), 0, 0);
    expect([0, 1, 2, 3].map((l) => sa1.conductance(l, 0, 0))).toEqual([3, 3, 3, 3]);
    expect([0, 1, 2, 3].map((l) => sa0.conductance(l, 0, 0))).toEqual([0, 0, 0, 0]);
  });
});

describe('programmingKey', () => {
  const base: AnalogParams = { ...analogParamsFor(arch), seed: 5, conductanceSigma: 0.1 };
  const draws = (a: AnalogParams): number[] => {
    const p = cellProgrammer(a, 3, 128, new NormalStream(new Random(9)), 1, 0);
    return [0, 1, 2, 3, 3, 2].map((level, i) => p.conductance(level, i, i));
  };
  test('read-only fields leave it, and the conductances drawn, unchanged; the field order does not matter', () => {
    const readSide = { ...base, readNoiseSigma: 0.4, c2cSigma: 0.05, adcOffsetLsb: 0.3, adcGainError: 0.01 };
    expect(programmingKey(readSide, 3, 128)).toBe(programmingKey(base, 3, 128));
    expect(draws(readSide)).toEqual(draws(base));
    const reordered = Object.fromEntries(Object.entries(base).reverse()) as unknown as AnalogParams;
    expect(programmingKey(reordered, 3, 128)).toBe(programmingKey(base, 3, 128));
  });
  test('the seed, a programming field, the levels or the rows change it', () => {
    const key = programmingKey(base, 3, 128);
    for (const other of [{ ...base, seed: 6 }, { ...base, conductanceSigma: 0.2 }, { ...base, stuckAt0Rate: 0.01 }, { ...base, driftNu: 0.01 }]) {
      expect(programmingKey(other, 3, 128)).not.toBe(key);
    }
    expect(programmingKey(base, 1, 128)).not.toBe(key);
    expect(programmingKey(base, 3, 64)).not.toBe(key);
  });
});
