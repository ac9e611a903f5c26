// The row kernel's batch call (rowBatch.ts, the row module's batch loop) computes, per image, what
// a copy's one-image path (RowAnalogCrossbar.accumulateTaps, then workloads/quant's requantize)
// computes: windows gathered in the module (padding taps too), the partial sums and digital
// corrections, the requantization in int64 (ties to even at shifts of 1 to 32, mantissas up to
// 2^31 - 1, clamps), across pixels and repeated windows. The oracle is an identically programmed
// copy on the one-image path, each image's noise stream advanced as the functional chip does.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { buildLayout } from '../../../../sim/engine/layout.js';
import type { BitSerialParams } from '../../../../sim/engine/compute/bitSerial.js';
import { PackedArena } from '../../../../sim/engine/compute/packedAdc.js';
import { RowAnalogCrossbar, rowShapeFor } from '../../../../sim/engine/compute/analogRows.js';
import { rowLayer } from '../../../../sim/engine/compute/analogRowLayer.js';
import { RowBatch } from '../../../../sim/engine/compute/rowBatch.js';
import { DEFAULT_ANALOG, NormalStream } from '../../../../sim/engine/compute/analog.js';
import { cellProgrammer, readEffects } from '../../../../sim/engine/compute/device.js';
import { ReadNoise } from '../../../../sim/engine/compute/readNoise.js';
import { Random } from '../../../../sim/kernel/index.js';
import { losslessAdcBits } from '../../../../hw/arch/lossless.js';
import { partitionWeights } from '../../../../hw/mapping/partition.js';
import { makeRequantizer, requantize } from '../../../../workloads/quant/index.js';
import { testConv } from './convFixture.js';

const int8 = fc.integer({ min: -128, max: 127 });

const caseArb = fc
  .record({
    inC: fc.integer({ min: 1, max: 40 }),
    outC: fc.integer({ min: 1, max: 6 }),
    cellBits: fc.constantFrom(1, 2, 4),
    encoding: fc.constantFrom('offset' as const, 'differential' as const),
    adcDeficit: fc.integer({ min: 1, max: 5 }),
    readNoiseSigma: fc.constantFrom(0, 0.1, 0.3),
    conductanceSigma: fc.constantFrom(0, 0.1),
    images: fc.integer({ min: 1, max: 9 }),
    seed: fc.integer({ min: 1, max: 10_000 }),
    zx: int8,
  })
  .chain((p) => fc.record({
    p: fc.constant(p),
    weights: fc.array(int8, { minLength: p.outC * p.inC, maxLength: p.outC * p.inC }),
    zeroPoints: fc.array(int8, { minLength: p.outC, maxLength: p.outC }),
    // Per channel: an odd mantissa over 2^shift (small shifts make ties common), or a multiplier
    // just below 1 (a mantissa near 2^24, float32's); the bias (large ones clamp); ReLU or not.
    channels: fc.array(fc.record({
      mantissa: fc.oneof(fc.integer({ min: 0, max: 8 }).map((k) => 2 * k + 1), fc.integer({ min: 0, max: 2 ** 19 }).map((k) => 2 * k + 1)),
      shift: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 32 })),
      nearOne: fc.boolean(),
      // A multiplier above 1 (a shift of 0 or less): the module leaves the layer's accumulators
      // as int32 words.
      above: fc.integer({ min: 0, max: 9 }).map((k) => k === 0),
      bias: fc.oneof(fc.integer({ min: -300, max: 300 }), fc.integer({ min: -(2 ** 30), max: 2 ** 30 })),
      zeroPoint: int8,
      relu: fc.boolean(),
    }), { minLength: p.outC, maxLength: p.outC }),
    // Inputs of 2 x inC values; per pixel, taps into them (-1: padding).
    inputs: fc.array(fc.array(int8, { minLength: 2 * p.inC, maxLength: 2 * p.inC }), { minLength: p.images, maxLength: p.images }),
    taps: fc.array(fc.array(fc.integer({ min: -1, max: 2 * p.inC - 1 }), { minLength: p.inC, maxLength: p.inC }), { minLength: 1, maxLength: 3 }),
    repeat: fc.boolean(),
    // Weights at their zero points: small accumulators, which land on the requantizers' ties
    // instead of clamping.
    flat: fc.boolean(),
  }));

