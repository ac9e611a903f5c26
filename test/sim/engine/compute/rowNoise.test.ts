// The row module's read noise (wasm/rowModule.ts): each conversion's code is the zero-noise code
// of its sum plus its draw in raw units (readNoise.ts), decided by the draw's hash against tail
// counts at the distances to its step's ends. The module converts kept sums written straight into
// its image: adversarial sums (on a step's first raw sum, a raw unit or two from either end, at
// the noise's reach and one past it, step middles) on every plane, at ADCs of 3 to 8 bits, with
// offsets; every code must equal the plain definition: adcConversion.ts's float code of
// (sum + k) raw units, k drawn by readNoise.ts's inversion.
import { describe, expect, test } from 'vitest';
import { buildLayout } from '../../../../sim/engine/layout.js';
import type { BitSerialParams } from '../../../../sim/engine/compute/bitSerial.js';
import { PackedArena } from '../../../../sim/engine/compute/packedAdc.js';
import { rowShapeFor } from '../../../../sim/engine/compute/analogRows.js';
import { ROW_GROUP_INTS, rowModule, type RowShape } from '../../../../sim/engine/compute/wasm/rowModule.js';
import { AdcConverter } from '../../../../sim/engine/compute/adcConversion.js';
import { DEFAULT_ANALOG } from '../../../../sim/engine/compute/analog.js';
import { readEffects } from '../../../../sim/engine/compute/device.js';
import { ReadNoise, readNoiseSteps } from '../../../../sim/engine/compute/readNoise.js';
import { losslessAdcBits } from '../../../../hw/arch/lossless.js';
import { partitionWeights } from '../../../../hw/mapping/partition.js';
import { testConv } from './convFixture.js';

const ROWS = 128;
const CELL_BITS = 2;
const UNIT = 2 ** -8;

/** A 128-row crossbar's row shape and its float conversion, at `adcBits` with read noise `sigma` and an ADC offset. */
function shapeOf(adcBits: number, sigma: number, offsetLsb: number): { shape: RowShape; convert: AdcConverter; maxRaw: number } {
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
  const lsb = 2 ** (shape.shift - 8);
  // The largest sum: every row's cell at the top level (conductance codes of 2^8 a level) and a one bit.
  return { shape, convert: new AdcConverter(read, lsb, shape.topCode), maxRaw: ROWS * (2 ** CELL_BITS - 1) * 2 ** 8 };
}

/**
 * Runs the module's conversions (summing off) on one group whose kept sums are `raws`: sum i alone
 * in quad i (lane i mod 4, the other lanes 0) at plane i mod planes (the other planes 0), its
 * column's conversion index 3 i + 1 and scale 1, so quad i's output is sum i's code shifted by its
 * plane. Draws from `first`; `tail` replaces the image's tail counts.
 */
function moduleCodes(shape: RowShape, raws: number[], noise: ReadNoise, first: number, tail = readNoiseSteps(shape.noise!.sigmaRaw).tail): number[] {
  const module = rowModule(shape)!;
  // One sum per quad, in lane i mod 4.
  const cols = 4 * raws.length;
  const stride = 4 * cols;
  const groupByte = 4;
  const atByte = 64;
  const scaleByte = atByte + 4 * cols;
  const outByte = scaleByte + 4 * cols;
  const accByte = outByte + cols;
  const noiseByte = accByte + shape.planes * stride;
  const bytes = noiseByte + 4 * tail.length;
  const { buffer, run, base } = new PackedArena(0).place(module, bytes);
  const w = new Int32Array(buffer, base, bytes / 4);
  w[0] = 0;
  w.set([0, 0, 0, stride, atByte, scaleByte, outByte, accByte], groupByte / 4);
  w.set(tail, noiseByte / 4);
  raws.forEach((raw, i) => {
    const col = 4 * i + (i % 4);
    w[atByte / 4 + col] = 3 * i + 1;
    w[scaleByte / 4 + col] = 1;
    w[accByte / 4 + (i % shape.planes) * cols + col] = raw;
  });
  const hi = Math.floor((first + 1) / 2 ** 32);
  run(base, base + groupByte + ROW_GROUP_INTS * 4, base, (first + 1) % 2 ** 32 | 0, noise.highMix(hi), base + noiseByte, 0);
  return raws.map((_, i) => w[outByte / 4 + i] / 2 ** (i % shape.planes));
}

/** Sums about every step of the zero-noise code: on its first raw sum, a unit or two either side,
 *  at the noise's reach and one past it, and the step's middle, within [0, maxRaw]. */
