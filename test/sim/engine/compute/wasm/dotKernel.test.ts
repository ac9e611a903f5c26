// The WebAssembly SIMD exact kernel and its TypeScript twin give the same int32 accumulators on any
// layout: hand-made ones with odd lengths, sub-ranges and extreme values, and the layouts the engine
// builds for grouped and kernel-split convolutions; a simulated network is bit-exact either way.
import { afterEach, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import type { Block, CrossbarLayout } from '../../../../../sim/engine/layout.js';
import { buildLayout } from '../../../../../sim/engine/layout.js';
import { accumulateExact, defaultExactKernel, layoutScratch, type ExactKernel } from '../../../../../sim/engine/compute/exact.js';
import { WasmDotKernel, wasmDotAvailable } from '../../../../../sim/engine/compute/wasm/dotKernel.js';
import { partitionWeights } from '../../../../../hw/mapping/partition.js';
import { testConv } from '../convFixture.js';
import { run } from '../../helpers.js';

interface Case {
  layout: CrossbarLayout;
  window: Int32Array;
  zx: number;
  acc: Int32Array;
}

function accumulateWith(kernel: ExactKernel, c: Case): Int32Array {
  const acc = c.acc.slice();
  const scratch = layoutScratch(c.layout, kernel);
  accumulateExact(c.layout, c.window, c.zx, acc, scratch);
  // A second pixel through the same scratch: the kernel keeps no state between pixels.
  const again = c.acc.slice();
  accumulateExact(c.layout, c.window, c.zx, again, scratch);
  expect(again).toEqual(acc);
  return acc;
}

const int8 = fc.oneof(fc.integer({ min: -128, max: 127 }), fc.constantFrom(-128, 127));
/** Weights as the layout holds them (code - zero point), the int16 extremes, or beyond int16 (wasm falls back). */
const weightRange = fc.constantFrom<[number, number]>([-255, 255], [-32768, 32767], [-70000, 70000]);

/** A hand-made layout: blocks on random sets, rows and columns, with arbitrary [lo, hi) per column. */
const layoutCase: fc.Arbitrary<Case> = fc
  .record({
    patchLength: fc.integer({ min: 1, max: 300 }),
    outChannels: fc.integer({ min: 1, max: 12 }),
    setLengths: fc.array(fc.integer({ min: 1, max: 150 }), { minLength: 1, maxLength: 3 }),
    blocks: fc.integer({ min: 0, max: 5 }),
    weights: weightRange,
    seed: fc.integer(),
  })
  .chain((p) => fc.record({
    setRows: fc.tuple(...p.setLengths.map((n) => fc.array(fc.integer({ min: 0, max: p.patchLength - 1 }), { minLength: n, maxLength: n }))),
    blocks: fc.array(
      fc.record({ set: fc.nat(p.setLengths.length - 1), a: fc.nat(), b: fc.nat(), columns: fc.integer({ min: 1, max: 9 }) }).chain((q) => {
        const len = p.setLengths[q.set];
        const r0 = q.a % len;
        const rows = 1 + (q.b % (len - r0));
        const range = fc.tuple(fc.nat(rows), fc.nat(rows)).map(([x, y]) => (x <= y ? [x, y] : [y, y]));
        // Most columns of a real block share one row range; mix shared and arbitrary ones.
        const shared = fc.constant<[number, number]>([0, rows]);
        return fc.record({
          set: fc.constant(q.set), r0: fc.constant(r0), rows: fc.constant(rows),
          outChannels: fc.array(fc.nat(p.outChannels - 1), { minLength: q.columns, maxLength: q.columns }),
          ranges: fc.array(fc.oneof(shared, range), { minLength: q.columns, maxLength: q.columns }),
          weights: fc.array(
            fc.oneof(fc.integer({ min: p.weights[0], max: p.weights[1] }), fc.constantFrom(...p.weights)),
            { minLength: q.columns * rows, maxLength: q.columns * rows },
          ),
        });
      }),
      { minLength: p.blocks, maxLength: p.blocks },
    ),
    window: fc.array(int8, { minLength: p.patchLength, maxLength: p.patchLength }),
    zx: fc.oneof(int8, fc.integer({ min: -40000, max: 40000 })),
    acc: fc.array(
      fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(-(2 ** 31), 2 ** 31 - 1)),
      { minLength: p.outChannels, maxLength: p.outChannels },
    ),
    outChannels: fc.constant(p.outChannels),
    patchLength: fc.constant(p.patchLength),
  }))
  .map((r) => {
    const blocks: Block[] = r.blocks.map((b) => ({
      set: b.set, r0: b.r0, r1: b.r0 + b.rows, rows: b.rows,
      outChannels: Int32Array.from(b.outChannels),
      lo: Int32Array.from(b.ranges.map((x) => x[0])), hi: Int32Array.from(b.ranges.map((x) => x[1])),
      weights: Int32Array.from(b.weights), codes: new Int8Array(b.weights.length), usedCols: b.outChannels.length, readsPerPlane: 1,
    }));
    const layout: CrossbarLayout = {
      setRows: r.setRows.map((s) => Int32Array.from(s)), blocks, patchLength: r.patchLength, outChannels: r.outChannels,
      weightZero: new Int32Array(r.outChannels),
    };
    return { layout, window: Int32Array.from(r.window), zx: r.zx, acc: Int32Array.from(r.acc) };
  });

