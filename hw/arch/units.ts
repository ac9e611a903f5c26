// Typed quantities with units (gem5-style params): "100ns", "1.2GHz", "64KiB", "2mW", "0.0096mm2".
// Parsed once at load time into the unit the field name carries (ps, Hz, bytes, mW, mm2, pJ), so
// no code downstream ever sees a string or guesses a unit. A plain number is already in that unit.

/** The quantities a config may state, each with the unit its parsed value is expressed in. */
export type Quantity = 'timePs' | 'frequencyHz' | 'bytes' | 'powerMw' | 'areaMm2' | 'energyPj';

/** Multipliers from a unit suffix to the quantity's base unit. Suffixes are case-sensitive
 *  where SI needs it (mW vs MW, ms vs Ms) and listed exactly. */
const SUFFIXES: Record<Quantity, Record<string, number>> = {
  timePs: { ps: 1, ns: 1e3, us: 1e6, 'µs': 1e6, ms: 1e9, s: 1e12 },
  frequencyHz: {
    Hz: 1, kHz: 1e3, MHz: 1e6, GHz: 1e9,
    // ADC sample rates are usually printed in samples per second.
    'S/s': 1, 'kS/s': 1e3, 'MS/s': 1e6, 'GS/s': 1e9, Sps: 1, kSps: 1e3, MSps: 1e6, GSps: 1e9,
  },
  // KB = KiB = 1024 B, as memory sizes are printed (ISAAC's "64 KB" eDRAM is 65,536 B; gem5 agrees).
  bytes: {
    B: 1, KB: 1024, kB: 1024, KiB: 1024, MB: 1024 ** 2, MiB: 1024 ** 2, GB: 1024 ** 3, GiB: 1024 ** 3,
    b: 1 / 8, bit: 1 / 8, bits: 1 / 8, Kb: 128, Kib: 128,
  },
  powerMw: { uW: 1e-3, 'µW': 1e-3, mW: 1, W: 1e3 },
  areaMm2: { um2: 1e-6, 'µm2': 1e-6, 'um^2': 1e-6, mm2: 1, 'mm^2': 1, cm2: 100 },
  energyPj: { fJ: 1e-3, pJ: 1, nJ: 1e3, uJ: 1e6, 'µJ': 1e6 },
};

/** Quantities that must come out as integers (the event kernel counts whole picoseconds). */
const INTEGER: ReadonlySet<Quantity> = new Set(['timePs', 'bytes']);

const NUMBER_THEN_UNIT = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([^\s\d].*?)?\s*$/;

type ParseResult = { ok: true; value: number } | { ok: false; reason: string };

/** Parses a number or a "<number><unit>" string into the quantity's base unit; never throws. */
export function parseQuantity(input: unknown, quantity: Quantity): ParseResult {
  let value: number;
  if (typeof input === 'number') {
    value = input;
  } else if (typeof input === 'string') {
    const match = NUMBER_THEN_UNIT.exec(input);
    if (!match) return { ok: false, reason: `cannot read "${input}" as ${describe(quantity)}` };
    const unit = match[2] ?? '';
    const scale = unit === '' ? 1 : SUFFIXES[quantity][unit];
    if (scale === undefined) {
      return {
        ok: false,
        reason: `unknown unit "${unit}" for ${describe(quantity)} (expected one of ${Object.keys(SUFFIXES[quantity]).join(', ')})`,
      };
    }
    value = Number(match[1]) * scale;
  } else {
    return { ok: false, reason: `expected a number or a string with a unit for ${describe(quantity)}, got ${typeName(input)}` };
  }
  if (!Number.isFinite(value)) return { ok: false, reason: `${describe(quantity)} must be finite` };
  if (INTEGER.has(quantity)) {
    // Tolerate float noise from unit scaling (0.1ns * 1e3) but not genuine fractions (1.5 B).
    const rounded = Math.round(value);
    if (Math.abs(value - rounded) > 1e-6 * Math.max(1, Math.abs(value))) {
      return { ok: false, reason: `${describe(quantity)} must be a whole number of ${baseUnit(quantity)}, got ${value}` };
    }
    value = rounded;
    // Times and sizes are exact integers downstream (kernel time, byte counts): beyond 2^53 they are not.
    if (!Number.isSafeInteger(value)) {
      return { ok: false, reason: `${describe(quantity)} of ${value} ${baseUnit(quantity)} is too large (at most ${Number.MAX_SAFE_INTEGER})` };
    }
  }
  return { ok: true, value };
}

/** Like parseQuantity, but throws a plain Error; for code and tests, not for user configs. */
export function quantity(input: number | string, q: Quantity): number {
  const result = parseQuantity(input, q);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
}

function baseUnit(q: Quantity): string {
  return { timePs: 'ps', frequencyHz: 'Hz', bytes: 'bytes', powerMw: 'mW', areaMm2: 'mm2', energyPj: 'pJ' }[q];
}

function describe(q: Quantity): string {
  const what = { timePs: 'a time', frequencyHz: 'a frequency', bytes: 'a size', powerMw: 'a power', areaMm2: 'an area', energyPj: 'an energy' }[q];
  return `${what} (plain numbers are ${baseUnit(q)})`;
}

function typeName(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  return typeof input;
}
