// The progress bar's time left is the average rate so far (cli-progress's estimate read "eta 0s"
// mid-run and "eta NULLs" at the end): unknown before any progress, "done" at the end.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { etaText, progressBar } from '../../../scripts/cli/progressBar.js';

describe('progress eta', () => {
  test('is the elapsed time scaled by what is left', () => {
    expect(etaText(0, 100, 5)).toBe('--');
    expect(etaText(10, 100, 5)).toBe('45s');
    expect(etaText(50, 100, 100)).toBe('1m40s');
    expect(etaText(1, 100, 100)).toBe('2h45m');
    expect(etaText(100, 100, 7)).toBe('done');
  });
});

describe('progress bar line', () => {
  afterEach(() => vi.restoreAllMocks());

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
