// analog fidelity's row kernel (analogRows.ts) computes what the packed path (packedAdc.ts)
// computes, bit for bit, with the same conductance draws and the same read-noise draws (each
// conversion's noise in raw units, readNoise.ts): on random layouts of the engine, cell widths, encodings, active rows, ADC resolutions
// and read noise, with sparse inputs (u = 0 rows, which the kernel skips) and dense ones. The
// packed path's TypeScript twin, which converts every sum itself, is the oracle.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { buildLayout } from '../../../../sim/engine/layout.js';
import type { BitSerialParams } from '../../../../sim/engine/compute/bitSerial.js';
import { PackedAdcCrossbar, PackedArena } from '../../../../sim/engine/compute/packedAdc.js';
import { RowAnalogCrossbar, rowShapeFor } from '../../../../sim/engine/compute/analogRows.js';
import { programRowCodes, rowLayer } from '../../../../sim/engine/compute/analogRowLayer.js';
import { fillPackedImage, planPackedLayout } from '../../../../sim/engine/compute/packedLayout.js';
import type { CellProgrammer } from '../../../../sim/engine/compute/device.js';
import { DEFAULT_ANALOG, NormalStream, type AnalogParams } from '../../../../sim/engine/compute/analog.js';
import { Random } from '../../../../sim/kernel/index.js';
import { losslessAdcBits } from '../../../../hw/arch/lossless.js';
import { partitionWeights } from '../../../../hw/mapping/partition.js';
import { testConv } from './convFixture.js';
import { cellProgrammer, readEffects } from '../../../../sim/engine/compute/device.js';
import { ReadNoise } from '../../../../sim/engine/compute/readNoise.js';

const int8 = fc.oneof(fc.integer({ min: -128, max: 127 }), fc.constantFrom(-128, 127));

/** A draw in [0, 1) per input: the input is -128 where it falls below the case's sparsity. */
const share = fc.double({ min: 0, max: 1, noNaN: true });

const caseArb = fc
  .record({
    groups: fc.constantFrom(1, 2),
    icPerGroup: fc.integer({ min: 1, max: 40 }),
    ocPerGroup: fc.integer({ min: 1, max: 6 }),
    k: fc.constantFrom(1, 3),
    scheme: fc.constantFrom('im2col' as const, 'kernel-split' as const),
    crossbarRows: fc.constantFrom(16, 64, 128, 256),
    activeFraction: fc.constantFrom(1, 0.5, 0.25),
    cellBits: fc.constantFrom(1, 2, 4),
    encoding: fc.constantFrom('offset' as const, 'differential' as const),
    adcDeficit: fc.integer({ min: 0, max: 6 }),
    readNoiseSigma: fc.constantFrom(0, 0.1, 0.3, 1),
    conductanceSigma: fc.constantFrom(0, 0.05, 0.2),
    // The share of the window's inputs at -128 (u = 0: rows the kernel skips).
    sparsity: fc.constantFrom(0, 0.5, 0.9),
  })
  .chain((p) => {
    const inC = p.groups * p.icPerGroup;
    const outC = p.groups * p.ocPerGroup;
    const taps = p.k * p.k;
    return fc.record({
      p: fc.constant(p),
      weights: fc.array(int8, { minLength: outC * p.icPerGroup * taps, maxLength: outC * p.icPerGroup * taps }),
      zeroPoints: fc.array(int8, { minLength: outC, maxLength: outC }),
      windows: fc.array(fc.array(fc.tuple(int8, share), { minLength: inC * taps, maxLength: inC * taps }), { minLength: 1, maxLength: 3 }),
      zx: int8,
      seed: fc.integer({ min: 1, max: 10_000 }),
    });
  });

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function layoutOf({ p, weights, zeroPoints }: Case) {
  const inC = p.groups * p.icPerGroup;
  const outC = p.groups * p.ocPerGroup;
  const activeRows = Math.max(1, Math.round(p.crossbarRows * p.activeFraction));
  const columnsPerWeight = Math.ceil(8 / p.cellBits) * (p.encoding === 'differential' ? 2 : 1);
  const geometry = { rows: p.crossbarRows, cols: 64, activeRows, columnsPerWeight };
  const partition = partitionWeights({ inChannels: inC, outChannels: outC, kernel: [p.k, p.k], groups: p.groups }, p.scheme, geometry);
  const layout = buildLayout(testConv(p, weights, zeroPoints), inC, partition, geometry);
  const requiredBits = losslessAdcBits(activeRows, p.cellBits, 1, false);
  const params: BitSerialParams = {
    weightBits: 8, inputBits: 8, cellBits: p.cellBits, dacBits: 1, activeRows,
    adcBits: Math.max(1, requiredBits - p.adcDeficit), requiredBits, encoding: p.encoding, flip: false,
  };
  return { layout, params, outC };
}

