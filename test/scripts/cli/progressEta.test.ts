// The progress bar's time left is the average rate so far (cli-progress's estimate read "eta 0s"
// mid-run and "eta NULLs" at the end): unknown before any progress, "done" at the end.
import { describe, expect, test } from 'vitest';
import { etaText } from '../../../scripts/cli/progressBar.js';

describe('progress eta', () => {
  test('is the elapsed time scaled by what is left', () => {
    expect(etaText(0, 100, 5)).toBe('--');
    expect(etaText(10, 100, 5)).toBe('45s');
    expect(etaText(50, 100, 100)).toBe('1m40s');
    expect(etaText(1, 100, 100)).toBe('2h45m');
    expect(etaText(100, 100, 7)).toBe('done');
  });
});
