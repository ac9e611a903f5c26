// The counter-based read noise of analog fidelity (sim/engine/compute/readNoise.ts) and the
// conversion that draws it only when it can matter (adcConversion.ts): the draws are standard
// normal and bounded, and skipping draws gives the codes of drawing every one.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { READ_NOISE_Z_MAX, ReadNoise, readNoiseDraw, readNoiseInterval } from '../../../../sim/engine/compute/readNoise.js';
import { AdcConverter, noisyAdcCode } from '../../../../sim/engine/compute/adcConversion.js';
import { readEffects } from '../../../../sim/engine/compute/device.js';
import { DEFAULT_ANALOG } from '../../../../sim/engine/compute/analog.js';

function moments(draws: Float64Array): { mean: number; variance: number; kurtosis: number; tail196: number } {
  const n = draws.length;
  const mean = draws.reduce((s, z) => s + z, 0) / n;
  let m2 = 0;
  let m4 = 0;
  let tail = 0;
  for (const z of draws) {
    const d = (z - mean) ** 2;
    m2 += d;
    m4 += d * d;
    if (Math.abs(z) > 1.959964) tail++;
  }
  return { mean, variance: m2 / n, kurtosis: m4 / n / (m2 / n) ** 2, tail196: tail / n };
}

describe('read noise draws', () => {
  const N = 400_000;

  test.each([0, 1, -7, 0x7fffffff])('key %i: mean 0, variance 1, kurtosis 3, 5 percent beyond 1.96, each within its sampling tolerance', (key) => {
    const draws = Float64Array.from({ length: N }, (_, i) => readNoiseDraw(key, i));
    const m = moments(draws);
    // Standard errors at N = 400,000: mean 0.0016, variance 0.0022, kurtosis 0.0077, tail 0.00034; about 4-5 of each.
    expect(Math.abs(m.mean)).toBeLessThan(0.007);
    expect(Math.abs(m.variance - 1)).toBeLessThan(0.01);
    expect(Math.abs(m.kurtosis - 3)).toBeLessThan(0.04);
    expect(Math.abs(m.tail196 - 0.05)).toBeLessThan(0.0015);
  });

  test('neighbouring indices and neighbouring keys are uncorrelated', () => {
    let lag = 0;
    let keys = 0;
    let sq = 0;
    for (let i = 0; i < N; i++) {
      const z = readNoiseDraw(3, i);
      lag += z * readNoiseDraw(3, i + 1);
      keys += z * readNoiseDraw(4, i);
      sq += z * z;
    }
    // Correlation standard error 1 / sqrt(N) = 0.0016.
    expect(Math.abs(lag / sq)).toBeLessThan(0.007);
    expect(Math.abs(keys / sq)).toBeLessThan(0.007);
  });

  test('indices beyond 2^32 draw afresh, not the draws of index mod 2^32', () => {
    const low = Array.from({ length: 64 }, (_, i) => readNoiseDraw(9, i));
    const high = Array.from({ length: 64 }, (_, i) => readNoiseDraw(9, 2 ** 32 + i));
    expect(high.filter((z, i) => z === low[i])).toHaveLength(0);
  });

  test('no draw can exceed the bound: the largest radius a 32-bit uniform gives is below it', () => {
    const largestRadius = Math.sqrt(-2 * Math.log(1 - (2 ** 32 - 1) / 2 ** 32));
    expect(largestRadius).toBeLessThan(READ_NOISE_Z_MAX);
    expect(largestRadius).toBeGreaterThan(READ_NOISE_Z_MAX - 0.01);
    let max = 0;
    for (let i = 0; i < N; i++) max = Math.max(max, Math.abs(readNoiseDraw(11, i)));
    expect(max).toBeLessThan(READ_NOISE_Z_MAX);
  });

  test('the interval holds the draw, is one-sided for all but the draws near a quarter turn, and is tight at small radii', () => {
    const range = new Float64Array(2);
    let oneSided = 0;
    let withinPercent = 0;
    let nearEndClose = 0;
    let tightSmall = 0;
    let small = 0;
    for (let i = 0; i < N; i++) {
      const z = readNoiseDraw(13, i);
      readNoiseInterval(13, i, range);
      expect(range[0] <= z && z <= range[1]).toBe(true);
      // The series and Taylor bounds leave most intervals within 1% of the draw's size (a linear
      // bound on the cosine, or sqrt(2u / (1 - u)) on the radius, would leave most tens of percent).
      if (range[1] - range[0] <= 0.01 * Math.abs(z)) withinPercent++;
      if (range[0] >= 0 || range[1] <= 0) {
        oneSided++;
        // The end nearer 0 bounds |z| from below: sqrt(2u) of the radius, 2 / pi of the cosine at worst.
        if (Math.min(Math.abs(range[0]), Math.abs(range[1])) >= Math.abs(z) / 3) nearEndClose++;
      }
      // Small radii (u near 0) have the tightest bounds.
      if (Math.abs(z) < 0.1) {
        small++;
        if (range[1] - range[0] < 0.11) tightSmall++;
      }
    }
    // 2 x 2^21 of the 2^32 angles are left two-sided: 0.1%.
    expect(oneSided / N).toBeGreaterThan(0.998);
    expect(withinPercent / N).toBeGreaterThan(0.8);
    expect(nearEndClose / N).toBeGreaterThan(0.9);
    expect(tightSmall / small).toBeGreaterThan(0.05);
  });

  test('a stream hands out consecutive index ranges and starts over when reseeded', () => {
    const s = new ReadNoise(5);
    expect(s.take(10)).toBe(0);
    expect(s.take(4)).toBe(10);
    expect(s.draw(12)).toBe(readNoiseDraw(5, 12));
    s.reseed(6);
    expect(s.take(1)).toBe(0);
    expect(s.draw(0)).toBe(readNoiseDraw(6, 0));
  });
});

