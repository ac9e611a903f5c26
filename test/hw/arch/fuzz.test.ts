// Fuzzing the loader: whatever JSON comes in, parseArch returns a chip or throws an OhmflowError
// (never a TypeError), and a chip it accepts always rolls up to finite figures.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isOhmflowError } from '../../../workloads/errors.js';
import { parseArch } from '../../../hw/arch/load.js';
import { chipTotals } from '../../../hw/arch/rollup.js';
import { loadTech } from '../../../hw/tech/load.js';
import { presetJson } from './presetJson.js';

const tech = loadTech('isaac-32nm');
const PRESETS = ['isaac', 'rram-lossless-32nm', 'aero-hybrid'];

type Path = Array<string | number>;

function allPaths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys: Array<string | number> = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((k) => allPaths((value as Record<string | number, unknown>)[k], [...prefix, k]))];
}

/** The value at `path` inside `json`: a JSON object or array is indexed like a record. */
function valueAt(json: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, k) => (node as Record<string | number, unknown>)[k], json);
}

/** Values a hand-edited config plausibly contains, plus arbitrary JSON. */
const nastyValue = fc.oneof(
  fc.jsonValue(),
  fc.integer({ min: -5, max: 300 }),
  fc.double(),
  fc.constantFrom(0, -1, 1e308, -0, 0.5, 17, 1e9, '', '100ns', '1.2GHz', '64KB', '-3KB', '0B', 'NaN', '1e999ns', 'eDRAM', 'offset', true, null, [], {}),
);

/** One mutation: delete a field, replace it with a value, or add an unknown field. */
const mutation = fc.record({ pick: fc.nat(), op: fc.constantFrom('delete', 'replace', 'add'), value: nastyValue, key: fc.string() });

function mutate(json: unknown, m: { pick: number; op: string; value: unknown; key: string }): unknown {
  const paths = allPaths(json);
  const path = paths[m.pick % paths.length]!;
  if (path.length === 0) return m.op === 'replace' ? m.value : json;
  // allPaths only descends into objects and arrays, so the parent is one.
  const parent = valueAt(json, path.slice(0, -1)) as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (m.op === 'replace') {
    parent[last] = m.value;
  } else if (parent !== null && typeof parent === 'object' && !Array.isArray(parent)) {
    parent[m.key] = m.value;
  }
  return json;
}

function expectOnlyOhmflowErrors(json: unknown): void {
  let arch;
  try {
    arch = parseArch(json, 'fuzz.json');
  } catch (error) {
    if (!isOhmflowError(error)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
    return;
  }
  const totals = chipTotals(arch, tech);
  for (const v of [totals.areaMm2, totals.powerMw, totals.peakTops, totals.peakTopsPerW]) {
    expect(Number.isFinite(v)).toBe(true);
  }
}

describe('loader fuzz', () => {
  test('random JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), (json) => expectOnlyOhmflowErrors(json)), { numRuns: 500 });
  });

  test('presets with 1 to 4 random mutations', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PRESETS), fc.array(mutation, { minLength: 1, maxLength: 4 }), (name, mutations) => {
        let json: unknown = presetJson(name);
        for (const m of mutations) json = mutate(json, m);
        expectOnlyOhmflowErrors(json);
      }),
      { numRuns: 800 },
    );
  });

  test('mutated numeric fields (the cross-field checks)', () => {
    const numericPaths = PRESETS.flatMap((name) => {
      const json = presetJson(name);
      return allPaths(json)
        .filter((p) => typeof valueAt(json, p) === 'number')
        .map((p) => ({ name, p }));
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...numericPaths),
        fc.oneof(fc.integer({ min: -2, max: 1024 }), fc.double({ min: -1, max: 1e6, noNaN: true })),
        ({ name, p }, v) => {
          const json = presetJson(name);
          const parent = valueAt(json, p.slice(0, -1)) as Record<string | number, unknown>;
          parent[p[p.length - 1]!] = v;
          expectOnlyOhmflowErrors(json);
        },
      ),
      { numRuns: 800 },
    );
  });
});
