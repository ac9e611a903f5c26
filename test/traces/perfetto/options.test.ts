// --trace-window A:B (ns) and --trace-level parse or fail with an OhmflowError naming the flag.
import { describe, expect, it } from 'vitest';
import { parseTraceLevel, parseTraceWindow } from '../../../traces/perfetto/options.js';
import { OhmflowError } from '../../../workloads/errors.js';

describe('trace options', () => {
  it('parses A:B in ns, with open ends', () => {
    expect(parseTraceWindow('100:2500')).toEqual({ startNs: 100, endNs: 2500 });
    expect(parseTraceWindow('0.5:1')).toEqual({ startNs: 0.5, endNs: 1 });
    expect(parseTraceWindow('1000:')).toEqual({ startNs: 1000, endNs: Number.POSITIVE_INFINITY });
    expect(parseTraceWindow(':30')).toEqual({ startNs: 0, endNs: 30 });
  });

  it('rejects empty, reversed and malformed windows', () => {
    for (const bad of ['', '5', '10:5', '3:3', 'a:b', '-1:4']) {
      expect(() => parseTraceWindow(bad)).toThrow(OhmflowError);
      expect(() => parseTraceWindow(bad)).toThrow(/--trace-window/);
    }
  });

  it('knows the three levels', () => {
    expect(parseTraceLevel('tile')).toBe('tile');
    expect(() => parseTraceLevel('pe')).toThrow(/--trace-level: unknown trace level "pe"/);
  });
});
