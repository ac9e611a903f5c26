// `ohmflow simulate` shows the reference check's progress on its own bar once the engine is done
// (stderr; stdout keeps the one JSON object).
import { afterEach, describe, expect, test, vi } from 'vitest';
import { cliOutput } from './cliOutput.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('simulate: reference check progress', () => {
  test('a reference bar after the engine that ends full, with the check\'s MACs', async () => {
    const { out, err } = await cliOutput(['simulate', '--net', 'lenet5', '--arch', 'rram-lossless-32nm', '--images', '2', '--jobs', '2', '--json']);
    expect(JSON.parse(out).functional.bitExact).toBe(true);
    // (LeNet-5's engine run is too short for the engine's bar to show.)
    const checkAt = err.indexOf('checking against the integer reference');
    const referenceAt = err.indexOf('reference [');
    expect(checkAt).toBeGreaterThanOrEqual(0);
    expect(referenceAt).toBeGreaterThan(checkAt);
    // LeNet-5 is 0.42 MMAC per image: 2 images make 0.00 GMAC at two decimals, so check the bar's end.
    expect(err.slice(referenceAt)).toMatch(/reference \[[^\]]*\] 100% · 0\.00 GMAC · eta done/);
  }, 120_000);
});
