// The row module's pre-filter (wasm/rowModule.ts, RowShape.settle): listed conversions settled on
// the draw's two hashes and integer thresholds, before the full read-noise interval. The module
// is run on lists of adversarial raw sums (exact ties, sums a raw unit or two from a step, step
// middles), with and without the pre-filter; every code must equal the code of the exact draw by
// adcConversion.ts's float arithmetic, which is the oracle.
import { describe, expect, test } from 'vitest';
import { buildLayout } from '../../../../sim/engine/layout.js';
import type { BitSerialParams } from '../../../../sim/engine/compute/bitSerial.js';
import { PackedArena } from '../../../../sim/engine/compute/packedAdc.js';
import { rowShapeFor } from '../../../../sim/engine/compute/analogRows.js';
import { ROW_LIST_BYTES, rowModule, settleThresholds, type RowShape } from '../../../../sim/engine/compute/wasm/rowModule.js';
import { AdcConverter } from '../../../../sim/engine/compute/adcConversion.js';
import { DEFAULT_ANALOG } from '../../../../sim/engine/compute/analog.js';
import { readEffects } from '../../../../sim/engine/compute/device.js';
import { READ_NOISE_Z_MAX, ReadNoise, radiusHashAbove, radiusHashBelow } from '../../../../sim/engine/compute/readNoise.js';
import { losslessAdcBits } from '../../../../hw/arch/lossless.js';
import { partitionWeights } from '../../../../hw/mapping/partition.js';
import { testConv } from './convFixture.js';

const ROWS = 128;
const CELL_BITS = 2;

/** A 128-row crossbar's shape and its float conversion, at `adcBits` with read noise `sigma` and an ADC offset. */
function shapeOf(adcBits: number, sigma: number, offsetLsb: number): { shape: RowShape; convert: AdcConverter } {
  const p = { groups: 1, icPerGroup: ROWS, ocPerGroup: 2, k: 1 };
  const weights = Array.from({ length: 2 * ROWS }, (_, i) => ((i * 37) % 255) - 127);
  const geometry = { rows: ROWS, cols: 64, activeRows: ROWS, columnsPerWeight: 4 };
  const partition = partitionWeights({ inChannels: ROWS, outChannels: 2, kernel: [1, 1], groups: 1 }, 'im2col', geometry);
  const layout = buildLayout(testConv(p, weights, [0, 3]), ROWS, partition, geometry);
  const requiredBits = losslessAdcBits(ROWS, CELL_BITS, 1, false);
  const params: BitSerialParams = {
    weightBits: 8, inputBits: 8, cellBits: CELL_BITS, dacBits: 1, activeRows: ROWS, adcBits, requiredBits, encoding: 'offset', flip: false,
  };
  const read = readEffects({ ...DEFAULT_ANALOG, readNoiseSigma: sigma, adcOffsetLsb: offsetLsb }, 2 ** CELL_BITS - 1);
  const shape = rowShapeFor(layout, params, read);
  if (shape === undefined) throw new Error('the row kernel does not serve the case');
  return { shape, convert: new AdcConverter(read, shape.lsb, shape.topCode) };
}

interface Entry {
  at: number;
  raw: number;
}

/**
 * Runs the module's decide-only path on `entries` (weight 1, a quad output each), with the draws
 * of `noise` from index `first`. `thresholds` replaces the image's pre-filter table. Returns each
 * entry's code change from the lower code (the open ones: NaN) and the open count.
 */
function decide(shape: RowShape, entries: Entry[], noise: ReadNoise, first: number, thresholds = settleThresholds(shape)) {
  const module = rowModule(shape)!;
  const n = entries.length;
  const outByte = 0;
  const listByte = 8 * n;
  const settleByte = listByte + n * ROW_LIST_BYTES;
  const decidedByte = settleByte + thresholds.length * 4;
  const bytes = decidedByte + 4 + 8 * n;
  const { buffer, run, base } = new PackedArena(0).place(module, bytes);
  const w = new Int32Array(buffer, base, bytes / 4);
  w.set(thresholds, settleByte / 4);
  entries.forEach(({ at, raw }, i) => w.set([at, raw, 1, base + outByte + 4 * i], listByte / 4 + 4 * i));
  const hi = Math.floor((first + 1) / 2 ** 32);
  const loBase = (first + 1) % 2 ** 32 | 0;
  const end = run(0, 0, base + listByte, base, base + settleByte, base + decidedByte, loBase, noise.highMix(hi), base + outByte, base + outByte + 4 * n) - base;
  const change = Array.from({ length: n }, (_, i) => w[n + i]);
  const openAt = new Set<number>();
  for (let i = decidedByte / 4 + 1; i < end / 4; i += 2) openAt.add(w[i]);
  return { change: change.map((c, i) => (openAt.has(entries[i].at) ? Number.NaN : c)), open: openAt.size };
}

/** The listed conversions (codes differ at the two noise extremes) among sums around every step
 *  of the zero draw's code and on every whole level (the ties of d2dSigma 0), `draws` each. */