describe.runIf(wasmDotAvailable())('WebAssembly SIMD exact kernel', () => {
  test('agrees with the TypeScript twin on random layouts, windows, zero points and weights', () => {
    fc.assert(fc.property(layoutCase, (c) => {
      expect(accumulateWith('wasm', c)).toEqual(accumulateWith('ts', c));
    }), { numRuns: 300 });
  });

  test('blocks with weights beyond int16 fall back to the twin, the others stay in wasm', () => {
    const block = (w: number): Block => ({
      set: 0, r0: 0, r1: 3, rows: 3, outChannels: Int32Array.of(0), lo: Int32Array.of(0), hi: Int32Array.of(3),
      weights: Int32Array.of(w, -w, w), codes: new Int8Array(3), usedCols: 1, readsPerPlane: 1,
    });
    const layout: CrossbarLayout = {
      setRows: [Int32Array.of(0, 1, 2)], blocks: [block(40000), block(-255)], patchLength: 3, outChannels: 1, weightZero: new Int32Array(1),
    };
    expect(new WasmDotKernel(layout).fallbackBlocks).toEqual([layout.blocks[0]]);
    const c = { layout, window: Int32Array.of(127, -128, 5), zx: -128, acc: Int32Array.of(7) };
    const expected = 7 + 40000 * (255 - 0 + 133) + -255 * (255 - 0 + 133);
    expect(accumulateWith('wasm', c)[0]).toBe(expected);
    expect(accumulateWith('ts', c)[0]).toBe(expected);
  });

  test('int32 sums wrap in both kernels alike', () => {
    // 4096 rows of (-32768) x (-32768) = 2^42: far past int32, so only modular sums can agree.
    const rows = 4096;
    const layout: CrossbarLayout = {
      setRows: [new Int32Array(rows)], patchLength: 1, outChannels: 1, weightZero: new Int32Array(1),
      blocks: [{
        set: 0, r0: 0, r1: rows, rows, outChannels: Int32Array.of(0), lo: Int32Array.of(0), hi: Int32Array.of(rows),
        weights: new Int32Array(rows).fill(-32768), codes: new Int8Array(rows), usedCols: 1, readsPerPlane: 1,
      }],
    };
    const c = { layout, window: Int32Array.of(-128), zx: 32640, acc: Int32Array.of(2 ** 31 - 1) };
    expect(accumulateWith('wasm', c)).toEqual(accumulateWith('ts', c));
    expect(accumulateWith('wasm', c)[0]).toBe((2 ** 31 - 1 + 2 ** 42) | 0);
  });
});