describe('row kernel batch call', () => {
  test('equals the one-image path and requantize, image by image, bit for bit', () => {
    let served = 0;
    let inModule = 0;
    fc.assert(fc.property(caseArb, ({ p, weights: drawn, zeroPoints, channels, inputs, taps, repeat, flat }) => {
      const weights = flat ? drawn.map((_, i) => zeroPoints[Math.floor(i / p.inC)]) : drawn;
      const rows = 64;
      const columnsPerWeight = Math.ceil(8 / p.cellBits) * (p.encoding === 'differential' ? 2 : 1);
      const geometry = { rows, cols: 64, activeRows: rows, columnsPerWeight };
      const conv = testConv({ groups: 1, icPerGroup: p.inC, ocPerGroup: p.outC, k: 1 }, weights, zeroPoints);
      const partition = partitionWeights({ inChannels: p.inC, outChannels: p.outC, kernel: [1, 1], groups: 1 }, 'im2col', geometry);
      const layout = buildLayout(conv, p.inC, partition, geometry);
      const requiredBits = losslessAdcBits(rows, p.cellBits, 1, false);
      const params: BitSerialParams = {
        weightBits: 8, inputBits: 8, cellBits: p.cellBits, dacBits: 1, activeRows: rows,
        adcBits: Math.max(1, requiredBits - p.adcDeficit), requiredBits, encoding: p.encoding, flip: false,
      };
      const a = { ...DEFAULT_ANALOG, conductanceSigma: p.conductanceSigma, readNoiseSigma: p.readNoiseSigma, seed: p.seed };
      const maxLevel = 2 ** p.cellBits - 1;
      const read = readEffects(a, maxLevel);
      const shape = rowShapeFor(layout, params, read);
      if (shape === undefined) return;
      served++;
      const layer = rowLayer(layout, params, shape);
      const multiplier = (c: (typeof channels)[number]) =>
        (c.above ? 3 : c.nearOne ? 1 - c.mantissa * 2 ** -24 : c.mantissa * 2 ** -Math.max(c.shift, Math.ceil(Math.log2(c.mantissa + 1))));
      const requantizers = channels.map((c) => makeRequantizer(multiplier(c), c.zeroPoint, c.relu));
      const bias = Int32Array.from(channels, (c) => c.bias);
      const xs = inputs.map((x) => Int8Array.from(x));
      if (repeat) xs.push(xs[xs.length - 1], xs[0], xs[0]);
      const keys = xs.map((_, b) => 1000 + 7 * b);
      const batch = new RowBatch(layer, { inputLength: 2 * p.inC, pixels: taps.length, outChannels: p.outC, bias, zx: p.zx, requantizers });
      if (batch.requantized) inModule++;
      const copy = (arena: PackedArena) => {
        const noise = new ReadNoise(0);
        const programmer = cellProgrammer(a, maxLevel, rows, new NormalStream(new Random(p.seed)), 0, 0);
        return { noise, copy: new RowAnalogCrossbar(layer, { programmer, read, noise }, arena) };
      };
      const batched = copy(new PackedArena(1 << 20, batch.scratchBytes)).copy;
      const oracle = copy(new PackedArena(1 << 20));
      batch.start(xs, keys);
      taps.forEach((t, pixel) => {
        const pixelTaps = Int32Array.from(t);
        batch.setTaps(pixelTaps);
        const got = batched.accumulateBatch(batch, pixel);
        xs.forEach((x, b) => {
          oracle.noise.reseed(keys[b]);
          oracle.noise.take(pixel * 2 * layer.conversions);
          const acc = Int32Array.from(bias);
          oracle.copy.accumulateTaps(x, pixelTaps, p.zx, acc);
          const expected = Array.from(acc, (v, oc) => (batch.requantized ? requantize(v, requantizers[oc]) : v));
          expect(Array.from(got.subarray(b * p.outC, (b + 1) * p.outC))).toEqual(expected);
        });
      });
    }), { numRuns: 150 });
    // The property ran on the row kernel, mostly with the module requantizing, sometimes not.
    expect(served).toBeGreaterThan(50);
    expect(inModule).toBeGreaterThan(25);
    expect(inModule).toBeLessThan(served);
  }, 120_000);
});