function adversarial(shape: RowShape, convert: AdcConverter, draws: number): Entry[] {
  const step = 2 ** shape.shift;
  const zeroFirst = shape.settle!.zeroFirst;
  const raws = new Set<number>();
  for (let k = -1; k <= shape.topCode + 1; k++) {
    for (const d of [-2, -1, 0, 1, 2, step >> 1, (step >> 1) + 1]) raws.add(zeroFirst + k * step + d);
  }
  const level = 2 ** 8;
  for (let l = 0; l * level <= ROWS * 3 * level; l++) raws.add(l * level);
  const code = (raw: number, z: number) => convert.code(raw * shape.unit, 0, 0, z);
  const listed = [...raws].filter((r) => r >= 0 && code(r, -READ_NOISE_Z_MAX) !== code(r, READ_NOISE_Z_MAX));
  return listed.flatMap((raw, j) => Array.from({ length: draws }, (_, t) => ({ at: j * draws + t, raw })));
}

/** Each entry's code by the oracle: the float conversion of its exact draw. */
function exactCodes(shape: RowShape, convert: AdcConverter, entries: Entry[], noise: ReadNoise, first: number): number[] {
  return entries.map(({ at, raw }) => convert.code(raw * shape.unit, 0, 0, noise.draw(first + 2 * at + 1)));
}

/** Codes from a decide result: the lower code plus the change, or the exact draw where open. */
function codesOf(shape: RowShape, convert: AdcConverter, entries: Entry[], result: { change: number[] }, exact: number[]): number[] {
  return entries.map(({ raw }, i) => {
    const c = result.change[i];
    return Number.isNaN(c) ? exact[i] : convert.code(raw * shape.unit, 0, 0, -READ_NOISE_Z_MAX) + c;
  });
}

const cases: [number, number, number][] = [
  // ADC bits, read noise sigma (levels), ADC offset (lsb)
  // (the row kernel serves noise that cannot reach a zero sum's first step). Noise of 0.5 and 1
  // level takes buckets of 4 and 8 raw units in the distance thresholds.
  [8, 0.1, 0], [8, 0.05, 0.2], [7, 0.1, -0.5], [6, 0.5, 0], [5, 0.1, 0.3], [4, 1, 0], [3, 0.2, 0],
];

describe('row module pre-filter', () => {
  test.each(cases)('%i-bit ADC, read noise %f, offset %f: every code equals the exact draw\'s, with and without it', (bits, sigma, offset) => {
    const { shape, convert } = shapeOf(bits, sigma, offset);
    expect(shape.settle).toBeDefined();
    const entries = adversarial(shape, convert, 64);
    expect(entries.length).toBeGreaterThan(1000);
    const noise = new ReadNoise(bits * 1000 + 7);
    const first = 2 * 98_765;
    const exact = exactCodes(shape, convert, entries, noise, first);
    const withIt = decide(shape, entries, noise, first);
    const without = decide({ ...shape, settle: undefined }, entries, noise, first);
    expect(codesOf(shape, convert, entries, withIt, exact)).toEqual(exact);
    expect(codesOf(shape, convert, entries, without, exact)).toEqual(exact);
    // Its thresholds are tighter than the interval's bounds at large radii: never more open.
    expect(withIt.open).toBeLessThanOrEqual(without.open);
  });

  test('its thresholds decide: all-pass thresholds give wrong codes, all-fail ones the interval\'s', () => {
    const { shape, convert } = shapeOf(8, 0.1, 0);
    const entries = adversarial(shape, convert, 64);
    const noise = new ReadNoise(99);
    const first = 0;
    const exact = exactCodes(shape, convert, entries, noise, first);
    const entriesBelow = shape.settle!.entries;
    const table = settleThresholds(shape);
    // Below thresholds first (radius below: -1 = every hash passes), then the ties' (radius above: 0).
    const pass = table.map((_, i) => (i < entriesBelow ? -1 : 0));
    const fail = table.map((_, i) => (i < entriesBelow ? 0 : -1));
    const wrong = codesOf(shape, convert, entries, decide(shape, entries, noise, first, Int32Array.from(pass)), exact);
    expect(wrong.filter((c, i) => c !== exact[i]).length).toBeGreaterThan(100);
    const failed = decide(shape, entries, noise, first, Int32Array.from(fail));
    expect(codesOf(shape, convert, entries, failed, exact)).toEqual(exact);
    expect(failed.open).toBe(decide({ ...shape, settle: undefined }, entries, noise, first).open);
  });

  test('radius thresholds: a hash below radiusHashBelow(t) has a radius below t, one above radiusHashAbove(t) a radius above t', () => {
    const radius = (u1: number) => Math.sqrt(-2 * Math.log(1 - u1 / 2 ** 32));
    for (let t = 0.001; t < READ_NOISE_Z_MAX; t *= 1.07) {
      const below = radiusHashBelow(t);
      const above = radiusHashAbove(t);
      expect(radius(below - 1)).toBeLessThan(t);
      expect(radius(above + 1)).toBeGreaterThan(t);
      // Within a few millionths of the exact thresholds.
      expect(radius(Math.min(below + 100, 2 ** 32 - 1))).toBeGreaterThan(t * (1 - 1e-5));
      expect(radius(above - 100)).toBeLessThan(t * (1 + 1e-5));
    }
    expect(radiusHashBelow(0)).toBe(0);
    expect(radiusHashAbove(READ_NOISE_Z_MAX)).toBe(2 ** 32 - 1);
  });
});
