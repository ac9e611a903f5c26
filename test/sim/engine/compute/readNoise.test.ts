// The counter-based noise of analog fidelity (sim/engine/compute/readNoise.ts) and the
// conversion that draws it only when it can matter (adcConversion.ts): c2c draws are standard
// normal and bounded; read noise is a normal rounded to raw units, drawn by inverting one hash
// through tail counts; skipping draws gives the codes of drawing every one.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { READ_NOISE_Z_MAX, ReadNoise, rawNoiseOf, readNoiseDraw, readNoiseHash, readNoiseSteps, type ReadNoiseSteps } from '../../../../sim/engine/compute/readNoise.js';
import { AdcConverter, noisyAdcCode, rawReadNoise } from '../../../../sim/engine/compute/adcConversion.js';
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

  test('a stream hands out consecutive index ranges and starts over when reseeded', () => {
    const s = new ReadNoise(5);
    expect(s.take(10)).toBe(0);
    expect(s.take(4)).toBe(10);
    expect(s.draw(12)).toBe(readNoiseDraw(5, 12));
    s.reseed(6);
    expect(s.take(1)).toBe(0);
    expect(s.draw(0)).toBe(readNoiseDraw(6, 0));
    const steps = readNoiseSteps(25.6);
    expect(s.raw(3, steps)).toBe(rawNoiseOf(readNoiseHash(6, 3), steps));
  });
});

/** The normal's mass beyond z: Simpson's rule on one fine grid from z to 12 sigma (not
 *  readNoiseSteps' per-unit panels summed inward). */
function upperTail(z: number): number {
  const n = 2 * Math.ceil((12 - z) / 2e-4);
  const h = (12 - z) / n;
  const f = (x: number) => Math.exp(-0.5 * x * x);
  let sum = f(z) + f(12);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * f(z + i * h);
  return (sum * h) / 3 / Math.sqrt(2 * Math.PI);
}

/** The definition read plainly: C[k] = 2^32 Phi((k + 0.5) / sigma) rounded (the mirror of
 *  C[-k - 1] below 0), and the draw of hash h is the k with C[k - 1] <= h < C[k], by a scan. */
function referenceRaw(h: number, steps: ReadNoiseSteps): number {
  const tail = (j: number) => (j < steps.tail.length ? steps.tail[j] : 0);
  const C = (k: number) => (k >= 0 ? 2 ** 32 - tail(k + 1) : tail(-k));
  let k = -steps.reach - 1;
  while (!(C(k - 1) <= h && h < C(k))) k++;
  return k;
}

