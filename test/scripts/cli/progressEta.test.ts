// The progress bar's time left is the average rate so far (cli-progress's estimate read "eta 0s"
// mid-run and "eta NULLs" at the end): unknown before any progress, "done" at the end. The bar
// prints that text, not cli-progress's own {eta}, and leaves work done before it started out of the rate.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { etaText, progressBar } from '../../../scripts/cli/progressBar.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('progress eta', () => {
  test('is the elapsed time scaled by what is left', () => {
    expect(etaText(0, 100, 5)).toBe('--');
    expect(etaText(10, 100, 5)).toBe('45s');
    expect(etaText(50, 100, 100)).toBe('1m40s');
    expect(etaText(1, 100, 100)).toBe('2h45m');
    expect(etaText(100, 100, 7)).toBe('done');
  });

  test('a bar started with work already done prints no estimate until it progresses, then "done"', () => {
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
    const bar = progressBar('reference', 60);
    bar.update(60, 100, 'in the background');
    bar.stop(true, 'all');
    // At 60 of 100 with 60 done before the bar, the rate is unknown: "--", not cli-progress's "0".
    expect(err).toMatch(/reference \[[^\]]*\] 60% · in the background · eta --/);
    expect(err).toMatch(/reference \[[^\]]*\] 100% · all · eta done/);
    expect(err).not.toMatch(/eta (0|NULL)/);
  });
});

describe('progress bar line', () => {
  test('shows the average-rate time left, not cli-progress\'s own "eta 0"', async () => {
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
    const bar = progressBar('work');
    bar.update(0, 10, 'starting');
    await new Promise((resolve) => setTimeout(resolve, 300));
    bar.update(5, 10, 'half');
    bar.stop(true, 'all');
    vi.restoreAllMocks();
    // The first line has no rate yet; the last says done. Neither reads a bare "eta 0".
    expect(err).toContain('0% · starting · eta --');
    expect(err).toContain('100% · all · eta done');
    expect(err).not.toMatch(/eta 0\b/);
  });
});