/** A grouped conv with int8 codes and per-channel zero points, as the zoo makes them. */
const convCase = fc
  .record({
    groups: fc.constantFrom(1, 2, 3, 6),
    icPerGroup: fc.integer({ min: 1, max: 7 }),
    ocPerGroup: fc.integer({ min: 1, max: 9 }),
    k: fc.constantFrom(1, 3),
    scheme: fc.constantFrom('im2col' as const, 'kernel-split' as const),
    crossbarRows: fc.integer({ min: 8, max: 40 }),
    crossbarCols: fc.integer({ min: 4, max: 40 }),
  })
  .chain((p) => {
    const inC = p.groups * p.icPerGroup;
    const outC = p.groups * p.ocPerGroup;
    const taps = p.k * p.k;
    return fc.record({
      p: fc.constant(p),
      weights: fc.array(int8, { minLength: outC * p.icPerGroup * taps, maxLength: outC * p.icPerGroup * taps }),
      zeroPoints: fc.array(int8, { minLength: outC, maxLength: outC }),
      window: fc.array(int8, { minLength: inC * taps, maxLength: inC * taps }),
      zx: int8,
    });
  });

describe('layouts the engine builds', () => {
  test('both kernels equal the grouped-conv dot product, for im2col and kernel-split partitions', () => {
    fc.assert(fc.property(convCase, ({ p, weights, zeroPoints, window, zx }) => {
      const inC = p.groups * p.icPerGroup;
      const outC = p.groups * p.ocPerGroup;
      const layer = testConv(p, weights, zeroPoints);
      const geometry = { rows: p.crossbarRows, cols: p.crossbarCols, activeRows: p.crossbarRows, columnsPerWeight: 4 };
      const partition = partitionWeights({ inChannels: inC, outChannels: outC, kernel: [p.k, p.k], groups: p.groups }, p.scheme, geometry);
      const layout = buildLayout(layer, inC, partition, geometry);
      const tapsPerGroup = p.icPerGroup * p.k * p.k;
      const expected = new Int32Array(outC).map((_, oc) => {
        const g = Math.floor(oc / p.ocPerGroup);
        let sum = 0;
        for (let t = 0; t < tapsPerGroup; t++) sum += (weights[oc * tapsPerGroup + t] - zeroPoints[oc]) * (window[g * tapsPerGroup + t] - zx);
        return sum;
      });
      const c = { layout, window: Int32Array.from(window), zx, acc: new Int32Array(outC) };
      expect(accumulateWith('ts', c)).toEqual(expected);
      if (wasmDotAvailable()) expect(accumulateWith('wasm', c)).toEqual(expected);
    }), { numRuns: 150 });
  });
});

describe('kernel choice', () => {
  const saved = process.env.OHMFLOW_KERNEL;
  afterEach(() => {
    if (saved === undefined) delete process.env.OHMFLOW_KERNEL;
    else process.env.OHMFLOW_KERNEL = saved;
  });

  test('wasm by default where SIMD validates (Node 20 has it), so the engine tests run it; OHMFLOW_KERNEL forces one', () => {
    expect(wasmDotAvailable()).toBe(true);
    expect(defaultExactKernel({})).toBe('wasm');
    expect(defaultExactKernel({ OHMFLOW_KERNEL: 'auto' })).toBe('wasm');
    expect(defaultExactKernel({ OHMFLOW_KERNEL: 'ts' })).toBe('ts');
    expect(defaultExactKernel({ OHMFLOW_KERNEL: 'wasm' })).toBe('wasm');
    expect(() => defaultExactKernel({ OHMFLOW_KERNEL: 'simd' })).toThrow(/OHMFLOW_KERNEL/);
  });

  test('a network simulated with either kernel is bit-exact with the reference, with the same events and times', () => {
    delete process.env.OHMFLOW_KERNEL;
    const wasm = run('lenet5', { images: 2, map: { mapping: 'kernel-split' } });
    process.env.OHMFLOW_KERNEL = 'ts';
    const ts = run('lenet5', { images: 2, map: { mapping: 'kernel-split' } });
    expect(wasm.compared).toBeGreaterThan(0);
    expect(wasm.mismatches).toBe(0);
    expect(ts.mismatches).toBe(0);
    expect(wasm.result.outputs).toEqual(ts.result.outputs);
    expect(wasm.result.events).toBe(ts.result.events);
    expect(wasm.result.imageEndPs).toEqual(ts.result.imageEndPs);
  });
});