/** A copy's device: its programmer (drawing from `seed`) and read effects, and its noise stream. */
function device(params: BitSerialParams, a: Partial<AnalogParams>, seed: number) {
  const full = { ...DEFAULT_ANALOG, ...a };
  const maxLevel = 2 ** params.cellBits - 1;
  const noise = new ReadNoise(seed + 1);
  return { programmer: cellProgrammer(full, maxLevel, 256, new NormalStream(new Random(seed)), 0, 0), read: readEffects(full, maxLevel), noise };
}

/**
 * Runs one case on the row kernel, the packed module and the packed twin, with every noise stream
 * first advanced by `skip` draws; expects the three equal. Returns whether the row kernel served
 * the case.
 */
function checkCase(c: Case, skip: number, input: (x: number) => number = (x) => x): boolean {
  const { p, windows, zx, seed } = c;
  const { layout, params, outC } = layoutOf(c);
  const a = { conductanceSigma: p.conductanceSigma, readNoiseSigma: p.readNoiseSigma, seed };
  const read = readEffects({ ...DEFAULT_ANALOG, ...a }, 2 ** params.cellBits - 1);
  const planned = rowShapeFor(layout, params, read);
  // Read noise of 1 level reaches a zero sum's step on the finest ADCs: the packed path serves those.
  if (planned === undefined) return false;
  const arena = new PackedArena(1 << 20);
  // Another copy first, so the image sits after another's in the arena's memory.
  const layer = rowLayer(layout, params, planned);
  new RowAnalogCrossbar(layer, device(params, a, seed + 7), arena);
  const rowDevice = device(params, a, seed);
  const moduleDevice = device(params, a, seed);
  const twinDevice = device(params, a, seed);
  for (const d of [rowDevice, moduleDevice, twinDevice]) d.noise.take(skip);
  const rows = new RowAnalogCrossbar(layer, rowDevice, arena);
  const module = new PackedAdcCrossbar(layout, params, 'wasm', moduleDevice);
  const twin = new PackedAdcCrossbar(layout, params, 'ts', twinDevice);
  // Each window three times in a row, then the first again: seen again, the row kernel converts
  // its kept sums with the next draws.
  for (const w of [...windows.flatMap((x) => [x, x, x]), windows[0]]) {
    const window = Int32Array.from(w, ([x, r]) => (r < p.sparsity ? -128 : input(x)));
    const run = (x: { accumulate(w: Int32Array, zx: number, acc: Int32Array): void }) => {
      const acc = new Int32Array(outC).fill(5);
      x.accumulate(window, zx, acc);
      return acc;
    };
    const expected = run(twin);
    expect(run(rows)).toEqual(expected);
    expect(run(module)).toEqual(expected);
  }
  return true;
}