function adversarial(shape: RowShape, maxRaw: number): number[] {
  const step = 2 ** shape.shift;
  const reach = shape.noise!.reach;
  const raws: number[] = [];
  for (let k = -1; k <= shape.topCode + 1; k++) {
    for (const d of [-2, -1, 0, 1, 2, reach, reach + 1, -reach, -reach - 1, step >> 1]) {
      const raw = shape.zeroFirst + k * step + d;
      if (raw >= 0 && raw <= maxRaw) raws.push(raw);
    }
  }
  return raws;
}

describe('row module read noise', () => {
  test.each([
    [3, 0.1, 0], [5, 0.1, 0], [6, 0.1, 0], [7, 0.1, -0.5], [8, 0.1, 0], [8, 0.1, -0.2], [6, 0.5, -0.3], [4, 1.5, 0],
  ])('%i-bit ADC, read noise %f levels, offset %f lsb: every code is the definition\'s, at adversarial sums', (bits, sigma, offset) => {
    const { shape, convert, maxRaw } = shapeOf(bits, sigma, offset);
    expect(shape.noise).toBeDefined();
    const steps = readNoiseSteps(shape.noise!.sigmaRaw);
    const base = adversarial(shape, maxRaw);
    // Each sum 24 times (other conversion indices, other draws).
    const raws = Array.from({ length: 24 }, () => base).flat();
    let moved = 0;
    for (const first of [0, 12_345, 2 ** 32 + 99]) {
      const noise = new ReadNoise(bits * 1000 + 7);
      const got = moduleCodes(shape, raws, noise, first);
      const want = raws.map((raw, i) => convert.code((raw + noise.raw(first + 2 * (3 * i + 1 + (i % shape.planes)) + 1, steps)) * UNIT, 0, 0, 0));
      expect(got).toEqual(want);
      moved += want.filter((c, i) => c !== convert.code(raws[i] * UNIT, 0, 0, 0)).length;
    }
    // The noise moves codes (the case is not trivially noise-free).
    expect(moved).toBeGreaterThan(0);
  });

  test('noise that can cross more than one step end (an offset of -2.45 lsb puts the first step 2.95 steps up)', () => {
    const step = 2 ** shapeOf(8, 0.1, 0).shape.shift;
    // Reach (about 6.2 sigma) 2.5 steps: past two step ends, short of a zero sum's first step.
    const { shape, convert, maxRaw } = shapeOf(8, (2.5 * step * UNIT) / 6.25, -2.45);
    expect(shape.noise!.crossings).toBe(3);
    const steps = readNoiseSteps(shape.noise!.sigmaRaw);
    const raws = Array.from({ length: 8 }, () => adversarial(shape, maxRaw)).flat();
    const noise = new ReadNoise(5);
    const got = moduleCodes(shape, raws, noise, 77);
    const want = raws.map((raw, i) => convert.code((raw + noise.raw(77 + 2 * (3 * i + 1 + (i % shape.planes)) + 1, steps)) * UNIT, 0, 0, 0));
    expect(got).toEqual(want);
    // Some draw moves a code by two steps.
    expect(want.some((c, i) => Math.abs(c - convert.code(raws[i] * UNIT, 0, 0, 0)) >= 2)).toBe(true);
  });

  test('a heavy-tailed table (every distance up to the reach a quarter likely): the module decides by the table it reads, up to the reach', () => {
    const { shape, convert, maxRaw } = shapeOf(6, 0.1, 0);
    const reach = shape.noise!.reach;
    const tail = Int32Array.from({ length: reach + 2 }, (_, j) => (j === 0 || j > reach ? 0 : 2 ** 30 - 1000 * j));
    const steps = { tail, reach };
    const raws = Array.from({ length: 6 }, () => adversarial(shape, maxRaw)).flat();
    const noise = new ReadNoise(9);
    const got = moduleCodes(shape, raws, noise, 5, tail);
    const want = raws.map((raw, i) => convert.code((raw + noise.raw(5 + 2 * (3 * i + 1 + (i % shape.planes)) + 1, steps)) * UNIT, 0, 0, 0));
    expect(got).toEqual(want);
    // Sums exactly `reach` from a step's end move where the draw is the reach.
    const drawOf = (i: number) => noise.raw(5 + 2 * (3 * i + 1 + (i % shape.planes)) + 1, steps);
    expect(want.some((c, i) => c !== convert.code(raws[i] * UNIT, 0, 0, 0) && Math.abs(drawOf(i)) === reach)).toBe(true);
  });
});