describe('conversions skip only the draws that cannot change the code', () => {
  const effects = fc.record({
    readNoiseSigma: fc.constantFrom(0, 0.1, 0.5, 3),
    c2cSigma: fc.constantFrom(0, 0.05, 0.3),
    adcGainError: fc.constantFrom(0, -0.3, 0.07),
    adcOffsetLsb: fc.constantFrom(0, 0.25, -1.5),
    onOffRatio: fc.constantFrom(Infinity, 20),
  });

  test('the code equals the code with both draws made, over values near and far from the ADC steps', () => {
    fc.assert(fc.property(
      effects, fc.constantFrom(0, 1, 4), fc.constantFrom(7, 31, 255), fc.integer({ min: -2, max: 300 }), fc.double({ min: -1.5, max: 1.5, noNaN: true }),
      fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 2 ** 40 }),
      (device, lsbShift, topCode, step, offset, ones, index) => {
        const read = readEffects({ ...DEFAULT_ANALOG, ...device }, 3);
        const lsb = 2 ** lsbShift;
        const convert = new AdcConverter(read, lsb, topCode);
        // v about an ADC decision threshold: offset (in LSBs) from where code `step` begins.
        const v = Math.max(0, ((step - 0.5 - read.offsetLsb + offset) * lsb) / read.gain);
        const noise = new ReadNoise(index % 1000);
        const skipped = noisyAdcCode(convert, v, ones, noise, index, read.c2cSigma > 0);
        expect(skipped).toBe(convert.code(v, ones, noise.draw(index), noise.draw(index + 1)));
      },
    ), { numRuns: 20_000 });
  });

  test('far from a step no draw is made; across a step with noise, draws are made and move the code', () => {
    const read = readEffects({ ...DEFAULT_ANALOG, readNoiseSigma: 0.5 }, 3);
    const convert = new AdcConverter(read, 16, 31);
    const drawn: number[] = [];
    const noise = new (class extends ReadNoise {
      override draw(i: number): number {
        drawn.push(i);
        return super.draw(i);
      }
    })(1);
    expect(noisyAdcCode(convert, 16 * 3, 10, noise, 0, false)).toBe(3);
    expect(drawn).toEqual([]);
    const codes = new Set<number>();
    for (let i = 0; i < 200; i += 2) codes.add(noisyAdcCode(convert, 16 * 2.5, 10, noise, i, false));
    expect([...codes].sort()).toEqual([2, 3]);
    // Only the read-noise draw (the odd index) without c2c.
    expect(drawn.every((i) => i % 2 === 1)).toBe(true);
  });
});