describe('analog row kernel', () => {
  test('equals the packed path (module and twin) bit for bit, with the same conductances and noise', () => {
    let served = 0;
    fc.assert(fc.property(caseArb, (c) => {
      if (checkCase(c, 0)) served++;
    }), { numRuns: 200 });
    expect(served).toBeGreaterThan(100);
  });

  test('equals it where the draw indices pass 2^32 (the module draws only within one high word)', () => {
    let served = 0;
    // The first pixel's draws straddle 2^32 (this side draws them); the later ones lie above it
    // (the module hashes them with the high word 1).
    fc.assert(fc.property(caseArb, (c) => {
      if (checkCase({ ...c, p: { ...c.p, readNoiseSigma: 0.3, sparsity: 0 } }, 2 ** 32 - 5)) served++;
    }), { numRuns: 40, seed: 11 });
    expect(served).toBeGreaterThan(10);
  });

  test('equals it on large inputs (rows of many one bits: the module adds them as a total less their zero bits)', () => {
    let served = 0;
    // Nonnegative inputs become 120..127 (u = 248..255: five to eight one bits of eight); negative
    // ones stay (few one bits near -128), so a pixel mixes both kinds of rows, and rows of 0.
    fc.assert(fc.property(caseArb, (c) => {
      if (checkCase(c, 0, (x) => (x >= 0 ? 120 + (x & 7) : x))) served++;
    }), { numRuns: 60, seed: 12 });
    expect(served).toBeGreaterThan(30);
  });

  test('a copy programs its cells in the packed path\'s order, with the same codes', () => {
    /** A programmer that records its calls and answers each with a value of its call count. */
    const recorder = (skipsZero: boolean, calls: number[][]): CellProgrammer => ({
      skipsZero,
      conductance(level, row, col) {
        calls.push([level, row, col]);
        return level * (0.75 + ((calls.length * 7919) % 101) / 100);
      },
    });
    let served = 0;
    fc.assert(fc.property(caseArb, fc.boolean(), (c, skipsZero) => {
      const { layout, params } = layoutOf(c);
      const read = readEffects({ ...DEFAULT_ANALOG, readNoiseSigma: c.p.readNoiseSigma }, 2 ** params.cellBits - 1);
      const shape = rowShapeFor(layout, params, read);
      if (shape === undefined) return;
      served++;
      const plan = planPackedLayout(layout, params, true);
      const packed = new Uint32Array(Math.ceil(plan.bytes / 4));
      const packedCalls: number[][] = [];
      fillPackedImage(layout, params, plan, packed, recorder(skipsZero, packedCalls));
      const layer = rowLayer(layout, params, shape);
      const words = new Int32Array(layer.bytes / 4);
      const rowCalls: number[][] = [];
      programRowCodes(layer, recorder(skipsZero, rowCalls), words);
      expect(rowCalls).toEqual(packedCalls);
      // The same codes: their sum over the packed cell planes (bit k of a code is plane k) and
      // over the row layout's codes.
      let packedSum = 0;
      const W2 = plan.shape.words * 2;
      const planesPerTask = plan.shape.slices * plan.shape.cellBits;
      for (let t = 0; t < plan.taskCount; t++) {
        const cell = plan.cellByte / 4 + t * (planesPerTask + 1) * W2;
        for (let q = 0; q < planesPerTask; q++) {
          for (let i = 0; i < W2; i++) {
            let bits = packed[cell + q * W2 + i];
            let ones = 0;
            for (; bits !== 0; bits &= bits - 1) ones++;
            packedSum += ones * 2 ** (q % plan.shape.cellBits);
          }
        }
      }
      const codes = words.subarray(layer.codesByte / 4, layer.noiseByte / 4);
      expect(codes.reduce((n, x) => n + x, 0)).toBe(packedSum);
    }), { numRuns: 60 });
    expect(served).toBeGreaterThan(20);
  });

  test('serves 1-bit DACs without flips, c2c, a level-0 current or a gain error; the packed path serves the rest', () => {
    const c = fc.sample(caseArb, { numRuns: 1, seed: 3 })[0];
    const { layout, params } = layoutOf({ ...c, p: { ...c.p, adcDeficit: 4 } });
    const read = (a: Partial<AnalogParams>) => readEffects({ ...DEFAULT_ANALOG, ...a }, 2 ** params.cellBits - 1);
    expect(rowShapeFor(layout, params, read({}))?.noise).toBeDefined();
    expect(rowShapeFor(layout, params, read({ c2cSigma: 0.05 }))).toBeUndefined();
    expect(rowShapeFor(layout, params, read({ onOffRatio: 30 }))).toBeUndefined();
    expect(rowShapeFor(layout, params, read({ adcGainError: 0.01 }))).toBeUndefined();
    expect(rowShapeFor({ ...layout }, { ...params, flip: true }, read({}))).toBeUndefined();
    expect(rowShapeFor(layout, { ...params, dacBits: 2 }, read({}))).toBeUndefined();
  });
});
