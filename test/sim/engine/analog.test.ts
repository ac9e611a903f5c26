// `analog` fidelity: seeded lognormal conductance variation per cell and Gaussian read noise per
// conversion, on top of the ADC. Without variation or noise it is the bit-serial path, hence
// bit-exact on the lossless default chip; with them it is reproducible for a seed, and more
// variation disturbs more outputs. Inputs are real MNIST digits through LeNet-5.
import { describe, expect, test } from 'vitest';
import { loadArch } from '../../../hw/arch/index.js';
import { loadTech } from '../../../hw/tech/index.js';
import { getNetwork } from '../../../workloads/zoo/index.js';
import { mapNetwork } from '../../../hw/mapping/index.js';
import { mnistDigits } from '../../../workloads/datasets/index.js';
import { analogProblem, DEFAULT_ANALOG, simulate, type AnalogParams } from '../../../sim/engine/index.js';
import { functionalReport } from '../../../traces/report/runReport.js';
import { LOSSLESS } from '../../losslessArch.js';

const arch = loadArch(LOSSLESS);
const tech = loadTech(arch.tech);
const net = getNetwork('lenet5');
const mapped = mapNetwork(net, arch);
const inputs = mnistDigits(4, { size: 32 }).map((d) => d.data);

function runAnalog(analog: Partial<AnalogParams>) {
  const r = simulate({ net, mapped, arch, tech, inputs, fidelity: 'analog', analog });
  return { r, fn: functionalReport(net, inputs, r) };
}

describe('analog fidelity on lenet5 with MNIST digits', () => {
  test('with no variation and no read noise it equals the reference bit for bit', () => {
    const { fn } = runAnalog({ conductanceSigma: 0, readNoiseSigma: 0 });
    expect(fn.bitExact).toBe(true);
    expect(fn.top1Agreement).toBe(1);
  }, 60_000);

  test('with the default variation it is reproducible for a seed and differs for another seed', () => {
    const a = runAnalog({ seed: 7 });
    const b = runAnalog({ seed: 7 });
    const c = runAnalog({ seed: 8 });
    expect(b.r.outputs).toEqual(a.r.outputs);
    expect(c.r.outputs).not.toEqual(a.r.outputs);
    expect(a.fn.mismatches).toBeGreaterThan(0);
    expect(a.fn.maxAbsError).toBeGreaterThan(0);
    expect(a.fn.top1Agreement).toBeGreaterThanOrEqual(0);
    expect(a.fn.top1Agreement).toBeLessThanOrEqual(1);
  }, 60_000);

  test('ten times the variation and noise moves the outputs further from the reference', () => {
    const small = runAnalog({ conductanceSigma: 0.02, readNoiseSigma: 0.05 }).fn;
    const large = runAnalog({ conductanceSigma: 0.2, readNoiseSigma: 0.5 }).fn;
    expect(large.maxAbsError).toBeGreaterThan(small.maxAbsError);
    expect(large.mismatches).toBeGreaterThanOrEqual(small.mismatches);
  }, 60_000);

  test('the defaults are documented values and bad ones are refused', () => {
    expect(DEFAULT_ANALOG.conductanceSigma).toBe(0.05);
    expect(DEFAULT_ANALOG.readNoiseSigma).toBe(0.1);
    expect(analogProblem({ ...DEFAULT_ANALOG, conductanceSigma: -1 })).toMatch(/conductance sigma/);
    expect(analogProblem({ ...DEFAULT_ANALOG, readNoiseSigma: Number.NaN })).toMatch(/read noise/);
    expect(analogProblem(DEFAULT_ANALOG)).toBeUndefined();
  });
});