describe('read noise in raw units', () => {
  test.each([0.4, 3, 25.6, 128])('sigma %f raw units: the tail counts are the normal\'s masses beyond j - 0.5, rounded', (sigma) => {
    const steps = readNoiseSteps(sigma);
    expect(steps.tail[steps.reach + 1]).toBe(0);
    for (let j = 1; j <= steps.reach; j++) {
      expect(steps.tail[j]).toBeGreaterThan(0);
      // Rounded: within half a count, plus a little for the two integrations' own errors.
      expect(Math.abs(steps.tail[j] - 2 ** 32 * upperTail((j - 0.5) / sigma))).toBeLessThan(0.51);
    }
    // The farthest reach: the last tail count above 0 (2^32 Q rounds to 0 beyond about 6.2 to 6.3 sigma).
    if (sigma >= 3) {
      expect(steps.reach / sigma).toBeGreaterThan(6);
      expect(steps.reach / sigma).toBeLessThan(6.5);
    }
  });

  test('the inversion is the definition (a plain scan), at random hashes and at the tail counts and their neighbours', () => {
    for (const sigma of [0.7, 5, 25.6]) {
      const steps = readNoiseSteps(sigma);
      const hashes = Array.from({ length: 5000 }, (_, i) => readNoiseHash(17, i));
      for (let j = 1; j <= steps.reach + 1; j++) {
        for (const d of [-1, 0, 1]) hashes.push((steps.tail[j] + d) >>> 0, (2 ** 32 - steps.tail[j] + d) >>> 0);
      }
      hashes.push(0, 2 ** 32 - 1, 2 ** 31, 2 ** 31 - 1);
      for (const h of hashes) expect(rawNoiseOf(h >>> 0, steps)).toBe(referenceRaw(h >>> 0, steps));
    }
  });

  test.each([0, 1, -7])('key %i, sigma 25.6: mean 0, variance sigma^2 + 1/12, kurtosis 3, 5 percent beyond 1.96 sigma, symmetric, bounded by the reach', (key) => {
    const sigma = 25.6;
    const steps = readNoiseSteps(sigma);
    const N = 400_000;
    const noise = new ReadNoise(key);
    const ks = Float64Array.from({ length: N }, (_, i) => noise.raw(i, steps));
    let mean = 0;
    for (const k of ks) mean += k;
    mean /= N;
    let m2 = 0;
    let m4 = 0;
    let beyond = 0;
    let up = 0;
    let down = 0;
    for (const k of ks) {
      const d = (k - mean) ** 2;
      m2 += d;
      m4 += d * d;
      // 1.96 sigma = 50.18 raw units: the rounded normal is beyond where |k| >= 51 (mass of |z| > 50.5 / sigma).
      if (Math.abs(k) >= 51) beyond++;
      if (k > 0) up++;
      if (k < 0) down++;
      expect(Math.abs(k)).toBeLessThanOrEqual(steps.reach);
    }
    const variance = m2 / N;
    // Sheppard: rounding to whole units adds 1/12 to the variance. Standard errors: mean 0.04,
    // variance 1.5 (0.0022 relative), kurtosis 0.0077, tail share 0.00034; about 4-5 of each.
    expect(Math.abs(mean)).toBeLessThan(0.2);
    expect(Math.abs(variance / (sigma * sigma + 1 / 12) - 1)).toBeLessThan(0.01);
    expect(Math.abs(m4 / N / variance ** 2 - 3)).toBeLessThan(0.04);
    expect(Math.abs(beyond / N - 2 * upperTail(50.5 / sigma))).toBeLessThan(0.0015);
    expect(Math.abs(up - down) / N).toBeLessThan(0.007);
  });

  test('coarse noise (sigma 0.8 raw units): each value\'s share is the normal\'s mass within half a unit of it', () => {
    const sigma = 0.8;
    const steps = readNoiseSteps(sigma);
    const N = 400_000;
    const counts = new Map<number, number>();
    for (let i = 0; i < N; i++) {
      const k = rawNoiseOf(readNoiseHash(23, i), steps);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (let k = -3; k <= 3; k++) {
      const p = upperTail((Math.abs(k) - 0.5) / sigma) - upperTail((Math.abs(k) + 0.5) / sigma);
      const expected = k === 0 ? 1 - 2 * upperTail(0.5 / sigma) : p;
      // Within 5 standard errors of a binomial share.
      expect(Math.abs((counts.get(k) ?? 0) / N - expected)).toBeLessThan(5 * Math.sqrt((expected * (1 - expected)) / N) + 1e-6);
    }
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
        // A raw sum (1/256 level units) about an ADC decision threshold: offset (in LSBs) from
        // where code `step` begins.
        const raw = Math.max(0, Math.round((256 * (step - 0.5 - read.offsetLsb + offset) * lsb) / read.gain));
        const steps = rawReadNoise(read, 1 / 256);
        const noise = new ReadNoise(index % 1000);
        const skipped = noisyAdcCode(convert, raw, 1 / 256, ones, noise, index, read.c2cSigma > 0, steps);
        const k = steps === undefined ? 0 : noise.raw(index + 1, steps);
        expect(skipped).toBe(convert.code(raw / 256, ones, noise.draw(index), k / 256));
      },
    ), { numRuns: 20_000 });
  });

  test('far from a step no draw is made; across a step with noise, draws are made and move the code', () => {
    const read = readEffects({ ...DEFAULT_ANALOG, readNoiseSigma: 0.5 }, 3);
    const convert = new AdcConverter(read, 16, 31);
    const steps = rawReadNoise(read, 1 / 256);
    const drawn: number[] = [];
    const noise = new (class extends ReadNoise {
      override draw(i: number): number {
        drawn.push(i);
        return super.draw(i);
      }
      override raw(i: number, s: ReadNoiseSteps): number {
        drawn.push(i);
        return super.raw(i, s);
      }
    })(1);
    expect(noisyAdcCode(convert, 256 * 16 * 3, 1 / 256, 10, noise, 0, false, steps)).toBe(3);
    expect(drawn).toEqual([]);
    const codes = new Set<number>();
    for (let i = 0; i < 200; i += 2) codes.add(noisyAdcCode(convert, 256 * 16 * 2.5, 1 / 256, 10, noise, i, false, steps));
    expect([...codes].sort()).toEqual([2, 3]);
    // Only the read-noise draw (the odd index) without c2c.
    expect(drawn.every((i) => i % 2 === 1)).toBe(true);
  });
});
