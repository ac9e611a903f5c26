// Property tests are reproducible: fast-check runs from a fixed seed unless OHMFLOW_FUZZ_SEED
// says otherwise (test/fuzzSeed.ts, loaded before every test file).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_FUZZ_SEED, fuzzSeed } from './fuzzSeed.js';

describe('the property tests\' seed', () => {
  it('is fixed for every property that names none: two samples draw the same values', () => {
    if (process.env.OHMFLOW_FUZZ_SEED === undefined) expect(fc.readConfigureGlobal().seed).toBe(DEFAULT_FUZZ_SEED);
    const draw = () => fc.sample(fc.integer(), 20);
    expect(draw()).toEqual(draw());
  });

  it('is the test\'s own, or the one OHMFLOW_FUZZ_SEED gives; a bad value is refused naming the variable', () => {
    expect(fuzzSeed(7, {})).toBe(7);
    expect(fuzzSeed(undefined, {})).toBe(DEFAULT_FUZZ_SEED);
    expect(fuzzSeed(7, { OHMFLOW_FUZZ_SEED: '42' })).toBe(42);
    expect(Number.isInteger(fuzzSeed(7, { OHMFLOW_FUZZ_SEED: 'random' }))).toBe(true);
    expect(() => fuzzSeed(7, { OHMFLOW_FUZZ_SEED: 'abc' })).toThrow(/OHMFLOW_FUZZ_SEED: expected an integer or "random", got "abc"/);
  });
});
